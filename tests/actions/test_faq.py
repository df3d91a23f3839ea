"""Frequent questions offered to the actions (actions/faq.py)."""
from actions.faq import faq_answer, territory_entry
from actions.kb import get_knowledge
from tests.actions.conftest import ent, make_tracker


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


def test_a_short_follow_up_after_a_trade_sheet_is_read_with_the_trade_not_the_question_before():
    from actions.faq import search_hits
    from actions.kb import get_knowledge
    kb = get_knowledge()
    events = [{"event": "user", "text": "c quoi la difference entre soudeur et chaudronnier", "parse_data": {}},
              {"event": "bot", "text": "Chaudronnier…"},
              {"event": "user", "text": "et faut le permis pour ça ?", "parse_data": {}}]
    on_trade = make_tracker({"sujet": "metier:chaudronnier"}, "mobility", [], "et faut le permis pour ça ?", events=events)
    assert search_hits(kb, on_trade) == kb.search.search("chaudronnier et faut le permis pour ça ?", k=5)
    assert search_hits(kb, on_trade)[0].id == "chaudronnier"
    elsewhere = make_tracker({"sujet": "dispositif:pmsmp"}, "mobility", [], "et faut le permis pour ça ?", events=events)
    assert search_hits(kb, elsewhere) != search_hits(kb, on_trade)


def test_a_short_question_clear_on_its_own_is_not_read_with_the_message_before():
    from actions.faq import search_hits
    from actions.kb import get_knowledge
    previous = {"event": "user", "text": "j'étais magasinier, j'aime l'organisation et le travail en équipe",
                "parse_data": {"intent": {"name": "inform"}, "entities": []}}
    text = "à mon âge ils vont me prendre ?"
    latest = {"intent": {"name": "out_of_scope", "confidence": 0.5}, "entities": [], "text": text}
    tracker = make_tracker({"age": "54"}, "out_of_scope", [], text,
                           events=[previous, {"event": "bot", "text": "…"}, {"event": "user", "text": text, "parse_data": latest}])
    assert search_hits(get_knowledge(), tracker)[0].id == "discrimination_age"


def test_a_short_question_the_two_rankers_agree_on_is_not_read_with_the_message_before():
    """Live test, 2026-12-04: "l'industrie c'est pas trop un truc d'hommes ?" after "je suis une femme de 34
    ans, maman solo de 2 enfants" got the single parents' answer ("Oui. Choisissez des horaires…")."""
    kb = get_knowledge()
    before = [{"event": "user", "text": "je suis une femme de 34 ans, maman solo de 2 enfants, j'habite à Mulhouse"},
              {"event": "bot", "text": "…"},
              {"event": "user", "text": "l'industrie c'est pas trop un truc d'hommes ?"}]
    tracker = make_tracker({}, "women_in_industry", [], "l'industrie c'est pas trop un truc d'hommes ?", events=before)
    tracker.latest_message["response_selector"] = {
        "faq": {"response": {"utter_action": "utter_faq/femmes_stereotypes", "confidence": 0.45}}}
    assert faq_answer(kb, tracker, min_confidence=0.2, themes={"femmes", "famille"}).id == "femmes_stereotypes"
