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


def test_report_shows_each_failing_conversation_first_diverging_turn_expected_vs_got():
    from scripts.replay import TurnResult, describe_expect, report

    turn = {"user": "c'est quoi la POEI", "expect": {"action": "action_expliquer_dispositif", "any": ["POEI"]}}
    ok = TurnResult("jeune_01", 1, "bonjour", "Bonjour !", ["action_profil"], [], expected="une réponse non vide")
    bad2 = TurnResult("jeune_01", 2, turn["user"], "Je n'ai pas bien compris.", ["action_fallback"],
                      ["action attendue action_expliquer_dispositif, obtenu action_fallback"],
                      expected=describe_expect(turn))
    bad3 = TurnResult("jeune_01", 3, "merci", "", [], ["réponse vide"], expected="une réponse non vide")
    other = TurnResult("femme_02", 4, "a | b", "ok", ["utter_thanks"], ["aucun de ['métier']"], expected="un de « métier »")
    text = report([ok, bad2, bad3, other], 2)
    table = text.split("## Conversations en écart")[1].split("## Tous les tours")[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith("| conversation")]
    assert len(rows) == 2                                      # one row per failing conversation
    assert rows[0].startswith("| jeune_01 | 2 | c'est quoi la POEI |")   # its first failing turn, not turn 3
    assert "action action_expliquer_dispositif" in rows[0] and "« POEI »" in rows[0]      # expected
    assert "action_fallback : « Je n'ai pas bien compris. »" in rows[0]                  # got
    assert rows[1].startswith("| femme_02 | 4 | a \\| b |")     # pipes escaped: the table keeps its columns
    assert "- attendu : une réponse non vide" in text           # every failing turn says what was expected


def test_report_without_failures_has_no_divergence_table():
    from scripts.replay import TurnResult, report

    text = report([TurnResult("c", 1, "bonjour", "Bonjour", ["action_profil"], [])], 1)
    assert "Conversations en écart" not in text and "tours conformes : 1/1" in text


def test_describe_expect_lists_every_expectation():
    from scripts.replay import describe_expect

    got = describe_expect({"expect": {"action": ["a", "b"], "all": ["x"], "none": ["y"]}, "allow_fallback": True})
    assert got == "action a ou b ; tous « x » ; aucun de « y »"
