"""action_profil: say back what was understood, then one useful next step, never the same question twice."""
from actions.profil import ActionProfil
from tests.actions.conftest import all_text, make_tracker, run_action, slot_events


def turn(text, intent, slot_sets, slots=None):
    """A tracker whose latest user message set `slot_sets` (as action_validate_slot_mappings does)."""
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in slot_sets.items()]
    current = dict(slots or {}, **slot_sets)
    return make_tracker(current, intent, [], text, events=events)


def test_facts_are_said_back_and_one_new_question_follows():
    messages, events = run_action(ActionProfil(), turn("J'ai 43 ans, j'habite à Compiègne", "inform",
                                                       {"age": "43", "lieu": "Compiègne"}))
    assert "43 ans" in messages[0]["text"] and "Compiègne" in messages[0]["text"]
    asked = [m["response"] for m in messages if m.get("response")]
    assert len(asked) == 1 and asked[0] != "utter_ask_age"
    assert slot_events(events)["derniere_question"] == asked[0].removeprefix("utter_ask_")


def test_an_unanswered_question_is_not_asked_again():
    slots = {"derniere_question": "situation", "questions_posees": ["situation"]}
    messages, _ = run_action(ActionProfil(), turn("j'aime le travail précis", "inform", {"interets": ["precision"]}, slots))
    assert all(m.get("response") != "utter_ask_situation" for m in messages)


def test_interests_known_lead_to_trades():
    _, events = run_action(ActionProfil(), turn("j'aime bricoler", "inform", {"interets": ["manuel"]}))
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "action_suggest_metiers"}


def test_new_constraint_updates_trades_already_shown():
    slots = {"metiers_proposes": ["soudeur"], "interets": ["manuel"]}
    messages, events = run_action(ActionProfil(), turn("pas de nuit", "inform", {"contraintes": ["pas_de_nuit"]}, slots))
    assert "pas de travail de nuit" in all_text(messages)
    assert events[-1]["name"] == "action_suggest_metiers"


def test_place_given_serves_the_waiting_events_request():
    slots = {"demande": "action_evenements"}
    _, events = run_action(ActionProfil(), turn("Thiers", "inform", {"lieu": "Thiers"}, slots))
    assert events[-1]["name"] == "action_evenements"


def test_oui_accepts_the_offer():
    slots = {"proposition": "action_expliquer_dispositif|dispositif:pmsmp"}
    _, events = run_action(ActionProfil(), turn("oui", "affirm", {}, slots))
    assert {"event": "slot", "timestamp": None, "name": "sujet", "value": "dispositif:pmsmp"} in events
    assert events[-1]["name"] == "action_expliquer_dispositif"


def test_non_to_a_question_declines_it():
    slots = {"derniere_question": "age", "questions_posees": ["age"]}
    _, events = run_action(ActionProfil(), turn("non", "deny", {}, slots))
    assert slot_events(events)["skipped"] == ["age"]


def test_greeting_alone_greets():
    messages, _ = run_action(ActionProfil(), turn("bonjour", "greet", {}))
    assert messages[0]["response"] == "utter_greet"


def test_greeting_with_a_situation_acknowledges_it():
    messages, _ = run_action(ActionProfil(), turn("Bonjour, je suis aide-soignante depuis 15 ans", "greet",
                                                  {"situation": "salarie", "genre": "femme"}))
    assert messages[0]["text"].startswith("Bonjour") and "reconversion" in messages[0]["text"]


def test_nothing_understood_goes_to_the_fallback():
    _, events = run_action(ActionProfil(), turn("blablabla", "inform", {}))
    assert events == [{"event": "followup", "timestamp": None, "name": "action_fallback"}]


def test_a_hand_over_never_goes_back_to_an_action_of_the_same_turn():
    """action_profil -> action_evenements -> action_profil… would loop: the fallback takes over instead."""
    events = [{"event": "user", "text": "j'habite à Lille et l'industrie m'attire ?", "parse_data": {"intent": {"name": "inform"}}},
              {"event": "slot", "name": "lieu", "value": "Lille"},
              {"event": "action", "name": "action_profil"},
              {"event": "action", "name": "action_evenements"}]
    tracker = make_tracker({"lieu": "Lille"}, "inform", [], events[0]["text"], events=events)
    _, out = run_action(ActionProfil(), tracker)
    assert all(e.get("name") not in ("action_profil", "action_evenements") for e in out if e.get("event") == "followup")


def test_restart_only_when_asked_in_words():
    from actions.profil import ActionRecommencer
    asked = make_tracker({"age": "40"}, "recommencer", [], "on recommence à zéro")
    _, events = run_action(ActionRecommencer(), asked)
    assert {"event": "restart", "timestamp": None} in events
    misread = make_tracker({"age": "40"}, "recommencer", [], "l'habilitation elec faut la refaire tous les combien ?")
    _, events = run_action(ActionRecommencer(), misread)
    assert all(e.get("event") != "restart" for e in events)


def test_a_worry_about_starting_one_s_studies_again_keeps_the_profile():
    """Live turn (2026-12-04, j07): "avec mon bts com je dois tout recommencer ??" wiped the profile."""
    from actions.profil import RESTART_RE, ActionRecommencer
    for text in ("avec mon bts com je dois tout recommencer ??", "faut-il repartir à zéro avec une formation ?",
                 "je vais devoir reprendre mes études ?", "recommencer une formation à 45 ans, c'est possible ?"):
        assert not RESTART_RE.search(text), text
        _, events = run_action(ActionRecommencer(), make_tracker({"age": "22"}, "recommencer", [], text))
        assert all(e.get("event") != "restart" for e in events), text
    for text in ("on recommence", "je veux recommencer à zéro", "efface tout", "on peut tout recommencer stp", "reset"):
        assert RESTART_RE.search(text), text


def test_a_negative_statement_is_no_question():
    from actions.context import asks
    assert not asks("je peux pas faire les nuits, j'ai deux enfants")
    assert not asks("on peut pas dire que j'aime les maths")
    assert asks("je peux faire une immersion")          # "je peux …" alone still asks
    assert asks("je peux pas faire les nuits ?")          # the mark decides


def test_constraints_stated_after_suggestions_re_rank_them():
    from actions.profil import ActionProfil
    from tests.actions.conftest import ent as entity
    slots = {"situation": "salarie", "age": "43", "lieu": "Montceau-les-Mines",
             "metiers_proposes": ["operateur_usinage_cn", "electricien_maintenance", "ingenieur_procedes"],
             "contraintes": ["pas_de_nuit", "garde_enfants"], "derniere_question": "contraintes"}
    events = [{"event": "user", "text": "je peux pas faire les nuits, j'ai deux enfants", "parse_data": {}},
              {"event": "slot", "name": "contraintes", "value": ["pas_de_nuit", "garde_enfants"]}]
    tracker = make_tracker(slots, "inform", [entity("contrainte", "pas_de_nuit"), entity("contrainte", "garde_enfants")],
                           "je peux pas faire les nuits, j'ai deux enfants", events=events)
    tracker.latest_message["response_selector"] = {"faq": {"response": {        # as live: a guess about nights
        "intent_response_key": "faq/travail_nuit_contreparties", "confidence": 0.3}}}
    messages, out = run_action(ActionProfil(), tracker)
    assert not any((m.get("response") or "").startswith("utter_faq/") for m in messages)
    assert {"event": "followup", "name": "action_suggest_metiers"} in [
        {k: e.get(k) for k in ("event", "name")} for e in out if e.get("event") == "followup"]


def test_an_answer_to_the_constraints_question_is_noted_whatever_the_intent():
    # "pas le permis et pas de nuit" after "y a-t-il quelque chose dont je dois tenir compte ?" reads as
    # mobility to the classifier: the profile action notes it and updates the ideas
    from rasa_sdk.events import FollowupAction
    from actions.publics import ActionMobilite
    from tests.actions.conftest import make_tracker, run_action
    text = "par contre pas le permis et pas de nuit"
    latest = {"intent": {"name": "mobility", "confidence": 1.0}, "entities": [], "text": text}
    events = [{"event": "user", "text": text, "parse_data": latest},
              {"event": "slot", "name": "contraintes", "value": ["sans_permis", "pas_de_nuit"]}]
    tracker = make_tracker({"derniere_question": "contraintes", "contraintes": ["sans_permis", "pas_de_nuit"]},
                           "mobility", [], text, events=events)
    _, out = run_action(ActionMobilite(), tracker)
    assert out == [FollowupAction("action_profil")]
    # the same words asked as a question stay the mobility action's
    asked = "sans permis on fait comment pour aller à l'usine ?"
    latest = {"intent": {"name": "mobility", "confidence": 1.0}, "entities": [], "text": asked}
    tracker = make_tracker({"derniere_question": "contraintes"}, "mobility", [], asked,
                           events=[{"event": "user", "text": asked, "parse_data": latest},
                                   {"event": "slot", "name": "contraintes", "value": ["sans_permis"]}])
    _, out = run_action(ActionMobilite(), tracker)
    assert FollowupAction("action_profil") not in out


def test_a_vehicle_named_without_lacking_one_notes_no_missing_licence():
    """Live turns (2026-12-04, r4, r8): "je suis bon avec les machines, je repare ma moto tout seul" and "je
    connais la mécanique des véhicules" read as mobility got « C'est noté : sans permis ni voiture »."""
    from rasa_sdk.events import FollowupAction, SlotSet
    from actions.publics import ActionMobilite
    from tests.actions.conftest import make_tracker, run_action
    text = "je suis bon avec les machines, je repare ma moto tout seul"
    latest = {"intent": {"name": "mobility", "confidence": 0.6}, "entities": [], "text": text}
    events = [{"event": "user", "text": text, "parse_data": latest},
              {"event": "slot", "name": "interets", "value": ["machines", "depannage"]}]
    tracker = make_tracker({"interets": ["machines", "depannage"]}, "mobility", [], text, events=events)
    messages, out = run_action(ActionMobilite(), tracker)
    assert out == [FollowupAction("action_profil")]
    # nothing noted at all: the action asks rather than assumes
    text = "la mécanique des véhicules"
    tracker = make_tracker({}, "mobility", [], text, events=[{"event": "user", "text": text, "parse_data": dict(latest, text=text)}])
    messages, out = run_action(ActionMobilite(), tracker)
    assert not any(isinstance(e, SlotSet) or e.get("event") == "slot" for e in out)
    assert "sans permis" not in all_text(messages) and "avez-vous le permis" in all_text(messages)


def test_a_self_description_without_question_mark_is_noted_not_answered_as_a_question(monkeypatch):
    """Live turn (2026-12-04, r07): "…, j'ai le permis et une voiture, je peux bouger dans un rayon de 40 km, …"
    got, after the note, the frequent answer on needing a licence ("je peux" read as a question)."""
    from actions.kb.extract import get_extractor
    from actions.profil import ActionProfil
    text = ("Bonjour, 48 ans, ancien chef de rayon au Havre, au chômage depuis 1 an, j'ai le permis et une voiture, "
            "je peux bouger dans un rayon de 40 km, sauf les week-ends que je voudrais garder pour ma famille")
    entities = [f.as_rasa(text) for f in get_extractor().extract(text)]
    slots = {"age": "48", "lieu": "Le Havre", "situation": "demandeur_emploi", "contraintes": ["pas_de_weekend"]}
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": "inform"}, "entities": entities, "text": text}}]
    events += [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    import actions.profil as profil
    from actions.kb import get_knowledge
    mobility = next(e for e in get_knowledge().faq.values() if "mobilité compte" in e.reponse)   # what the live turn got
    monkeypatch.setattr(profil, "faq_answer", lambda kb, tracker, *a, **k: mobility)
    messages, _ = run_action(ActionProfil(), make_tracker(slots, "inform", entities, text, events=events))
    said = all_text(messages)
    assert "48 ans" in said and all(m.get("response") != f"utter_faq/{mobility.id}" for m in messages), messages
    asked = text + " ?"   # the same with a question mark: the question is answered after the note
    events[0] = {"event": "user", "text": asked, "parse_data": {"intent": {"name": "inform"}, "entities": entities, "text": asked}}
    messages, _ = run_action(ActionProfil(), make_tracker(slots, "inform", entities, asked, events=events))
    assert any(m.get("response") == f"utter_faq/{mobility.id}" for m in messages)


def test_every_constraint_said_is_acknowledged():
    """Live turn (2026-12-04, r05): four constraints said, "C'est noté" named two."""
    from actions.kb import get_knowledge
    from actions.profil import said_parts
    changed = {"contraintes": ["pas_de_nuit", "pas_de_charges", "garde_enfants", "handicap"]}
    said = " ".join(said_parts(get_knowledge(), changed))
    assert all(w in said for w in ("nuit", "charges", "enfants", "santé")), said


def test_saying_something_is_no_problem_is_no_question():
    """Live turn (2026-12-04, r02): "je peux porter, ça c pas un probleme" got the legal weight limits."""
    from actions.context import asks
    assert not asks("je peux porter, ça c pas un probleme")
    assert not asks("les horaires ça me dérange pas")
    assert asks("je peux faire une immersion")
    assert asks("c'est pas un problème si j'ai pas le bac ?")


def test_constraints_said_in_other_words_reach_the_slot_but_not_from_questions_or_acceptances():
    from actions.kb import get_knowledge
    from actions.kb.extract import get_extractor
    from actions.slots import constraints_in_other_words, profile_updates
    kb = get_knowledge()

    def said(text):
        return constraints_in_other_words(kb, text, [f.as_rasa(text) for f in get_extractor().extract(text)])

    # (the extractor's patterns read "très peu pour moi" since 2026-12-04; the classifier reads what they miss)
    assert said("l'équipe de nuit, même bien payée, je passe mon tour") == ["pas_de_nuit"]
    assert profile_updates({}, [], "inform", "l'équipe de nuit, même bien payée, très peu pour moi", kb)["contraintes"] == ["pas_de_nuit"]
    assert said("le travail de nuit c'est mieux payé ?") == []        # a question about nights
    assert said("les nuits ça me dérange pas du tout") == []          # an acceptance
    assert said("je suis à Lisieux") == [] and said("bonne nuit") == []
    assert "sans_diplome" not in said("j'ai eu mon CAP cuisine l'an dernier, rien d'autre")


def test_weekdays_only_is_no_weekend_and_the_classifier_adds_nothing_to_the_patterns():
    """Live turn (2026-12-04, evening): "je veux un boulot en semaine" noted nothing in a longer message,
    and alone the classifier read it as part-time (0.65)."""
    from actions.kb import get_knowledge
    from actions.kb.extract import get_extractor
    from actions.slots import profile_updates
    kb = get_knowledge()
    for text in ("je veux un boulot en semaine", "mes horaires c'est n'importe quoi, je veux un boulot en semaine"):
        entities = [f.as_rasa(text) for f in get_extractor().extract(text)]
        assert profile_updates({}, entities, "inform", text, kb)["contraintes"] == ["pas_de_weekend"], text


def test_the_ideas_action_that_handed_over_to_be_noted_gets_the_turn_back():
    """Live turn (2026-12-04, evening): "Je cherche un métier où la précision et l'hygiène comptent" after the
    interests question: the ideas action handed over to action_profil (an answer to the question asked),
    which noted it and handed back, and the no-loop guard sent that to "Je n'ai pas bien saisi"."""
    text = "Je cherche un métier où la précision et l'hygiène comptent"
    user = {"event": "user", "text": text, "parse_data": {"intent": {"name": "ask_trade_ideas"}, "entities": [], "text": text}}
    slots = {"interets": ["precision"], "derniere_question": "interets", "age": "41",
             "metiers_proposes": ["conducteur_machines_bois", "soudeur", "carrossier_industriel"]}
    handed = [user, {"event": "slot", "name": "interets", "value": ["precision"]},
              {"event": "action", "name": "action_suggest_metiers"}]
    messages, events = run_action(ActionProfil(), make_tracker(slots, "ask_trade_ideas", [], text, events=handed))
    followups = [e["name"] for e in events if e.get("event") == "followup"]
    assert "noté" in all_text(messages) and followups == ["action_suggest_metiers"], (messages, events)
    # an action that already answered this message is not handed the turn again
    answered = handed + [{"event": "bot", "text": "Voici trois métiers…"}]
    _, events = run_action(ActionProfil(), make_tracker(slots, "ask_trade_ideas", [], text, events=answered))
    assert [e["name"] for e in events if e.get("event") == "followup"] == ["action_fallback"]
    # nor one that already handed over twice
    twice = handed + [{"event": "action", "name": "action_profil"}, {"event": "action", "name": "action_suggest_metiers"}]
    _, events = run_action(ActionProfil(), make_tracker(slots, "ask_trade_ideas", [], text, events=twice))
    assert [e["name"] for e in events if e.get("event") == "followup"] == ["action_fallback"]


def test_not_knowing_what_to_do_is_why_the_person_came_not_a_declined_question():
    """Live turn (2026-12-04): "je sais pas du tout ce que je veux faire", read as skip, got « Pas de souci,
    on s'en passe »."""
    from actions.profil import ActionProfil
    from tests.actions.conftest import make_tracker, run_action
    messages, out = run_action(ActionProfil(), make_tracker({}, "skip", [], "je sais pas du tout ce que je veux faire"))
    said = all_text(messages)
    assert "on s'en passe" not in said and "pour ça que je suis là" in said
    assert any(m.get("response") == "utter_ask_interets" for m in messages)
    # a real "I'd rather not say" keeps its answer
    messages, _ = run_action(ActionProfil(), make_tracker({}, "skip", [], "je préfère ne pas répondre"))
    assert any(m.get("response") == "utter_skip_ok" for m in messages)


def test_a_liking_said_after_a_scheme_card_is_noted_whatever_the_intent():
    """Live turn (2026-12-04): "Je m'intéresse à la qualité, vérifier les produits." after the card of the
    période de reconversion got that card's follow-up instead of the ideas."""
    from rasa_sdk.events import FollowupAction
    from actions.schemes import ActionExpliquerDispositif
    from tests.actions.conftest import make_tracker, run_action
    text = "Je m'intéresse à la qualité, vérifier les produits."
    latest = {"intent": {"name": "ask_scheme", "confidence": 0.7}, "entities": [], "text": text}
    events = [{"event": "slot", "name": "sujet", "value": "dispositif:periode_reconversion"},
              {"event": "user", "text": text, "parse_data": latest},
              {"event": "slot", "name": "interets", "value": ["controle"]}]
    tracker = make_tracker({"sujet": "dispositif:periode_reconversion", "interets": ["controle"]}, "ask_scheme", [], text,
                           events=events)
    _, out = run_action(ActionExpliquerDispositif(), tracker)
    assert out == [FollowupAction("action_profil")]
    # the same liking already known, or asked as a question, stays the scheme's
    known = [{"event": "slot", "name": "interets", "value": ["controle"]}] + events
    _, out = run_action(ActionExpliquerDispositif(), make_tracker(dict(tracker.slots), "ask_scheme", [], text, events=known))
    assert out != [FollowupAction("action_profil")]


def test_a_liking_read_as_disability_without_any_word_of_it_is_noted():
    """Live turn (2026-12-04): "J'ai l'habitude du dehors, des tracteurs, de réparer le matériel" read as
    disability got « Je n'ai pas bien compris »."""
    from rasa_sdk.events import FollowupAction
    from actions.publics import ActionHandicap
    from tests.actions.conftest import make_tracker, run_action
    text = "J'ai l'habitude du dehors, des tracteurs, de réparer le matériel"
    latest = {"intent": {"name": "disability", "confidence": 0.4}, "entities": [], "text": text}
    events = [{"event": "user", "text": text, "parse_data": latest},
              {"event": "slot", "name": "interets", "value": ["dehors", "depannage"]}]
    tracker = make_tracker({"interets": ["dehors", "depannage"]}, "disability", [], text, events=events)
    _, out = run_action(ActionHandicap(), tracker)
    assert out == [FollowupAction("action_profil")]


def test_how_inside_a_statement_asks_no_frequent_question():
    from actions.profil import EMBEDDED_HOW_RE
    assert EMBEDDED_HOW_RE.search("j'aime bien démonter des trucs pour voir comment ça marche")
    assert not EMBEDDED_HOW_RE.search("je voudrais savoir comment on fait une immersion ?")


def test_a_constraint_said_while_the_classifier_guessed_a_hand_over_is_noted():
    """Replay (CI of 50d4b4d, reconversion_05): "je ne veux pas quelque chose de trop physique, j'ai le dos
    fragile" read as a request for a person got the hand-over; asking for a person keeps it."""
    from rasa_sdk.events import FollowupAction
    from actions.handoff import ActionOrienterConseiller
    from tests.actions.conftest import make_tracker, run_action

    def tracker(text):
        latest = {"intent": {"name": "ask_human", "confidence": 0.6}, "entities": [], "text": text}
        events = [{"event": "user", "text": text, "parse_data": latest},
                  {"event": "slot", "name": "contraintes", "value": ["pas_de_charges"]}]
        return make_tracker({"contraintes": ["pas_de_charges"]}, "ask_human", [], text, events=events)
    assert run_action(ActionOrienterConseiller(), tracker("je ne veux pas quelque chose de trop physique, j'ai le dos fragile"))[1] \
        == [FollowupAction("action_profil")]
    assert run_action(ActionOrienterConseiller(), tracker("j'ai le dos fragile, je voudrais parler à un conseiller"))[1] \
        != [FollowupAction("action_profil")]


def test_a_place_asked_after_a_scheme_read_as_a_trade_question_finds_where_to_go():
    """Replay (CI of 50d4b4d, jeune_04): "jsuis a st etienne, ya une pres de chez moi ?" after the école de
    production, read as a trade question, got « De quel métier voulez-vous parler ? »."""
    from rasa_sdk.events import FollowupAction
    from actions.trades import ActionMetierInfo
    from tests.actions.conftest import ent, make_tracker, run_action
    text = "jsuis a st etienne, ya une pres de chez moi ?"
    tracker = make_tracker({"sujet": "dispositif:ecoles_production"}, "ask_trade_info", [ent("lieu", "Saint-Étienne")], text)
    assert run_action(ActionMetierInfo(), tracker)[1] == [FollowupAction("action_profil")]
