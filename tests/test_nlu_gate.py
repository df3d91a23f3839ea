"""The NLU gate (scripts/nlu_gate.py) on small fake outputs of `rasa test nlu`."""
import json

from scripts import nlu_gate


def fake_results(folder, f1s, errors):
    """A --out folder of rasa test nlu: intent_report.json (per-intent F1, macro average) and intent_errors.json."""
    folder.mkdir(parents=True, exist_ok=True)
    report = {k: {"precision": f, "recall": f, "f1-score": f, "support": 10} for k, f in f1s.items()}
    macro = sum(f1s.values()) / len(f1s)
    report.update({"accuracy": macro, "macro avg": {"f1-score": macro, "support": 10 * len(f1s)},
                   "weighted avg": {"f1-score": macro, "support": 10 * len(f1s)}})
    (folder / "intent_report.json").write_text(json.dumps(report))
    rows = [{"text": f"t{i}", "intent": a, "intent_prediction": {"name": b, "confidence": 0.5}}
            for i, (a, b) in enumerate(errors)]
    (folder / "intent_errors.json").write_text(json.dumps(rows))
    return folder


def thresholds(tmp_path, value):
    path = tmp_path / "thresholds.yml"
    path.write_text(f"nlu_intent_macro_f1_min: {value}\n")
    return path


def test_gate_fails_below_the_threshold_and_passes_above(tmp_path):
    out = fake_results(tmp_path / "nlu", {"greet": 1.0, "inform": 0.8}, [("inform", "greet")])   # macro 0.9
    base = tmp_path / "none.json"
    assert nlu_gate.main([str(out), "--thresholds", str(thresholds(tmp_path, 0.91)), "--baseline", str(base)]) == 1
    assert nlu_gate.main([str(out), "--thresholds", str(thresholds(tmp_path, 0.89)), "--baseline", str(base)]) == 0


def test_missing_report_fails_the_gate(tmp_path):
    assert nlu_gate.main([str(tmp_path / "absent"), "--thresholds", str(thresholds(tmp_path, 0.0))]) == 1


def test_threshold_is_read_from_the_repository_thresholds_file():
    assert 0.5 < nlu_gate.threshold() < 1.0


def test_confusions_and_intent_f1_that_changed_against_the_baseline(tmp_path, capsys):
    base_out = fake_results(tmp_path / "before", {"greet": 1.0, "inform": 0.9, "deny": 0.9},
                            [("inform", "greet"), ("deny", "inform"), ("deny", "inform")])
    baseline = tmp_path / "baseline.json"
    limits = thresholds(tmp_path, 0.5)
    assert nlu_gate.main([str(base_out), "--write-baseline", "--baseline", str(baseline), "--thresholds", str(limits)]) == 0
    saved = json.loads(baseline.read_text())
    assert saved["confusions"] == {"deny → inform": 2, "inform → greet": 1}
    assert saved["per_intent_f1"]["inform"] == 0.9 and saved["commit"]

    now = fake_results(tmp_path / "after", {"greet": 1.0, "inform": 0.7, "deny": 0.9},
                       [("inform", "greet"), ("inform", "ask_events"), ("inform", "ask_events"), ("deny", "inform")])
    capsys.readouterr()
    assert nlu_gate.main([str(now), "--baseline", str(baseline), "--thresholds", str(limits)]) == 0
    printed = capsys.readouterr().out
    assert "confusion inform → ask_events : 0 → 2 (nouvelle)" in printed
    assert "confusion deny → inform : 2 → 1 (en baisse)" in printed
    assert "inform → greet : 1 → 1" not in printed                      # unchanged confusions are not listed
    assert "F1 inform : 0.900 → 0.700" in printed and "F1 greet" not in printed


def test_changed_confusions_sorted_by_size_of_change():
    base = {"confusions": {"a → b": 1, "c → d": 3}}
    now = {"confusions": {"a → b": 1, "c → d": 0, "e → f": 1}}
    assert nlu_gate.changed_confusions(now, base) == [("c → d", 3, 0), ("e → f", 0, 1)]
