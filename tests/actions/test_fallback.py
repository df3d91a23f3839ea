"""The fallback asks the knowledge search before any "je n'ai pas compris" (actions/fallback.py), and a
generic action gives way to the frequent question that answers a question clearly (actions/base.py)."""
from actions.fallback import ActionFallback, ActionRepondreQuestion
from actions.trades import ActionMetierInfo, ActionSuggestMetiers
from tests.actions.conftest import all_text, ent, make_tracker, run_action

NOT_UNDERSTOOD = "pas bien compris"


def fallback_tracker(text, entities=()):
    tracker = make_tracker({}, "nlu_fallback", list(entities), text)
    tracker.latest_message["intent_ranking"] = [{"name": "nlu_fallback", "confidence": 0.4},
                                                {"name": "chitchat", "confidence": 0.1}]
    return tracker


def responses(messages):
    return [m.get("response") for m in messages if m.get("response")]


def test_a_clear_match_is_answered_instead_of_not_understood():
    messages, events = run_action(ActionFallback(), fallback_tracker("je peux essayer un metier avant de me lancer"))
    assert responses(messages) == ["utter_faq/essayer_metier_avant"]
    assert NOT_UNDERSTOOD not in all_text(messages)


def test_close_matches_are_offered_as_buttons_that_answer_when_clicked():
    messages, _ = run_action(ActionFallback(), fallback_tracker("conducteur de ligne"))
    buttons = [b for m in messages for b in (m.get("buttons") or [])]
    assert "sûr" in all_text(messages) and len(buttons) >= 3
    assert sum("conducteur_ligne" in b["payload"] for b in buttons) >= 2, buttons
    # a frequent question offered as a button answers that very entry when clicked
    faq_id = "caces_c_est_quoi"
    faq_payloads = ['/choisir_question{"question": "caces_c_est_quoi"}']
    clicked = make_tracker({}, "choisir_question", [ent("question", faq_id)], faq_payloads[0])
    messages, _ = run_action(ActionRepondreQuestion(), clicked)
    assert responses(messages) == [f"utter_faq/{faq_id}"]


def test_a_trade_found_by_the_search_is_explained_by_the_trade_action():
    messages, events = run_action(ActionFallback(), fallback_tracker("pilote ligne automatisee"))
    assert "Vous parlez sans doute du métier" in all_text(messages)
    assert {"event": "followup", "name": "action_metier_info"} in [
        {"event": e["event"], "name": e.get("name")} for e in events if e["event"] == "followup"]
    assert any(e.get("name") == "sujet" and e.get("value") == "metier:conducteur_installations_automatisees"
               for e in events if e["event"] == "slot")


def test_nothing_known_still_gets_the_two_stage_fallback():
    messages, _ = run_action(ActionFallback(), fallback_tracker("zorglub plouf"))
    assert NOT_UNDERSTOOD in all_text(messages)


def test_a_question_read_as_trade_ideas_gets_its_frequent_answer():
    tracker = make_tracker({}, "ask_trade_ideas", [], "les horaires en 3x8 c'est compatible avec des enfants ?")
    messages, _ = run_action(ActionSuggestMetiers(), tracker)
    assert responses(messages) == ["utter_faq/horaires_3x8_enfants"]


def test_a_request_for_trade_ideas_is_not_taken_over():
    tracker = make_tracker({}, "ask_trade_ideas", [], "quels métiers pour moi ?")
    messages, _ = run_action(ActionSuggestMetiers(), tracker)
    assert not any((r or "").startswith("utter_faq/") for r in responses(messages))


def test_a_trade_question_keeps_its_trade_unless_the_entry_is_about_that_trade():
    tracker = make_tracker({}, "ask_trade_info", [ent("metier", "soudeur")], "soudeur c'est quoi ?")
    messages, _ = run_action(ActionMetierInfo(), tracker)
    assert not any((r or "").startswith("utter_faq/") for r in responses(messages))
    assert "soud" in all_text(messages).lower()


def test_a_near_miss_trade_name_resolves_to_the_nearest_trade():
    tracker = make_tracker({}, "ask_trade_info", [ent("metier", "conducteur de ligne automatisée")],
                           "conducteur de ligne automatisée c'est quoi")
    messages, _ = run_action(ActionMetierInfo(), tracker)
    text = all_text(messages)
    assert "pas encore de fiche" not in text
    assert "installations automatisées" in text.lower() or "automatis" in text.lower()


def test_a_request_for_trades_is_not_taken_over_even_when_a_question_matches():
    tracker = make_tracker({}, "ask_trade_ideas", [], "quels métiers de l'industrie pour quelqu'un qui aime la précision ?")
    messages, _ = run_action(ActionSuggestMetiers(), tracker)
    assert not any((r or "").startswith("utter_faq/") for r in responses(messages))


def test_a_statement_is_not_answered_by_the_search_in_an_action():
    from actions.faq import faq_answer
    from actions.kb import get_knowledge
    tracker = make_tracker({}, "disability", [], "Bonjour je suis travailleur handicapé, RQTH, 35 ans")
    assert faq_answer(get_knowledge(), tracker) is None
    assert faq_answer(get_knowledge(), tracker, questions_only=False) is not None   # the fallback may


def test_a_short_follow_up_is_read_with_the_question_before():
    from actions.faq import search_hits
    from actions.kb import get_knowledge
    events = [{"event": "user", "text": "c'est quoi Transitions Pro ?", "parse_data": {}},
              {"event": "user", "text": "il faut combien d'ancienneté ?", "parse_data": {}}]
    tracker = make_tracker({}, "nlu_fallback", [], "il faut combien d'ancienneté ?", events=events)
    assert search_hits(get_knowledge(), tracker)[0].id.startswith("ptp_")


def test_a_message_read_as_an_insult_without_rude_words_goes_to_what_it_says():
    from actions.fallback import ActionInsulte
    tracker = make_tracker({}, "insult", [ent("age", "54")], "mon usine textile ferme en mars, 54 ans, licencié économique")
    messages, events = run_action(ActionInsulte(), tracker)
    assert not any(m.get("response") == "utter_insult" for m in messages)
    assert any(e.get("event") == "followup" for e in events)
    rude = make_tracker({}, "insult", [], "t'es nul")
    messages, _ = run_action(ActionInsulte(), rude)
    assert [m.get("response") for m in messages] == ["utter_insult"]


def test_rudeness_alone_gets_a_calm_answer_not_a_frequent_question():
    messages, _ = run_action(ActionFallback(), fallback_tracker("t nul"))
    assert responses(messages) == ["utter_insult"]
    messages, _ = run_action(ActionFallback(), fallback_tracker("t'es nul, je peux essayer un metier avant de me lancer"))
    assert responses(messages) != ["utter_insult"]


def test_who_the_bot_is_is_answered_as_such():
    from actions.fallback import ActionFallback, BOT_IDENTITY_RE
    assert BOT_IDENTITY_RE.search("t un robot ou une vraie personne ?")
    assert BOT_IDENTITY_RE.search("vous êtes humain ?")
    assert not BOT_IDENTITY_RE.search("on travaille avec des robots ?")
    messages, _ = run_action(ActionFallback(), make_tracker({}, "nlu_fallback", [], "t un robot ou une vraie personne ?"))
    assert messages[0].get("response") == "utter_capabilities"


def test_capabilities_give_way_to_a_question_about_a_place():
    from actions.fallback import ActionCapacites
    messages, events = run_action(ActionCapacites(), make_tracker({}, "bot_capabilities", [ent("lieu", "Lisieux")],
                                                                  "Lisieux c'est quoi les industries là-bas ?"))
    said = [m.get("response") for m in messages] + [e.get("name") for e in events]
    assert "utter_capabilities" not in said
    assert "utter_faq/territoire_lisieux" in said or "action_evenements" in said
    messages, _ = run_action(ActionCapacites(), make_tracker({}, "bot_capabilities", [], "tu sais faire quoi ?"))
    assert messages[0].get("response") == "utter_capabilities"


def test_a_clear_frequent_question_takes_the_turn_even_after_a_hand_over():
    # "le cpf suffit pour payer une formation…" goes from the trade action to the scheme action: the clear
    # frequent question answers, not the CPF sheet
    from actions.schemes import ActionExpliquerDispositif
    text = "le cpf suffit pour payer une formation de technicien de maintenance ?"
    latest = {"intent": {"name": "ask_trade_training", "confidence": 0.9}, "entities": [ent("dispositif", "cpf")], "text": text}
    events = [{"event": "user", "text": text, "parse_data": latest}, {"event": "action", "name": "action_metier_info"}]
    tracker = make_tracker({}, "ask_trade_training", [ent("dispositif", "cpf")], text, events=events)
    messages, _ = run_action(ActionExpliquerDispositif(), tracker)
    assert messages[0].get("response") == "utter_faq/cpf_couvre_formation"


def test_a_worry_said_as_a_statement_is_a_question():
    from actions.context import asks
    assert asks("je suis une femme et j'ai peur de pas avoir assez de force pour bosser en atelier")
    assert asks("je me demande si le travail posté abîme la santé")
    assert not asks("je suis une femme de 35 ans à Cholet")


def test_the_pay_of_a_working_condition_is_not_the_pay_of_the_scheme_last_shown():
    """Live test, 2026-12-04: after the apprenticeship's sheet, "le travail de nuit c payé plus ?" got the
    apprenticeship's pay; it is a question about night work."""
    tracker = make_tracker({"sujet": "dispositif:apprentissage", "dispositif": "apprentissage"}, "nlu_fallback",
                           [ent("aspect", "salaire")], "le travail de nuit c payé plus ?")
    tracker.latest_message["response_selector"] = {"faq": {"response": {"utter_action": "utter_faq/prime_de_nuit",
                                                                         "confidence": 0.27}}}
    messages, _ = run_action(ActionFallback(), tracker)
    assert responses(messages)[:1] == ["utter_faq/prime_de_nuit"], messages
    follow_up = make_tracker({"sujet": "dispositif:apprentissage", "dispositif": "apprentissage"}, "nlu_fallback",
                             [ent("aspect", "salaire")], "et ça paie combien ?")
    messages, events = run_action(ActionFallback(), follow_up)
    assert {"event": "followup", "name": "action_expliquer_dispositif"} in [
        {k: e.get(k) for k in ("event", "name")} for e in events]


def test_a_sad_emoji_is_not_thanked_for():
    """Live turn (2026-12-04, f04): "😭😭" got "Merci pour l'émoji !"."""
    from actions.fallback import ActionFallback
    messages, _ = run_action(ActionFallback(), make_tracker({}, "nlu_fallback", [], "😭😭"))
    assert "pas facile" in all_text(messages) and "Merci" not in all_text(messages)
    messages, _ = run_action(ActionFallback(), make_tracker({}, "nlu_fallback", [], "👍"))
    assert all_text(messages).startswith("Avec plaisir")
    messages, _ = run_action(ActionFallback(), make_tracker({}, "nlu_fallback", [], "🔧⚙️"))
    assert "émoji" in all_text(messages)


def test_what_do_you_have_once_the_person_is_known_lists_the_trades():
    """Live turn (2026-12-04): "vous avez quoi ?" after interests and a constraint got « ce que je sais faire »."""
    from rasa_sdk.events import FollowupAction
    from actions.fallback import ActionCapacites
    from tests.actions.conftest import make_tracker, run_action
    _, out = run_action(ActionCapacites(), make_tracker({"interets": ["electricite"]}, "bot_capabilities", [], "vous avez quoi ?"))
    assert out == [FollowupAction("action_suggest_metiers")]
    messages, out = run_action(ActionCapacites(), make_tracker({}, "bot_capabilities", [], "vous avez quoi ?"))
    assert any(m.get("response") == "utter_capabilities" for m in messages)


def test_a_complaint_about_the_bot_gets_the_calm_answer_not_a_frequent_question():
    """Live turn (2026-12-04): "c'est nul votre truc" got the frequent answer on prejudice about factories."""
    from actions.fallback import ActionInsulte
    from tests.actions.conftest import make_tracker, run_action
    messages, out = run_action(ActionInsulte(), make_tracker({}, "insult", [], "c'est nul votre truc"))
    assert [m.get("response") for m in messages] == ["utter_insult"]


def test_what_can_i_do_once_known_lists_the_trades():
    """Live turn (2026-12-04): "qu'est-ce que je peux faire ?" after age, place and liking got « ce que je sais faire »."""
    from rasa_sdk.events import FollowupAction
    from actions.fallback import ActionCapacites
    from tests.actions.conftest import make_tracker, run_action
    for text in ("qu'est-ce que je peux faire ?", "vous voyez quoi ?"):   # the second: live turn, 2026-12-04
        tracker = make_tracker({"interets": ["machines"], "age": "58"}, "bot_capabilities", [], text)
        assert run_action(ActionCapacites(), tracker)[1] == [FollowupAction("action_suggest_metiers")]
