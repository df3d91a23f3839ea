"""The counting of make test-scale (scripts/load_scale.py): a loss, a doubling, a reordering and two turns
run at once are each seen in the stored events (the servers themselves run in make test-scale)."""
from scripts.load_scale import check


def _turn(text):
    return [{"type": "user", "text": text}, {"type": "action", "name": "utter_x"},
            {"type": "action", "name": "action_listen"}]


def test_a_clean_conversation_counts_nothing():
    events = {"a": _turn("m #0") + _turn("m #1")}
    assert check({"a": ["m #0", "m #1"]}, events, ["a"]) == {"lost": 0, "doubled": 0, "reordered": 0, "interleaved": 0}


def test_lost_doubled_reordered_and_interleaved_are_counted():
    sent = {"a": ["m #0", "m #1", "m #2"], "b": ["m #0", "m #1"], "c": ["m #0", "m #1"]}
    events = {
        "a": _turn("m #0") + _turn("m #2") + _turn("m #2"),                 # #1 lost, #2 doubled
        "b": _turn("m #1") + _turn("m #0"),                                 # reordered
        "c": [{"type": "user", "text": "m #0"}, {"type": "user", "text": "m #1"},
              {"type": "action", "name": "action_listen"}],                 # two turns at once
    }
    got = check(sent, events, ["a", "b", "c"])
    assert got == {"lost": 1, "doubled": 1, "reordered": 2, "interleaved": 1}
