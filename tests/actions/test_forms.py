"""The profile form: any order, corrections, skips, digressions (validate_profil_form)."""
import asyncio
from pathlib import Path

import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import ValidateProfilForm
from tests.actions.conftest import ent, make_tracker

DOMAIN = yaml.safe_load((Path(__file__).resolve().parents[2] / "domain.yml").read_text(encoding="utf-8"))


def run_form(slots, intent, entities=(), text="", requested=None, form_was_active=True):
    slots = dict(slots)
    slots["requested_slot"] = requested
    events = []
    if form_was_active:
        events.append({"event": "active_loop", "name": "profil_form"})
    events.append({"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}})
    # Rasa sets slots mapped from entities before the form runs
    mapping = {"situation": "situation", "age": "age", "lieu": "lieu", "interet": "interets", "contrainte": "contraintes"}
    for e in entities:
        slot = mapping.get(e["entity"])
        if slot:
            value = [e["value"]] if slot in ("interets", "contraintes") else e["value"]
            slots[slot] = value
            events.append({"event": "slot", "name": slot, "value": value})
    tracker = make_tracker(slots, intent, list(entities), text, events=events, active_loop="profil_form")
    dispatcher = CollectingDispatcher()
    out = asyncio.run(ValidateProfilForm().run(dispatcher, tracker, DOMAIN))
    return {e["name"]: e["value"] for e in out if e.get("event") == "slot"}, out, dispatcher.messages


def test_values_are_normalised_to_ids():
    slots, _, _ = run_form({}, "inform", [ent("situation", "au chômage"), ent("age", "45")], "je suis au chômage, 45 ans", "situation")
    assert slots["situation"] == "demandeur_emploi" and slots["age"] == "45"


def test_age_from_a_bare_number_and_invalid_age():
    slots, _, _ = run_form({"situation": "lyceen"}, "inform", [], "17", "age")
    assert slots["age"] == "17"
    slots, _, messages = run_form({"situation": "lyceen"}, "inform", [ent("age", "3")], "3 ans", "age")
    assert slots["age"] is None and messages


def test_place_correction_keeps_the_non_negated_place():
    slots, _, _ = run_form({"situation": "salarie", "age": "40"}, "inform", [ent("lieu", "Lyon"), ent("lieu", "Mulhouse")],
                           "non pas Lyon, Mulhouse", "lieu")
    assert slots["lieu"] == "Mulhouse"


def test_place_found_in_free_text_and_unknown_place():
    slots, _, _ = run_form({"situation": "salarie", "age": "40"}, "inform", [], "j'habite vers montceau les mines", "lieu")
    assert slots["lieu"] == "Montceau-les-Mines"
    slots, _, messages = run_form({"situation": "salarie", "age": "40"}, "inform", [ent("lieu", "Zzyzxville")], "Zzyzxville", "lieu")
    assert slots["lieu"] is None and messages


def test_skip_is_remembered_and_not_asked_again():
    slots, _, _ = run_form({"situation": "lyceen"}, "skip", [], "je préfère pas dire", "age")
    assert slots["skipped"] == ["age"]
    assert slots["requested_slot"] == "lieu"


def test_no_constraint_answer():
    base = {"situation": "lyceen", "age": "17", "lieu": "Thiers", "interets": ["manuel"]}
    slots, _, _ = run_form(base, "deny", [], "non aucune", "contraintes")
    assert slots["contraintes"] == ["aucune"]


def test_digression_keeps_information_but_steps_aside():
    slots, out, _ = run_form({"situation": "salarie"}, "ask_events", [ent("lieu", "Brest")], "des job datings à Brest ?", "age")
    assert slots["lieu"] == "Brest"
    assert any(e.get("event") == "action_execution_rejected" for e in out)


def test_activation_by_a_question_is_not_rejected():
    _, out, _ = run_form({}, "ask_trade_ideas", [], "je sais pas quoi faire", None, form_was_active=False)
    assert not any(e.get("event") == "action_execution_rejected" for e in out)


def test_form_resumes_after_the_digression_was_answered():
    """Second run for the same message (after the answer): no second rejection, the form goes on."""
    slots = {"situation": "salarie", "lieu": "Brest", "requested_slot": "age"}
    events = [{"event": "active_loop", "name": "profil_form"},
              {"event": "user", "text": "des job datings à Brest ?", "parse_data": {"intent": {"name": "ask_events"}}},
              {"event": "action_execution_rejected", "name": "profil_form"},
              {"event": "action", "name": "action_evenements"}]
    tracker = make_tracker(slots, "ask_events", [ent("lieu", "Brest")], "des job datings à Brest ?", events=events,
                           active_loop="profil_form")
    out = asyncio.run(ValidateProfilForm().run(CollectingDispatcher(), tracker, DOMAIN))
    assert not any(e.get("event") == "action_execution_rejected" for e in out)
