"""scripts/bench.py against a small fake REST channel on 127.0.0.1 (no Rasa): figures, errors, reports."""
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scripts import bench


class FakeBot(BaseHTTPRequestHandler):
    """Answers the REST webhook: 'merci' with text, 'vide' with nothing, 'panne' with HTTP 500."""

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        text = body["message"]
        if text == "panne":
            self.send_response(500)
            self.end_headers()
            return
        replies = [] if text == "vide" else [{"recipient_id": body["sender"], "text": f"réponse à {text}"}]
        data = json.dumps(replies).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeBot)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_percentile_is_nearest_rank():
    values = [i / 1000 for i in range(1, 101)]          # 1..100 ms
    assert bench.percentile(values, 50) == pytest.approx(0.051)
    assert bench.percentile(values, 95) == pytest.approx(0.095)
    assert bench.percentile(values, 99) == pytest.approx(0.099)
    assert bench.summary_ms(values) == {"n": 100, "p50": 51.0, "p95": 95.0, "p99": 99.0}


def test_empty_reply_means_nothing_readable():
    assert bench.is_empty([]) and bench.is_empty([{"text": "  "}])
    assert not bench.is_empty([{"text": "Bonjour"}]) and not bench.is_empty([{"buttons": [{"title": "Oui"}]}])


def test_load_counts_turns_errors_and_empty_replies(fake_url, monkeypatch):
    monkeypatch.setattr(bench, "CONVERSATIONS", [["merci", "vide", "panne"]])
    load = bench.run_load(fake_url, users=3, duration=0.5)
    assert load.turns > 0 and load.errors > 0 and load.empty > 0
    assert load.error_kinds == {"HTTP 500": load.errors}
    assert load.empty == pytest.approx(load.turns / 2, abs=3)    # one turn in two answered is 'vide'


def test_training_time_prefers_a_training_from_scratch(tmp_path):
    log = tmp_path / "train.log"
    assert bench.last_training(log) is None
    log.write_text("2026-12-01T10:00:00Z commit=aaa seconds=180 scratch=1 model=m bytes=1\n"
                   "not a training line\n"
                   "2026-12-02T10:00:00Z commit=bbb seconds=15 scratch=0 model=m bytes=1\n")
    got = bench.last_training(log)
    assert got["seconds"] == 180 and got["from_scratch"] and got["commit"] == "aaa" and got["trainings_in_log"] == 2
    log.write_text("2026-12-02T10:00:00Z commit=bbb seconds=15 scratch=0 model=m bytes=1\n")
    assert bench.last_training(log)["from_scratch"] is False


def test_rss_of_this_process_is_read_from_proc():
    mb = bench.rss_mb(os.getpid())
    assert mb is not None and 1 < mb < 100_000
    assert bench.rss_mb(None) is None and bench.rss_mb(2 ** 22 + 12345) is None


def _result(bare_p95_s, knowledge_p95_s, errors=0, rasa_mb=900.0):
    lat = bench.Latency(bare=[bare_p95_s] * 20, knowledge=[knowledge_p95_s] * 20)
    load = bench.Load(users=20, duration_s=60.0, latencies=[0.1] * 600, errors=errors)
    memory = {"rasa": {"now_mb": rasa_mb, "peak_mb": rasa_mb}, "actions": {"now_mb": 300.0, "peak_mb": 310.0}}
    return bench.build_result(lat, load, memory, None, None, "", "abc1234")


def test_targets_ratio_errors_and_memory():
    good = _result(0.050, 0.060)
    assert good["latency"]["ratio_p95"] == 1.2 and good["targets"]["met"]
    assert good["load"]["turns_per_s"] == 10.0
    assert not _result(0.050, 0.070)["targets"]["checks"]["ratio_p95"]          # 1.4 > 1.3
    assert not _result(0.050, 0.060, errors=1)["targets"]["met"]
    assert not _result(0.050, 0.060, rasa_mb=2300.0)["targets"]["checks"]["rasa_rss"]


def test_readme_block_is_replaced_between_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"avant\n{bench.START}\nvieux chiffres\n{bench.END}\naprès\n")
    assert bench.write_readme(readme, _result(0.050, 0.060))
    text = readme.read_text()
    assert "vieux chiffres" not in text and text.startswith("avant\n") and text.endswith("après\n")
    assert "| rapport des p95 connaissance / simple | 1.20 |" in text and "commit `abc1234`" in text
    other = tmp_path / "OTHER.md"
    other.write_text("pas de marqueurs")
    assert not bench.write_readme(other, _result(0.050, 0.060)) and other.read_text() == "pas de marqueurs"


def test_main_end_to_end_on_the_fake_bot(fake_url, tmp_path, monkeypatch):
    monkeypatch.setattr(bench, "CONVERSATIONS", [["merci", "au revoir"]])
    model = tmp_path / "m.tar.gz"
    model.write_bytes(b"x" * 2_000_000)
    args = ["--url", fake_url, "--turns", "4", "--users", "2", "--duration", "0.5", "--rasa-pid", str(os.getpid()),
            "--model", str(model), "--train-log", str(tmp_path / "none.log"), "--out", str(tmp_path / "bench.md"),
            "--json", str(tmp_path / "bench.json"), "--png", str(tmp_path / "bench.png")]
    code = bench.main(args)
    result = json.loads((tmp_path / "bench.json").read_text())
    assert result["latency"]["bare"]["n"] == 4 and result["latency"]["knowledge"]["n"] == 4
    assert result["load"]["errors"] == 0 and result["load"]["turns"] > 0 and result["model"]["mb"] == 2.0
    assert result["memory"]["rasa"]["peak_mb"] > 0 and result["memory"]["actions"]["peak_mb"] is None
    assert code == (0 if result["targets"]["met"] else 1)
    md = (tmp_path / "bench.md").read_text()
    assert "commit `" in md and "| — erreurs | 0 |" in md and "non mesuré (logs/train.log absent" in md
    assert len((tmp_path / "bench-history.jsonl").read_text().splitlines()) == 1


def test_refuses_a_url_outside_localhost():
    assert bench.main(["--url", "http://example.org:5005"]) == 2


def test_unreachable_bot_exits_2(tmp_path):
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]                    # closed again: nothing listens there
    assert bench.main(["--url", f"http://127.0.0.1:{port}", "--turns", "1", "--json", str(tmp_path / "b.json"),
                       "--out", str(tmp_path / "b.md")]) == 2


def test_training_line_with_rasa_cache_setting_is_read_too(tmp_path):
    log = tmp_path / "train.log"
    log.write_text("2026-12-03T09:00:00Z abc1234 312s cache=0\n2026-12-03T10:00:00Z def5678 40s cache=1000\n")
    got = bench.last_training(log)
    assert (got["seconds"], got["commit"], got["from_scratch"]) == (312, "abc1234", True)
