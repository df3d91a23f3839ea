"""Frequent questions offered to the actions (actions/faq.py)."""
from actions.faq import ActionFaq, faq_answer, territory_entry
from actions.kb import get_knowledge
from tests.actions.conftest import ent, make_tracker, run_action


def with_selection(text, faq_id, confidence, entities=(), slots=None, intent="faq"):
    tracker = make_tracker(slots or {}, intent, list(entities), text)
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": f"utter_faq/{faq_id}", "confidence": confidence}}}
    return tracker


def test_confident_entry_is_answered_and_weak_one_is_not():
    kb = get_knowledge()
    assert faq_answer(kb, with_selection("c'est quoi le travail posté ?", "travail_poste_definition", 0.6)).id == "travail_poste_definition"
    assert faq_answer(kb, with_selection("blabla", "travail_poste_definition", 0.02)) is None


def test_a_territory_is_found_by_the_place_named():
    kb = get_knowledge()
    tracker = with_selection("lisieux territoire dindustrie il se passe quoi", "travail_weekend", 0.01,
                             [ent("lieu", "Lisieux")])
    assert territory_entry(kb, tracker).id == "territoire_lisieux"


def test_a_statement_about_oneself_goes_to_the_profile_answer():
    events = [{"event": "user", "text": "jsuis vers pithiviers, 45300", "parse_data": {}},
              {"event": "slot", "name": "lieu", "value": "Pithiviers"}]
    tracker = with_selection("jsuis vers pithiviers, 45300", "chomage_longue_duree", 0.3, [ent("lieu", "Pithiviers")])
    tracker.events = events
    _, out = run_action(ActionFaq(), tracker)
    assert out[-1]["name"] == "action_profil"


def test_a_named_scheme_gets_its_sheet():
    tracker = with_selection("c quoi l apprentissage exactement", "apprentissage_comment_commencer", 0.5,
                             [ent("dispositif", "apprentissage")])
    _, out = run_action(ActionFaq(), tracker)
    assert out[-1]["name"] == "action_expliquer_dispositif"
