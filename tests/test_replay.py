"""The conversation replay's checks (scripts/replay.py), without a bot."""
from scripts.replay import check_turn, fold, last_question


def msgs(*texts, buttons=()):
    out = [{"text": t} for t in texts]
    if buttons:
        out[-1]["buttons"] = [{"title": b, "payload": "/x"} for b in buttons]
    return out


def test_keywords_are_accent_and_case_insensitive_and_read_buttons():
    turn = {"expect": {"any": ["métier"], "all": ["IMMERSION"], "none": ["quel âge"]}}
    assert check_turn(turn, msgs("Un metier ?", buttons=["Faire une immersion"]), []) == []
    assert check_turn(turn, msgs("Quel age avez-vous ?"), [])      # none of the three holds


def test_action_expected_is_any_of_the_turn_actions():
    turn = {"expect": {"action": ["action_metier_info", "action_expliquer_dispositif"]}}
    assert check_turn(turn, msgs("ok"), ["action_profil", "action_expliquer_dispositif"]) == []
    assert check_turn(turn, msgs("ok"), ["action_fallback"])


def test_empty_reply_fallback_and_long_bubble_fail():
    assert "réponse vide" in check_turn({"expect": {}}, [], [])
    assert check_turn({"expect": {}}, msgs("Je n'ai pas bien compris."), [])
    assert check_turn({"expect": {}, "allow_fallback": True}, msgs("Je n'ai pas bien compris."), []) == []
    assert check_turn({"expect": {}}, msgs("x" * 501), [])


def test_last_question_is_the_last_bubble_ending_with_a_question_mark():
    assert last_question(msgs("Voici.", "Quel âge avez-vous ?", "Merci.")) == fold("Quel âge avez-vous ?")
    assert last_question(msgs("Voici.")) is None
