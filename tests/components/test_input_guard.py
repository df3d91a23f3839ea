"""components/input_guard.py: small talk never takes a request or a question."""
import pytest

pytest.importorskip("rasa")

from rasa.shared.nlu.training_data.message import Message  # noqa: E402

from components.input_guard import InputGuard  # noqa: E402


def parsed(text, intent, ranking, entities=()):
    message = Message(data={"text": text})
    message.set("entities", [{"entity": e, "value": v} for e, v in entities])
    message.set("intent", {"name": intent, "confidence": ranking[0][1]})
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking])
    return InputGuard().process([message])[0].get("intent")["name"]


def test_a_question_read_as_goodbye_gets_a_request_or_the_next_intent():
    # live turn (2026-12-04): "et un truc plus créatif ?" read as goodbye ended the conversation
    assert parsed("et un truc plus créatif ?", "goodbye", [("goodbye", 0.51), ("ask_scheme", 0.13)]) == "ask_trade_ideas"
    assert parsed("merci, et la POEI c'est payé ?", "thanks", [("thanks", 0.6), ("ask_scheme", 0.3)]) == "ask_scheme"


def test_a_request_read_as_chitchat_gets_its_intent():
    assert parsed("t'as des idees ?", "chitchat", [("chitchat", 0.82), ("ask_trade_ideas", 0.04)]) == "ask_trade_ideas"


def test_real_small_talk_and_other_intents_are_left_alone():
    assert parsed("merci beaucoup", "thanks", [("thanks", 0.9), ("affirm", 0.05)]) == "thanks"
    assert parsed("au revoir", "goodbye", [("goodbye", 0.9), ("thanks", 0.05)]) == "goodbye"
    assert parsed("ça va ?", "chitchat", [("chitchat", 0.9), ("greet", 0.05)]) == "chitchat"
    # a request in words does not override what the classifier read with a subject
    assert parsed("quel salaire pour un soudeur ?", "ask_trade_pay", [("ask_trade_pay", 0.9)]) == "ask_trade_pay"


def test_a_statement_about_the_person_read_as_goodbye_is_information():
    # live turn (2026-12-04): "jveux pas faire de nuit plus tard" got « Au revoir et bonne route »
    assert parsed("jveux pas faire de nuit plus tard", "goodbye", [("goodbye", 0.7), ("inform", 0.2)],
                  entities=[("contrainte", "pas_de_nuit")]) == "inform"
    assert parsed("merci au revoir", "goodbye", [("goodbye", 0.9)]) == "goodbye"
