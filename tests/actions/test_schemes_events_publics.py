from actions.evenements import ActionEvenements
from actions.fallback import ActionFallback
from actions.handoff import ActionOrienterConseiller
from actions.publics import ActionFemmesIndustrie, ActionHandicap, ActionMobilite
from actions.recap import ActionRecap
from actions.schemes import ActionExpliquerDispositif, ActionVerifierEligibilite
from tests.actions.conftest import all_text, ent, make_tracker, run_action, slot_events


def test_explain_pmsmp_with_seed_facts():
    messages, events = run_action(ActionExpliquerDispositif(), make_tracker({}, "ask_scheme", [ent("dispositif", "immersion")], "c'est quoi une immersion"))
    text = all_text(messages)
    assert "1 mois" in text and "statut" in text.lower() and "Source" in text
    assert len(messages[0]["text"]) <= 450
    assert slot_events(events)["dispositif"] == "pmsmp" and slot_events(events)["sujet"] == "dispositif:pmsmp"
    asked = {b["title"] for b in messages[0]["buttons"]}
    assert {"Pour qui ?", "Comment démarrer", "Est-ce que j'y ai droit ?"} <= asked


def test_details_on_demand_and_follow_up_on_the_subject():
    slots = {"sujet": "dispositif:pmsmp"}
    text = all_text(run_action(ActionExpliquerDispositif(), make_tracker(slots, "ask_how_to_start", [ent("aspect", "demarrer")], "comment je commence ?"))[0])
    assert "démarrer" in text and "France Travail" in text


def test_sources_shown_are_official_or_institutional():
    from actions.kb import get_knowledge
    from actions.kb.sources import shown_ids
    kb = get_knowledge()
    for d in kb.dispositifs.values():
        for sid in shown_ids(kb, d.source):
            assert kb.sources[sid].nature in ("officiel", "institutionnel"), (d.id, sid)


def test_eligibility_names_the_missing_condition():
    slots = {"age": "35", "situation": "salarie"}
    text = all_text(run_action(ActionVerifierEligibilite(), make_tracker(slots, "check_eligibility", [ent("dispositif", "apprentissage")], ""))[0])
    assert "condition n'est pas remplie" in text and "29" in text


def test_eligibility_unknown_asks_for_the_field():
    text = all_text(run_action(ActionVerifierEligibilite(), make_tracker({}, "check_eligibility", [ent("dispositif", "poei")], ""))[0])
    assert "dites-moi" in text and "France Travail" in text


def test_replaced_scheme_points_to_replacement():
    text = all_text(run_action(ActionExpliquerDispositif(), make_tracker({}, "ask_scheme", [ent("dispositif", "transco")], "la transco"))[0])
    assert "n'existe plus" in text and "reconversion" in text


def test_scheme_overview_depends_on_persona_and_shows_three_at_most():
    young_msgs = run_action(ActionVerifierEligibilite(), make_tracker({"age": "17", "situation": "lyceen"}, "check_eligibility"))[0]
    adult = all_text(run_action(ActionVerifierEligibilite(), make_tracker({"age": "45", "situation": "salarie"}, "check_eligibility"))[0])
    assert "pprentissage" in all_text(young_msgs) and "reconversion" in adult.lower()
    assert young_msgs[0]["text"].count("• ") <= 3


def test_a_dropout_is_not_offered_a_scheme_for_lycee_pupils():
    msgs = run_action(ActionVerifierEligibilite(), make_tracker({"age": "19", "situation": "decrocheur"}, "check_eligibility"))[0]
    assert "Avenir Pro" not in all_text(msgs)


def test_events_near_a_place_with_past_editions_labelled():
    messages, events = run_action(ActionEvenements(), make_tracker({}, "ask_events", [ent("lieu", "Belfort")], "des visites à Belfort"))
    text = all_text(messages)
    assert "Belfort" in text and "km" in text
    assert "2024" in text
    assert slot_events(events)["evenements_proposes"]


def test_events_in_november_2024_window(monkeypatch):
    monkeypatch.setenv("CAP_TODAY", "2024-11-01")
    text = all_text(run_action(ActionEvenements(), make_tracker({}, "ask_events", [ent("lieu", "Belfort"), ent("mois", "novembre")], ""))[0])
    assert "en novembre 2024" in text and "Belfort (0 km)" in text


def messages_response(messages):
    return [m.get("response") for m in messages]


def test_events_without_place_asks_for_it():
    assert messages_response(run_action(ActionEvenements(), make_tracker({}, "ask_events", [], "des forums ?"))[0]) == ["utter_ask_lieu_evenements"]


def test_a_kind_of_event_asked_without_place_is_explained_before_the_town_is_asked():
    messages = run_action(ActionEvenements(), make_tracker({}, "ask_events", [], "y a des job datings ? comment j'y participe"))[0]
    assert messages_response(messages)[-1] == "utter_ask_lieu_evenements"
    assert "France Travail" in all_text(messages)
    messages = run_action(ActionEvenements(), make_tracker({}, "ask_events", [], "je voudrais visiter une usine"))[0]
    assert messages_response(messages)[-1] == "utter_ask_lieu_evenements"
    assert "immersion" in all_text(messages)


def test_territory_is_mentioned(monkeypatch):
    text = all_text(run_action(ActionEvenements(), make_tracker({"lieu": "Thiers"}, "ask_events", [], ""))[0])
    assert "Territoire d'industrie" in text


def test_women_answer_is_factual_and_sourced():
    text = all_text(run_action(ActionFemmesIndustrie(), make_tracker({}, "women_in_industry", [ent("metier", "soudeur")], "c'est pas un métier pour une fille"))[0])
    assert "soudeuse" in text and "30 %" in text and "source" in text.lower()


def test_disability_sets_constraint_and_rqth():
    _, events = run_action(ActionHandicap(), make_tracker({}, "disability", [ent("contrainte", "RQTH")], "j'ai une RQTH"))
    slots = slot_events(events)
    assert slots["rqth"] is True and "handicap" in slots["contraintes"]


def test_mobility_keeps_previous_constraints():
    _, events = run_action(ActionMobilite(), make_tracker({"contraintes": ["garde_enfants"]}, "mobility", [], "j'ai pas le permis"))
    assert slot_events(events)["contraintes"] == ["garde_enfants", "sans_permis"]


def test_a_person_who_drives_gets_no_mobility_constraint_and_a_wrong_one_is_taken_back():
    """Live turns (2026-12-04, r07): "j'ai le permis et une voiture" and the correction "non j'ai le permis !!"
    were both noted as "sans permis ni voiture"."""
    messages, events = run_action(ActionMobilite(), make_tracker(
        {"contraintes": ["pas_de_weekend", "sans_permis"]}, "mobility", [], "non j'ai le permis !! relisez"))
    assert slot_events(events)["contraintes"] == ["pas_de_weekend"]
    assert "vous avez le permis" in all_text(messages) and "sans permis" not in all_text(messages)
    _, events = run_action(ActionMobilite(), make_tracker({}, "mobility", [], "j'ai le permis et une voiture"))
    assert slot_events(events)["contraintes"] is None
    _, events = run_action(ActionMobilite(), make_tracker({}, "mobility", [], "j'ai le permis mais pas de voiture"))
    assert slot_events(events)["contraintes"] == ["sans_permis"]


def test_handoff_picks_the_right_organisation():
    cases = [({"age": "19"}, "Mission locale"), ({"age": "45", "situation": "salarie"}, "France Travail"),
             ({"age": "40", "rqth": True}, "Cap emploi")]
    for slots, expected in cases:
        text = all_text(run_action(ActionOrienterConseiller(), make_tracker(slots, "ask_human", sender="conv-42"))[0])
        assert expected in text and "conv-42" in text
        for digits in ("01 ", "02 ", "03 ", "04 ", "05 ", "06 ", "07 ", "09 "):
            assert digits not in text           # never an invented phone number


def test_recap_lists_profile_and_proposals():
    slots = {"situation": "lyceen", "age": "17", "lieu": "Thiers", "interets": ["manuel"], "metiers_proposes": ["soudeur"],
             "dispositifs_proposes": ["apprentissage"]}
    text = all_text(run_action(ActionRecap(), make_tracker(slots, "ask_recap"))[0])
    assert "17 ans" in text and "Thiers" in text and "oudeu" in text and "apprentissage" in text.lower()


def test_a_question_the_base_answers_is_no_recap_request():
    # "dit" and "profil" made this a recap request; it is a question about age discrimination
    messages, _ = run_action(ActionRecap(), make_tracker({"age": "17"}, "ask_recap", [],
                                                         "une annonce dit 'profil moins de 30 ans', c'est légal ça ?"))
    assert messages_response(messages) == ["utter_faq/discrimination_age"]
    for text in ("tu peux me faire un résumé ?", "qu'est-ce que tu as retenu sur moi ?", "récap stp",
                 "pouvez-vous récapituler ?", "qu'est-ce que tu as retenu de ma situation ?"):
        messages, _ = run_action(ActionRecap(), make_tracker({"age": "17"}, "ask_recap", [], text))
        assert "17 ans" in all_text(messages), text
    # a short recap request after a question is not read with that question
    before = [{"event": "user", "text": "comment commencer un contrat pro ?", "parse_data": {"intent": {"name": "ask_scheme"}}},
              {"event": "bot", "text": "…"},
              {"event": "user", "text": "pouvez-vous récapituler ?", "parse_data": {"intent": {"name": "ask_recap"}}}]
    tracker = make_tracker({"age": "17"}, "ask_recap", [], "pouvez-vous récapituler ?", events=before)
    # the ResponseSelector, as live, picks the question before
    tracker.latest_message["response_selector"] = {"faq": {"response": {
        "intent_response_key": "faq/contrat_pro_comment_commencer", "confidence": 0.4}}}
    messages, _ = run_action(ActionRecap(), tracker)
    assert "17 ans" in all_text(messages)


def test_fallback_two_stages_and_guard_answers():
    first = make_tracker({}, "nlu_fallback", text="blablabla")
    assert "autrement" in all_text(run_action(ActionFallback(), first)[0])
    fb = {"event": "user", "text": "xx", "parse_data": {"intent": {"name": "nlu_fallback"}}}
    second = make_tracker({}, "nlu_fallback", text="yy", events=[fb, {"event": "bot"}, dict(fb, text="yy")])
    messages, _ = run_action(ActionFallback(), second)
    assert messages[0]["buttons"] and "conseiller" in all_text(messages)
    for text, expected in (("", "vide"), ("😀😀", "mots"), ("x" * 5000, "très long"),
                           ("<script>alert(1)</script>", "texte simple"), ("hello how are you doing today", "français")):
        assert expected in all_text(run_action(ActionFallback(), make_tracker({"age": "17"}, "nlu_fallback", text=text))[0])


def test_action_errors_become_a_polite_message(monkeypatch):
    action = ActionRecap()
    monkeypatch.setattr(action, "respond", lambda *a: 1 / 0)
    messages, events = run_action(action, make_tracker({"age": "17"}, "ask_recap"))
    assert "souci technique" in all_text(messages) and events == []


def test_a_licence_question_after_a_trade_sheet_is_about_the_trade():
    from actions.publics import ActionMobilite
    messages, events = run_action(ActionMobilite(), make_tracker({"sujet": "metier:chaudronnier"}, "mobility", [],
                                                                 "et faut le permis pour ça ?"))
    text = all_text(messages)
    assert "chaudronnier" in text and "permis" in text
    assert not any(e.get("name") == "contraintes" for e in events)        # a question, not a constraint
    # a person who says they have none still gets it noted
    _, events = run_action(ActionMobilite(), make_tracker({"sujet": "metier:chaudronnier"}, "mobility", [],
                                                          "j'ai pas le permis, c'est grave ?"))
    assert any(e.get("name") == "contraintes" and "sans_permis" in e.get("value") for e in events)


def test_something_near_a_town_asked_for_events_is_an_event_search():
    tracker = make_tracker({"sujet": "dispositif:apprentissage"}, "ask_events", [ent("lieu", "Clermont-Ferrand")],
                           "y a des trucs pres de clermont ferrand ?")
    messages, events = run_action(ActionEvenements(), tracker)
    assert not any(e.get("event") == "followup" for e in events)
    assert "Clermont" in all_text(messages) and "apprentissage" not in all_text(messages).lower()


def test_a_stereotype_asked_about_is_answered_no_not_yes():
    from actions.publics import ActionFemmesIndustrie
    doubt = all_text(run_action(ActionFemmesIndustrie(), make_tracker(
        {}, "women_in_industry", [], "on m'a dit que l'industrie c'est pas pour les femmes, c'est vrai ?"))[0])
    assert doubt.startswith("Non") and "ouverte aux femmes" in doubt
    from actions.publics import DOUBT_RE
    assert not DOUBT_RE.search("une femme peut bosser en usine ?")
    assert DOUBT_RE.search("soudeur c'est un métier d'homme non ?")


def test_a_scheme_asked_for_near_a_town_says_how_to_start_there():
    from actions.schemes import ActionExpliquerDispositif
    tracker = make_tracker({"sujet": "dispositif:ecoles_production"}, "ask_scheme", [ent("lieu", "Lyon")],
                           "y en a une vers lyon ?")
    text = all_text(run_action(ActionExpliquerDispositif(), tracker)[0])
    assert "près de Lyon" in text and "Pour démarrer" in text


def test_a_territory_question_with_a_place_goes_to_the_events_action_whatever_the_intent():
    from actions.schemes import ActionVerifierEligibilite
    tracker = make_tracker({}, "check_eligibility", [ent("lieu", "Soissons")],
                           "j'habite Soissons, c'est dans un territoire d'industrie ?")
    _, events = run_action(ActionVerifierEligibilite(), tracker)
    assert {"event": "followup", "name": "action_evenements"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events]
    text = all_text(run_action(ActionEvenements(), tracker)[0])
    assert "Soissons est près du Territoire d'industrie" in text


def test_a_scheme_compared_with_the_one_before_gets_its_own_sheet():
    from actions.schemes import ActionExpliquerDispositif
    tracker = make_tracker({"sujet": "dispositif:mrs"}, "ask_scheme", [ent("dispositif", "poei")], "et une poei c pareil ?")
    tracker.latest_message["response_selector"] = {"faq": {"response": {"intent_response_key": "faq/afpr_supprimee", "confidence": 0.5}}}
    messages, _ = run_action(ActionExpliquerDispositif(), tracker)
    assert not any((m.get("response") or "").startswith("utter_faq/") for m in messages)
    assert "POEI" in all_text(messages) or "Préparation opérationnelle" in all_text(messages)


def test_visits_near_me_with_the_place_known_are_searched():
    from actions.evenements import ActionEvenements
    tracker = make_tracker({"lieu": "Roubaix", "lieu_code": "commune:59512"}, "ask_events", [],
                           "et y a des visites d'usine près de chez moi ?")
    assert ActionEvenements()._search_asked(tracker)
    assert not ActionEvenements()._search_asked(make_tracker({}, "ask_events", [], "y a des visites d'usine près de chez moi ?"))


def test_the_transition_project_is_a_scheme_with_its_sourced_facts():
    """Live conversation (2026-12-04, r03): a salaried accountant asked about the PTP and got the POEI."""
    messages, _ = run_action(ActionExpliquerDispositif(), make_tracker(
        {"situation": "salarie"}, "ask_scheme", [ent("dispositif", "ptp"), ent("aspect", "salaire")],
        "le PTP, je suis payée pendant la formation ?"))
    said = all_text(messages) + " ".join(m.get("response") or "" for m in messages)
    assert ("deux Smic" in said or "utter_faq/ptp_" in said) and "POEI" not in said, said
    messages, _ = run_action(ActionExpliquerDispositif(), make_tracker(
        {"situation": "salarie"}, "ask_scheme", [ent("dispositif", "ptp"), ent("aspect", "duree")], "PTP durée"))
    assert "positionnement" in all_text(messages) or "utter_faq/ptp_" in str(messages), messages


def test_asking_the_bots_advice_gets_trade_ideas_not_a_counsellor():
    """Live turn (2026-12-04, evening): "Que me conseillez-vous ?" (ask_human at 0.6) got the hand-off."""
    for text in ("Que me conseillez-vous ?", "qu'est-ce que vous me conseilleriez"):
        _, events = run_action(ActionOrienterConseiller(), make_tracker({"age": "41"}, "ask_human", [], text))
        assert [e["name"] for e in events if e.get("event") == "followup"] == ["action_suggest_metiers"], text
    for text in ("je veux parler à un conseiller", "je voudrais une conseillère", "j'ai besoin de parler à quelqu'un"):
        messages, events = run_action(ActionOrienterConseiller(), make_tracker({"age": "41"}, "ask_human", [], text))
        assert "conseiller" in all_text(messages) and not [e for e in events if e.get("event") == "followup"], text
