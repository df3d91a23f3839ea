"""scripts/model_tests.py: the NLU report it writes is the one rasa test nlu wrote (scripts/nlu_gate.py reads it)."""
import asyncio
import json

from scripts import model_tests
from scripts.nlu_gate import summarise


class FakeAgent:
    """Parses as a model would, with the FallbackClassifier's shape for one message."""

    def __init__(self, answers):
        self.answers = answers

    async def parse_message(self, text):
        name, confidence = self.answers[text]
        if name == "nlu_fallback":     # what FallbackClassifier writes: fallback on top, the real guess below
            ranking = [{"name": "nlu_fallback", "confidence": 1.0}, {"name": "goodbye", "confidence": 0.3}]
            return {"text": text, "intent": ranking[0], "intent_ranking": ranking}
        return {"text": text, "intent": {"name": name, "confidence": confidence},
                "intent_ranking": [{"name": name, "confidence": confidence}]}


def test_annotated_sentences_are_read_without_their_entities(tmp_path):
    (tmp_path / "a.yml").write_text('version: "3.1"\nnlu:\n- intent: inform\n  examples: |\n'
                                    '    - j\'habite à [Lyon](lieu)\n    - j\'ai [18](age) ans\n', encoding="utf-8")
    assert model_tests.nlu_examples(tmp_path) == [("j'habite à Lyon", "inform"), ("j'ai 18 ans", "inform")]


def test_report_and_errors_as_rasa_writes_them(tmp_path):
    examples = [("salut", "greet"), ("bonjour", "greet"), ("++", "goodbye"), ("j'ai 18 ans", "inform")]
    agent = FakeAgent({"salut": ("greet", 0.9), "bonjour": ("greet", 0.8), "++": ("nlu_fallback", 1.0),
                       "j'ai 18 ans": ("ask_how_to_start", 0.6)})
    f1 = asyncio.run(model_tests.evaluate_nlu(agent, examples, tmp_path))
    report = json.loads((tmp_path / "intent_report.json").read_text(encoding="utf-8"))
    # the fallback is undone ("++" counts as its intent below), and only the test set's intents are labels
    assert set(report) >= {"greet", "goodbye", "inform", "macro avg"} and "ask_how_to_start" not in report
    assert report["goodbye"]["f1-score"] == 1.0 and report["inform"]["f1-score"] == 0.0
    errors = json.loads((tmp_path / "intent_errors.json").read_text(encoding="utf-8"))
    assert errors == [{"text": "j'ai 18 ans", "intent": "inform",
                       "intent_prediction": {"name": "ask_how_to_start", "confidence": 0.6}}]
    summary = summarise(tmp_path)
    assert summary["macro_f1"] == round(f1, 4) == round(2 / 3, 4)
    assert summary["confusions"] == {"inform → ask_how_to_start": 1}


def test_a_missing_model_is_one_clear_line(tmp_path, capsys):
    assert model_tests.main(["--model", str(tmp_path / "absent.tar.gz"), "--nlu", "tests/nlu"]) == 1
    assert capsys.readouterr().err.startswith("ERREUR : modèle introuvable")
