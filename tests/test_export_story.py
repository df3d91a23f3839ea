"""make export-story (scripts/export_story.py) on a small SQLite tracker store built like Rasa's SQLTrackerStore."""
import json
import sqlite3

import pytest
import yaml

from scripts import export_story as ex
from scripts.replay import check_turn

SCHEMA = ("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL, "
          "type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255), "
          "action_name VARCHAR(255), data TEXT)")
SENDER = "3f2c9a1e7b5d4c8e9f0a1b2c3d4e5f60"
OTHER = "3f2c-other"


class Store:
    """Writes events the way SQLTrackerStore does: one row per event, `data` the event as JSON."""

    def __init__(self, path):
        self.path = str(path)
        self.con = sqlite3.connect(self.path)
        self.con.execute(SCHEMA)
        self.t = 1796242920.0

    def add(self, sender, event, **data):
        self.t += 0.1
        data = {"event": event, "timestamp": self.t, "metadata": data.pop("metadata", {}), **data}
        intent = ((data.get("parse_data") or {}).get("intent") or {}).get("name") if event == "user" else None
        action = data.get("name") if event in ("action", "slot") else None
        self.con.execute("INSERT INTO events (sender_id, type_name, timestamp, intent_name, action_name, data) "
                         "VALUES (?, ?, ?, ?, ?, ?)", (sender, event, self.t, intent, action, json.dumps(data)))

    def user(self, sender, text, intent, entities=()):
        self.add(sender, "user", text=text, parse_data={
            "intent": {"name": intent, "confidence": 0.9}, "text": text,
            "entities": [{"entity": e, "value": v, "extractor": "ProfileExtractor"} for e, v in entities]})

    def action(self, sender, name, policy="RulePolicy"):
        self.add(sender, "action", name=name, policy=policy, confidence=1.0)

    def bot(self, sender, text, utter=None, buttons=()):
        meta = {"utter_action": utter, "template": utter} if utter else {}
        self.add(sender, "bot", text=text, metadata=meta,
                 data={"buttons": [{"title": b, "payload": "/x"} for b in buttons]})

    def session(self, sender):
        self.action(sender, "action_session_start", policy=None)
        self.add(sender, "session_started")
        self.action(sender, "action_listen", policy=None)

    def close(self):
        self.con.commit()
        self.con.close()


@pytest.fixture()
def db(tmp_path):
    s = Store(tmp_path / "trackers.db")
    s.session(SENDER)
    s.user(SENDER, "/greet", "greet")
    s.action(SENDER, "action_profil")
    s.bot(SENDER, "Bonjour ! Je suis Cap Industrie.", utter="utter_greet")
    s.action(SENDER, "action_listen")
    s.user(SENDER, "je suis a lille et j'aime la meca", "inform", [("lieu", "lille"), ("interet", "machines")])
    s.action(SENDER, "action_profil")
    s.bot(SENDER, "C'est noté : vous habitez Lille, vous aimez les machines.")
    s.add(SENDER, "slot", name="lieu", value="lille")
    s.action(SENDER, "action_listen")
    s.user(SENDER, "quels metiers pour moi", "ask_trade_ideas")
    s.action(SENDER, "action_fallback")                                   # hands over to the trades
    s.action(SENDER, "action_suggest_metiers", policy="followup_action")
    s.bot(SENDER, "Voici trois métiers :\n1. Mécanicien de maintenance : les machines, en équipe.\n"
                  "2. Usineur : la précision.", buttons=["Mécanicien de maintenance", "Usineur"])
    s.action(SENDER, "action_listen")
    s.user(SENDER, '/inform{"interet": "manuel"}', "inform")
    s.action(SENDER, "action_profil")
    s.bot(SENDER, "C'est noté : travailler de vos mains.")
    s.action(SENDER, "action_listen")
    s.user(SENDER, "blorp zzz", "nlu_fallback")
    s.action(SENDER, "action_fallback")
    s.bot(SENDER, "Je n'ai pas bien compris. Vous pouvez dire par exemple « des métiers pour moi ».")
    s.action(SENDER, "action_listen")
    s.session(OTHER)
    s.user(OTHER, "salut", "greet")
    s.close()
    return s.path


RESPONSES = {"utter_greet": ["Bonjour ! Je suis Cap Industrie.", "Salut, ici Cap Industrie : on parle métiers ?"]}


def test_turns_read_actions_follow_ups_and_bubbles(db):
    turns = ex.read_turns(db, SENDER)
    assert [t.user for t in turns][:3] == ["/greet", "je suis a lille et j'aime la meca", "quels metiers pour moi"]
    assert len(turns) == 5                                                 # the other sender is not read
    assert turns[1].intent == "inform" and {"entity": "lieu", "value": "lille"} in turns[1].entities
    assert turns[2].actions == ["action_fallback", "action_suggest_metiers"]
    assert turns[2].predicted == ["action_fallback"]                       # the follow-up is not a prediction
    assert turns[2].bubbles[0]["buttons"] == [{"title": "Mécanicien de maintenance", "payload": "/x"},
                                              {"title": "Usineur", "payload": "/x"}]
    assert turns[0].templates == ["utter_greet"]


def test_exported_expectations_hold_on_the_reply_they_come_from(db):
    turns = ex.read_turns(db, SENDER)
    doc = yaml.safe_load(ex.conversation_yaml("exported_x", SENDER, turns, RESPONSES, {"voici", "trois", "metiers"}))
    assert doc["id"] == "exported_x" and len(doc["turns"]) == len(turns)
    for spec, turn in zip(doc["turns"], turns):
        assert spec["user"] == turn.user
        assert spec["expect"].get("action"), spec
        # the replay's own check passes on the recorded reply: an export replays green on the same bot
        assert check_turn(spec, turn.bubbles, turn.actions) == [], spec
    assert doc["turns"][2]["expect"]["action"] == ["action_fallback", "action_suggest_metiers"]
    assert doc["turns"][4].get("allow_fallback") is True
    assert not doc["turns"][1].get("allow_fallback")


def test_a_changed_reply_fails_the_exported_turn(db):
    turns = ex.read_turns(db, SENDER)
    doc = yaml.safe_load(ex.conversation_yaml("exported_x", SENDER, turns, RESPONSES))
    spec = doc["turns"][1]
    assert check_turn(spec, [{"text": "Quel âge avez-vous ?"}], ["action_profil"])
    assert check_turn(spec, turns[1].bubbles, ["action_fallback"])


def test_a_response_with_variants_gets_one_fragment_per_variant(db):
    turn = ex.read_turns(db, SENDER)[0]
    frags = ex.expected_fragments(turn, RESPONSES)
    assert len(frags) == 2
    for variant in RESPONSES["utter_greet"]:
        assert check_turn({"expect": {"any": frags}}, [{"text": variant}], []) == []


def test_fragment_prefers_words_outside_the_fixed_phrasing():
    text = "Voici trois métiers qui pourraient vous correspondre :\n1. Opérateur en plasturgie : sans CV."
    frag, _ = ex.fragment(text, {"voici", "trois", "metiers", "pourraient", "vous", "correspondre"})
    assert frag == "Opérateur en plasturgie"
    frag, _ = ex.fragment("Un texte très long qui continue encore et encore sans aucune ponctuation")
    assert len(frag.split()) == ex.FRAGMENT_WORDS


def test_story_has_text_intents_and_predicted_actions_only(db):
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

    turns = ex.read_turns(db, SENDER)
    text = ex.story_yaml("exported_x", SENDER, turns)
    steps = yaml.safe_load(text)["stories"][0]["steps"]
    assert steps[0] == {"intent": "greet"}                                  # an intent sent as such: no text
    assert steps[1] == {"action": "action_profil"}
    assert steps[2] == {"user": "je suis a lille et j'aime la meca\n", "intent": "inform"}
    assert {"action": "action_suggest_metiers"} not in steps                # a follow-up: rasa test runs no action
    assert {"intent": "inform", "entities": [{"interet": "manuel"}]} in steps
    assert [s for s in steps if "action" in s] == [{"action": a} for a in
                                                   ["action_profil", "action_profil", "action_fallback",
                                                    "action_profil", "action_fallback"]]
    story_steps = YAMLStoryReader().read_from_string(text)
    assert len(story_steps) == 1 and story_steps[0].block_name == "exporté : exported_x"


def test_sender_found_by_the_conversation_number_with_spaces_or_a_unique_prefix(db):
    assert ex.resolve_sender(db, SENDER) == SENDER
    assert ex.resolve_sender(db, " 3f2c 9a1e 7b5d ") == SENDER
    with pytest.raises(SystemExit, match="aucune conversation"):
        ex.resolve_sender(db, "nobody")
    with pytest.raises(SystemExit, match="plusieurs"):
        ex.resolve_sender(db, "3f2c")
    with pytest.raises(SystemExit, match="aucune conversation"):
        ex.resolve_sender(db, "%")                                        # LIKE wildcards are literal

def test_main_writes_both_files_and_does_not_overwrite(db, tmp_path, capsys):
    out, story = tmp_path / "c.yml", tmp_path / "s.yml"
    args = ["--code", SENDER[:8], "--db", db, "--out", str(out), "--story-out", str(story)]
    assert ex.main(args) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["turns"]
    assert yaml.safe_load(story.read_text(encoding="utf-8"))["stories"]
    with pytest.raises(SystemExit, match="existe déjà"):
        ex.main(args)
    assert ex.main(args + ["--force"]) == 0
    assert ex.main(["--db", db]) == 2                                       # no sender: lists them
    assert SENDER in capsys.readouterr().out


def test_code_is_the_conversation_number_of_the_web_page(db, tmp_path, monkeypatch):
    """--code takes the number the page shows (bot/numbers.py), not only a sender id."""
    from bot.numbers import conversation_number

    monkeypatch.setenv("CAP_CONVERSATION_SECRET", "secret-du-serveur-web")
    number = conversation_number(b"secret-du-serveur-web", SENDER)
    assert ex.resolve_number(db, number) == SENDER
    assert ex.resolve_number(db, number.lower().replace("-", " ")) == SENDER
    assert ex.resolve_number(db, conversation_number(b"un-autre-secret", SENDER)) is None
    with pytest.raises(SystemExit, match="aucune conversation"):
        ex.main(["--code", conversation_number(b"un-autre-secret", SENDER), "--db", db])
    assert ex.resolve_number(db, "pas-un-numero-du-tout") is None
    out, story = tmp_path / "c.yml", tmp_path / "s.yml"
    assert ex.main(["--code", number, "--db", db, "--out", str(out), "--story-out", str(story)]) == 0
    assert SENDER in out.read_text(encoding="utf-8")
