from actions.trades import ActionMetierInfo, ActionSuggestMetiers
from tests.actions.conftest import all_text, ent, make_tracker, run_action, slot_events

YOUNG = {"situation": "lyceen", "age": "17", "lieu": "Thiers", "interets": ["manuel"], "contraintes": ["sans_permis"]}


def test_suggest_three_trades_with_reasons_and_reality():
    messages, events = run_action(ActionSuggestMetiers(), make_tracker(YOUNG, intent="inform"))
    text = all_text(messages)
    assert text.count("La réalité du poste") == 3
    assert "parce que" in text or "vous aimez" in text
    assert "apprentissage" in text                      # persona hint for a young person
    assert text.rstrip().endswith("?")                   # ends with a next step
    buttons = messages[0]["buttons"]
    assert sum(b["payload"].startswith("/ask_trade_info") for b in buttons) == 3
    assert len(slot_events(events)["metiers_proposes"]) == 3


def test_reconversion_hint_and_feminine_labels():
    slots = {"situation": "salarie", "age": "45", "lieu": "Mulhouse", "interets": ["machines"], "contraintes": ["aucune"], "genre": "femme"}
    text = all_text(run_action(ActionSuggestMetiers(), make_tracker(slots))[0])
    assert "POEI" in text and "immersion" in text
    assert "ice" in text or "euse" in text or "ière" in text or "enne" in text   # feminine forms used


def test_other_ideas_exclude_previous_ones():
    slots = dict(YOUNG, metiers_proposes=["soudeur", "chaudronnier", "metallier"])
    _, events = run_action(ActionSuggestMetiers(), make_tracker(slots, intent="ask_trade_ideas"))
    new = slot_events(events)["metiers_proposes"][3:]
    assert len(new) == 3 and not {"soudeur", "chaudronnier", "metallier"} & set(new)


def test_trade_sheet_from_entity_synonym():
    messages, events = run_action(ActionMetierInfo(), make_tracker({}, "ask_trade_info", [ent("metier", "soudure")], "c'est quoi la soudure"))
    text = all_text(messages)
    assert "Accès" in text and "H2913" in text and "Sources" in text
    assert slot_events(events)["metier"] == "soudeur"


def test_pay_question_never_invents_a_figure():
    text = all_text(run_action(ActionMetierInfo(), make_tracker({}, "ask_trade_pay", [ent("metier", "chaudronnier")], "combien gagne un chaudronnier"))[0])
    assert "13 %" in text and "€" not in text


def test_training_uses_context_trade_and_persona():
    text = all_text(run_action(ActionMetierInfo(), make_tracker(dict(YOUNG, metier="soudeur"), "ask_trade_training", [], "et pour s'y former ?"))[0])
    assert "Parcours possibles" in text and "apprentissage" in text


def test_unknown_trade_is_said_and_choices_offered():
    messages, _ = run_action(ActionMetierInfo(), make_tracker({}, "ask_trade_info", [ent("metier", "astronaute")], "astronaute"))
    assert "astronaute" in all_text(messages) and messages[0]["buttons"]


def test_conditions_warn_about_constraints():
    slots = {"contraintes": ["pas_de_nuit"]}
    text = all_text(run_action(ActionMetierInfo(), make_tracker(slots, "ask_trade_conditions", [ent("metier", "conducteur de ligne agroalimentaire")], ""))[0])
    assert "conditions de travail" in text.lower()
