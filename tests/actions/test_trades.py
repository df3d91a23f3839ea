from actions.trades import ActionMetierInfo, ActionSuggestMetiers, distinct_reasons
from tests.actions.conftest import all_text, ent, make_tracker, run_action, slot_events

YOUNG = {"situation": "lyceen", "age": "17", "lieu": "Thiers", "interets": ["manuel"], "contraintes": ["sans_permis"]}


def test_suggest_three_trades_short_with_a_reason_each():
    messages, events = run_action(ActionSuggestMetiers(), make_tracker(YOUNG, intent="ask_trade_ideas"))
    first = messages[0]["text"]
    assert len(first) <= 450
    assert first.count("\n1. ") == 1 and "\n3. " in first
    assert first.rstrip().endswith("?")
    buttons = messages[0]["buttons"]
    assert sum(b["payload"].startswith("/ask_trade_info") for b in buttons) == 3
    slots = slot_events(events)
    assert len(slots["metiers_proposes"]) == 3
    assert slots["derniere_liste"] == [f"metier:{m}" for m in slots["metiers_proposes"]]


def test_reasons_differ_from_one_trade_to_the_next():
    messages, _ = run_action(ActionSuggestMetiers(), make_tracker({"situation": "demandeur_emploi"}, intent="ask_trade_ideas"))
    reasons = [line.split(" : ", 1)[1] for line in messages[0]["text"].splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert len(reasons) == 3 and len(set(reasons)) == 3


def test_served_at_once_with_nothing_known_then_one_question():
    messages, events = run_action(ActionSuggestMetiers(), make_tracker({}, intent="ask_trade_ideas", text="trouve-moi des métiers"))
    assert "\n1. " in messages[0]["text"]
    assert [m.get("response") for m in messages[1:]] == ["utter_ask_interets"]
    assert slot_events(events)["derniere_question"] == "interets"


def test_a_question_already_asked_is_not_asked_again():
    slots = {"questions_posees": ["interets"]}
    messages, events = run_action(ActionSuggestMetiers(), make_tracker(slots, intent="ask_trade_ideas"))
    assert [m.get("response") for m in messages[1:]] == ["utter_ask_contraintes"]


def test_reconversion_feminine_labels():
    slots = {"situation": "salarie", "age": "45", "lieu": "Mulhouse", "interets": ["machines"], "contraintes": ["aucune"], "genre": "femme"}
    messages, events = run_action(ActionSuggestMetiers(), make_tracker(slots, intent="ask_trade_ideas"))
    text = all_text(messages)
    from actions.kb import get_knowledge
    kb = get_knowledge()
    proposed = [kb.metiers[m] for m in slot_events(events)["metiers_proposes"]]
    # each trade is named in the feminine form of its sheet, and the masculine one is not used alone
    assert all(m.label_f.lower() in text.lower() for m in proposed)
    assert any(m.label_f != m.label_m for m in proposed)


def test_other_ideas_exclude_previous_ones():
    slots = dict(YOUNG, metiers_proposes=["soudeur", "chaudronnier", "metallier"])
    _, events = run_action(ActionSuggestMetiers(), make_tracker(slots, intent="ask_trade_ideas", text="d'autres idées ?"))
    new = slot_events(events)["metiers_proposes"][3:]
    assert len(new) == 3 and not {"soudeur", "chaudronnier", "metallier"} & set(new)


def test_trade_sheet_from_entity_synonym():
    messages, events = run_action(ActionMetierInfo(), make_tracker({}, "ask_trade_info", [ent("metier", "soudure")], "c'est quoi la soudure"))
    text = all_text(messages)
    assert "Accès" in text and len(messages[0]["text"]) <= 450
    assert slot_events(events)["metier"] == "soudeur"
    assert slot_events(events)["sujet"] == "metier:soudeur"


def test_first_of_the_list_resolves_against_the_last_list():
    slots = {"derniere_liste": ["metier:cariste", "metier:soudeur"], "sujet": "metier:soudeur"}
    _, events = run_action(ActionMetierInfo(), make_tracker(slots, "ask_trade_info", [ent("rang", "1")], "dis m'en plus sur le premier"))
    assert slot_events(events)["metier"] == "cariste"


def test_pay_follow_up_on_a_scheme_goes_to_the_scheme_action():
    slots = {"sujet": "dispositif:pmsmp"}
    _, events = run_action(ActionMetierInfo(), make_tracker(slots, "ask_trade_pay", [ent("aspect", "salaire")], "c'est payé ?"))
    assert events == [{"event": "followup", "timestamp": None, "name": "action_expliquer_dispositif"}]


def test_pay_question_never_invents_a_figure():
    text = all_text(run_action(ActionMetierInfo(), make_tracker({}, "ask_trade_pay", [ent("metier", "chaudronnier")], "combien gagne un chaudronnier"))[0])
    assert "13 %" in text and "€" not in text


def test_training_uses_context_trade_and_persona():
    text = all_text(run_action(ActionMetierInfo(), make_tracker(dict(YOUNG, sujet="metier:soudeur"), "ask_trade_training", [], "et pour s'y former ?"))[0])
    assert "soudeu" in text and "apprentissage" in text


def test_unknown_trade_is_said_and_choices_offered():
    messages, _ = run_action(ActionMetierInfo(), make_tracker({}, "ask_trade_info", [ent("metier", "astronaute")], "astronaute"))
    assert "astronaute" in all_text(messages) and messages[0]["buttons"]


def test_conditions_warn_about_constraints():
    slots = {"contraintes": ["pas_de_nuit"]}
    text = all_text(run_action(ActionMetierInfo(), make_tracker(slots, "ask_trade_conditions", [ent("metier", "conducteur de ligne")], ""))[0])
    assert "Horaires" in text


def test_distinct_reasons_fall_back_to_trade_facts():
    from actions.kb import get_knowledge
    from actions.kb.profile import Profile
    kb = get_knowledge()
    recs = kb.recommend(Profile(), n=3)
    reasons = distinct_reasons(kb, recs)
    assert len(set(reasons)) == 3


def test_two_trades_compared_are_shown_side_by_side():
    tracker = make_tracker({}, "ask_trade_info", [ent("metier", "soudeur"), ent("metier", "chaudronnier")],
                           "c quoi la difference entre soudeur et chaudronnier")
    messages, events = run_action(ActionMetierInfo(), tracker)
    text = messages[0]["text"]
    assert "Soudeur" in text and "Chaudronnier" in text
    assert [b["title"] for b in messages[0]["buttons"]][:2] == ["Soudeur", "Chaudronnier"]
    # two trades named without comparing them: the sheet of one, as before
    tracker = make_tracker({}, "ask_trade_info", [ent("metier", "soudeur"), ent("metier", "chaudronnier")],
                           "soudeur et chaudronnier ça paye bien ?")
    messages, _ = run_action(ActionMetierInfo(), tracker)
    assert "côte à côte" not in messages[0]["text"]


def test_a_bare_request_for_ideas_is_never_taken_by_a_frequent_question():
    from actions.trades import BARE_IDEAS_RE
    for text in ("des idées ?", "quelles pistes ?", "d'autres idées", "des propositions svp"):
        assert BARE_IDEAS_RE.match(text), text
    assert not BARE_IDEAS_RE.match("des idées pour garder mes enfants le soir ?")


def test_trying_a_trade_is_the_immersion():
    from rasa_sdk.events import FollowupAction
    _, events = run_action(ActionSuggestMetiers(), make_tracker({}, "ask_trade_ideas", [], "ok je veux tester un metier"))
    assert FollowupAction("action_expliquer_dispositif") in events
    assert {"event": "slot", "timestamp": None, "name": "dispositif", "value": "pmsmp"} in events


def test_schemes_for_the_person_are_the_overview_whatever_the_intent():
    from rasa_sdk.events import FollowupAction
    from actions.schemes import ActionExpliquerDispositif
    for action, intent in ((ActionSuggestMetiers(), "ask_trade_ideas"), (ActionExpliquerDispositif(), "ask_scheme")):
        _, events = run_action(action, make_tracker({"age": "35"}, intent, [], "quels dispositifs pour moi ?"))
        assert FollowupAction("action_verifier_eligibilite") in events, action.name()


def test_a_stereotype_said_with_the_request_is_answered_before_the_list():
    text = "c'est quoi les métiers pour moi ? on m'a dit que l'usine c'était pour les hommes"
    messages, _ = run_action(ActionSuggestMetiers(), make_tracker({"genre": "femme"}, intent="ask_trade_ideas", text=text))
    assert messages[0]["text"].startswith("Non, c'est un préjugé")
    assert "\n1. " in messages[1]["text"]
    plain, _ = run_action(ActionSuggestMetiers(), make_tracker({}, intent="ask_trade_ideas", text="des idées de métiers ?"))
    assert "préjugé" not in all_text(plain)


def test_a_parent_asking_for_a_child_is_told_of_the_child():
    slots = {"proche": "enfant", "age": "16", "interets": ["informatique"]}
    messages, _ = run_action(ActionSuggestMetiers(), make_tracker(slots, intent="ask_trade_ideas",
                                                                  text="qu'est-ce que vous lui conseillez ?"))
    assert messages[0]["text"].startswith("Pour votre enfant qui aime l'informatique")
    assert "vous qui aimez" not in messages[0]["text"]


def test_advice_asked_for_a_child_is_a_request_for_trades():
    from actions.context import requested_action
    assert requested_action("qu'est-ce que vous lui conseillez ?") == "action_suggest_metiers"
    assert requested_action("que me conseillez-vous ?") == "action_suggest_metiers"
    assert requested_action("qu'est-ce que vous me conseillez comme formation pour le CACES ?") is None


def test_a_sector_asked_about_as_a_place_to_work_gets_its_trades():
    from actions.context import rescue
    from actions.kb import get_knowledge
    tracker = make_tracker({}, intent="nlu_fallback", entities=[ent("filiere", "aeronautique")],
                           text="et l'aéronautique ça recrute ?")
    assert rescue(get_knowledge(), tracker) == "action_suggest_metiers"
    messages, _ = run_action(ActionSuggestMetiers(), tracker)
    text = messages[0]["text"]
    listed = [m for m in get_knowledge().metiers.values()
              if m.label_m.lower() in text.lower() or m.label_f.lower() in text.lower()]
    assert listed and all("aeronautique" in m.filieres for m in listed), text


def test_a_long_list_keeps_its_three_lines_and_their_buttons():
    slots = {"situation": "salarie", "age": "29", "lieu": "Toulouse", "contraintes": ["pas_de_nuit"]}
    tracker = make_tracker(slots, intent="ask_trade_ideas", entities=[ent("filiere", "aeronautique")],
                           text="et l'aéronautique ça recrute ?")
    messages, _ = run_action(ActionSuggestMetiers(), tracker)
    text = messages[0]["text"]
    assert "\n1. " in text and "\n2. " in text and "\n3. " in text, text
    assert sum(b["payload"].startswith("/ask_trade_info") for b in messages[0]["buttons"]) == 3


def test_a_working_conditions_question_after_a_scheme_is_not_answered_by_the_scheme_again():
    """Live test, 2026-12-04: after the POEI's sheet, "jai mal au dos, faut porter lourd dans l'industrie ?"
    showed the POEI's sheet again; its frequent question answers it."""
    from actions.trades import ActionMetierInfo
    tracker = make_tracker({"sujet": "dispositif:poei", "dispositif": "poei"}, "ask_trade_conditions",
                           [], "jai mal au dos, faut porter lourd dans l'industrie ?")
    tracker.latest_message["response_selector"] = {"faq": {"response": {"utter_action": "utter_faq/mal_au_dos",
                                                                         "confidence": 0.385}}}
    messages, events = run_action(ActionMetierInfo(), tracker)
    assert [m.get("response") for m in messages if m.get("response")][:1] == ["utter_faq/mal_au_dos"], messages
    assert not any(e.get("event") == "followup" for e in events)


def test_the_list_says_what_the_sheets_say_of_the_person_s_constraints(kb):
    """Live conversation (2026-12-04, r05): the person said no nights and no loads; the list said nothing of
    it. When no trade shown clashes, the list says what their sheets do not indicate; a clash has its caution."""
    from actions.kb.profile import Profile
    from actions.trades import constraints_respected, diverse, suggestion_text

    # (a list of three long names leaves no room for the note: it is dropped before the reasons are)
    profile = Profile(contraintes=("sans_permis",), interets=("electricite",))
    recs = diverse(kb.recommend(profile, n=12))
    assert not any(r.cautions for r in recs)
    assert constraints_respected(recs, profile) == "D'après leurs fiches, pas de déplacements."
    assert suggestion_text(kb, recs, profile).splitlines()[-2] == "D'après leurs fiches, pas de déplacements."
    assert all("deplacements" not in r.metier.conditions for r in recs)
    night = Profile(contraintes=("pas_de_nuit", "pas_de_charges"))
    recs = diverse(kb.recommend(night, n=12))
    said = constraints_respected(recs, night)
    assert said.startswith("D'après leurs fiches : ni ") and all(
        f"ni {c}" in said for c in ("travail posté", "horaires décalés", "astreintes", "port de charges"))
    assert all(not set(r.metier.conditions) & {"travail_poste", "horaires_decales", "astreintes", "port_de_charges"} for r in recs)
    assert constraints_respected(recs, Profile()) == ""


def test_trade_names_are_elided_after_de():
    """Live recap (2026-12-04): "Tester le métier de automaticien / automaticienne"."""
    from actions.render import de
    assert de("automaticien / automaticienne") == "d'automaticien / automaticienne"
    assert de("électricien de maintenance") == "d'électricien de maintenance"
    assert de("soudeur / soudeuse") == "de soudeur / soudeuse"
