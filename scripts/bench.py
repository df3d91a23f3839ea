"""Benchmark of the running bot through its REST channel (make bench; 127.0.0.1 only, bounded in count and time).

    python scripts/bench.py --url http://127.0.0.1:5205 [--turns 100] [--users 20] [--duration 60]
                            [--rasa-pid PID] [--actions-pid PID] [--model models/cap-industrie.tar.gz]
                            [--train-log logs/train.log] [--out results/bench.md] [--json results/bench.json]
                            [--png results/bench.png] [--readme README.md] [--label …]

All in one run, on the same bot:
1. latency per message of (a) a bare turn (NLU + a response of the domain: "merci", "au revoir") and
   (b) a knowledge turn (a custom action that queries knowledge/), interleaved one by one so that a
   change of machine load hits both alike, each in a fresh conversation; p50 / p95 / p99 and the ratio
   of the p95s;
2. --users simulated users talking at the same time for --duration seconds (each plays a short
   conversation of one of the three publics, then starts a new one): turns/s, p50 / p95 / p99,
   errors (HTTP error, timeout, connection refused) and empty replies;
3. resident memory (RSS, now and peak, process and children) of the Rasa server and of the action
   server, sampled during the load;
4. the model's size, and the latest training time from logs/train.log (written by scripts/train.sh;
   TRAIN=1 make bench times a training from scratch first).

Writes --json, --out (Markdown, with commit and date), --png when matplotlib is installed, appends one
line to results/bench-history.jsonl, and rewrites the README block between <!-- mesures:start --> and
<!-- mesures:end --> when --readme is given. Exit code 0 when the targets are met, 1 when not, 2 when
the bot cannot be reached.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]

# a bare turn is answered by a response of the domain alone (the greeting runs action_profil in this bot,
# so thanks and goodbye are the bare turns); a knowledge turn runs a custom action that queries knowledge/
BARE = ["merci", "au revoir", "merci beaucoup"]
KNOWLEDGE = ["c'est quoi une immersion ?", "c'est quoi la POEI", "c'est quoi un chaudronnier ?",
             "combien gagne un soudeur ?"]
# what the simulated users of the load test say, one conversation per public, played in turn
CONVERSATIONS = [
    ["bonjour", "j'ai 19 ans et j'habite à Lyon", "quels métiers pour moi ?", "dis m'en plus sur le premier",
     "c'est quoi l'apprentissage ?", "merci"],
    ["salut", "je suis salarié depuis 20 ans, je veux me reconvertir", "c'est quoi la POEI",
     "combien gagne un soudeur ?", "y a des événements près de Rouen ?", "au revoir"],
    ["bonjour", "l'usine c'est pas un truc de mecs ?", "j'ai deux enfants et je ne peux pas travailler de nuit",
     "quels métiers pour moi ?", "c'est quoi une immersion ?", "merci beaucoup"],
]
MAX_SECONDS = 300           # bound of the sequential part (warm-up + latency turns)
TIMEOUT = 30.0              # per request
TARGETS = {"ratio_p95_max": 1.3, "load_errors_max": 0, "rasa_rss_mb_max": 2200}
START, END = "<!-- mesures:start -->", "<!-- mesures:end -->"


# --- HTTP -------------------------------------------------------------------------------------------
def send(url: str, sender: str, text: str, timeout: float = TIMEOUT) -> Tuple[float, List[Dict[str, Any]]]:
    """(seconds, bot messages) of one message through the REST channel; raises on HTTP or network errors."""
    body = json.dumps({"sender": sender, "message": text}).encode("utf-8")
    req = urllib.request.Request(f"{url.rstrip('/')}/webhooks/rest/webhook", data=body,
                                 headers={"Content-Type": "application/json"})
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        replies = json.loads(resp.read() or b"[]")
    return time.perf_counter() - t0, replies


def is_empty(replies: Sequence[Dict[str, Any]]) -> bool:
    """True when the bot said nothing a person can read (no text, no button, no image)."""
    return not any((m.get("text") or "").strip() or m.get("buttons") or m.get("image") or m.get("custom")
                   for m in replies or [])


# --- statistics -------------------------------------------------------------------------------------
def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1)))))
    return ordered[k]


def summary_ms(seconds: Sequence[float]) -> Dict[str, Any]:
    return {"n": len(seconds), **{f"p{q}": round(percentile(seconds, q) * 1000, 1) for q in (50, 95, 99)}}


# --- 1. latency ---------------------------------------------------------------------------------------
@dataclass
class Latency:
    bare: List[float] = field(default_factory=list)
    knowledge: List[float] = field(default_factory=list)
    empty: int = 0


def measure_latency(url: str, turns: int, deadline: float, progress: bool = True) -> Latency:
    """`turns` bare and `turns` knowledge turns, interleaved, each in a fresh conversation."""
    out = Latency()
    for i in range(turns):
        if time.monotonic() > deadline:
            print(f"[bench] limite de {MAX_SECONDS} s atteinte après {i} paires de tours", flush=True)
            break
        for texts, bucket in ((BARE, out.bare), (KNOWLEDGE, out.knowledge)):
            seconds, replies = send(url, f"bench-{uuid.uuid4().hex[:10]}", texts[i % len(texts)])
            bucket.append(seconds)
            out.empty += is_empty(replies)
        if progress and (i + 1) % 25 == 0:
            print(f"[bench]   {i + 1}/{turns} paires de tours", flush=True)
    return out


# --- 2. load ------------------------------------------------------------------------------------------
@dataclass
class Load:
    users: int
    requested_s: float = 0.0     # how long the users keep talking
    duration_s: float = 0.0      # until the last reply (in-flight turns finish after requested_s)
    latencies: List[float] = field(default_factory=list)
    errors: int = 0
    empty: int = 0
    error_kinds: Dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def turns(self) -> int:
        return len(self.latencies)

    def record(self, seconds: Optional[float], empty: bool = False, error: Optional[str] = None) -> None:
        with self.lock:
            if error is not None:
                self.errors += 1
                self.error_kinds[error] = self.error_kinds.get(error, 0) + 1
                return
            self.latencies.append(seconds)
            self.empty += empty


def _user(url: str, n: int, stop_at: float, load: Load) -> None:
    conv = 0
    while time.monotonic() < stop_at:
        script = CONVERSATIONS[(n + conv) % len(CONVERSATIONS)]
        sender = f"bench-load-{n}-{conv}-{uuid.uuid4().hex[:6]}"
        for text in script:
            if time.monotonic() >= stop_at:
                return
            try:
                seconds, replies = send(url, sender, text)
            except urllib.error.HTTPError as exc:
                load.record(None, error=f"HTTP {exc.code}")
                continue
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError, ValueError) as exc:
                load.record(None, error=type(getattr(exc, "reason", exc)).__name__)
                continue
            load.record(seconds, empty=is_empty(replies))
        conv += 1


def run_load(url: str, users: int, duration: float, on_tick=None) -> Load:
    """`users` threads, each a person talking to the bot without pause, for `duration` seconds."""
    load = Load(users, requested_s=duration)
    t0 = time.monotonic()
    stop_at = t0 + duration
    threads = [threading.Thread(target=_user, args=(url, n, stop_at, load), daemon=True) for n in range(users)]
    for t in threads:
        t.start()
    next_print = t0 + 10
    while any(t.is_alive() for t in threads):
        time.sleep(0.5)
        if on_tick:
            on_tick()
        if time.monotonic() >= next_print:
            print(f"[bench]   {time.monotonic() - t0:4.0f} s : {load.turns} tours, {load.errors} erreurs", flush=True)
            next_print += 10
        if time.monotonic() > stop_at + TIMEOUT + 5:        # a request cannot outlive its timeout
            break
    load.duration_s = time.monotonic() - t0
    return load


# --- 3. memory ------------------------------------------------------------------------------------------
def _descendants(pid: int) -> List[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return out


def _status_kb(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def rss_mb(pid: Optional[int]) -> Optional[float]:
    """Resident memory of a process and its children, in MB (None without a pid or a /proc entry)."""
    if not pid or not Path(f"/proc/{pid}").exists():
        return None
    return round(sum(_status_kb(p, "VmRSS") for p in _descendants(pid)) / 1024, 1)


class MemoryPeak:
    """Highest RSS seen for each watched process (sampled by the load loop, and VmHWM at the end)."""

    def __init__(self, pids: Dict[str, Optional[int]]):
        self.pids = pids
        self.peak: Dict[str, Optional[float]] = {name: rss_mb(pid) for name, pid in pids.items()}

    def sample(self) -> None:
        for name, pid in self.pids.items():
            now = rss_mb(pid)
            if now is not None:
                self.peak[name] = max(self.peak.get(name) or 0.0, now)

    def result(self) -> Dict[str, Dict[str, Optional[float]]]:
        out = {}
        for name, pid in self.pids.items():
            hwm = round(sum(_status_kb(p, "VmHWM") for p in _descendants(pid)) / 1024, 1) if rss_mb(pid) is not None else None
            seen = [x for x in (self.peak.get(name), hwm) if x is not None]
            peak = max(seen) if seen else None
            out[name] = {"now_mb": rss_mb(pid), "peak_mb": peak}
        return out


# --- 4. model and training -----------------------------------------------------------------------------
# two line formats: this branch's scripts/train.sh ("… commit=abc seconds=183 scratch=1 …") and the one
# written with Rasa's cache setting ("… abc 183s cache=0": no cache means nothing reused, i.e. from scratch)
TRAIN_LINE = re.compile(r"^(?P<date>\S+)\s+commit=(?P<commit>\S+)\s+seconds=(?P<seconds>\d+)\s+scratch=(?P<scratch>[01])")
TRAIN_LINE_CACHE = re.compile(r"^(?P<date>\S+)\s+(?P<commit>[0-9a-f?]+)\s+(?P<seconds>\d+)s\s+cache=(?P<cache>\d+)")


def _train_row(line: str) -> Optional[Dict[str, str]]:
    m = TRAIN_LINE.match(line)
    if m:
        return m.groupdict()
    m = TRAIN_LINE_CACHE.match(line)
    if m:
        row = m.groupdict()
        row["scratch"] = "1" if row.pop("cache") == "0" else "0"
        return row
    return None


def last_training(log: Path) -> Optional[Dict[str, Any]]:
    """The latest training of logs/train.log, preferring one from scratch (FORCE_TRAIN=1, or cache=0)."""
    if not log.exists():
        return None
    rows = [r for r in map(_train_row, log.read_text(encoding="utf-8").splitlines()) if r]
    if not rows:
        return None
    scratch = [r for r in rows if r["scratch"] == "1"]
    row = (scratch or rows)[-1]
    return {"date": row["date"], "commit": row["commit"], "seconds": int(row["seconds"]),
            "from_scratch": row["scratch"] == "1", "trainings_in_log": len(rows)}


def git_commit() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
    except OSError:
        return "?"
    return f"{sha}+modifications" if sha and dirty else (sha or "?")


# --- report ----------------------------------------------------------------------------------------------
def evaluate(result: Dict[str, Any]) -> Dict[str, Any]:
    ratio = result["latency"]["ratio_p95"]
    rasa_peak = (result["memory"].get("rasa") or {}).get("peak_mb")
    checks = {
        "ratio_p95": ratio is not None and ratio <= TARGETS["ratio_p95_max"],
        "load_errors": result["load"]["errors"] <= TARGETS["load_errors_max"],
        "rasa_rss": rasa_peak is not None and rasa_peak <= TARGETS["rasa_rss_mb_max"],
    }
    return {"checks": checks, "met": all(checks.values())}


def fmt_ms(s: Dict[str, Any]) -> str:
    return f"{s['p50']:.0f} / {s['p95']:.0f} / {s['p99']:.0f} ms"


def fmt_mb(x: Optional[float]) -> str:
    return "non mesuré" if x is None else f"{x:.0f} Mo"


def ok(flag: bool) -> str:
    return "atteint" if flag else "**non atteint**"


def markdown_table(r: Dict[str, Any]) -> List[str]:
    lat, load, mem, checks = r["latency"], r["load"], r["memory"], r["targets"]["checks"]
    rasa, actions = mem.get("rasa") or {}, mem.get("actions") or {}
    train = r.get("training")
    if train:
        train_txt = (f"{train['seconds']} s ({'depuis zéro, sans cache' if train['from_scratch'] else 'dernier entraînement, cache de Rasa possible'}"
                     f", {train['date'][:10]}, commit `{train['commit']}`)")
    else:
        train_txt = "non mesuré (logs/train.log absent : `TRAIN=1 make bench`)"
    return [
        "| mesure | valeur | objectif |",
        "|---|---|---|",
        f"| tour simple (« merci », « au revoir »), p50 / p95 / p99 sur {lat['bare']['n']} | {fmt_ms(lat['bare'])} | — |",
        f"| tour connaissance (action qui lit `knowledge/`), p50 / p95 / p99 sur {lat['knowledge']['n']} | "
        f"{fmt_ms(lat['knowledge'])} | — |",
        f"| rapport des p95 connaissance / simple | {lat['ratio_p95']:.2f} | ≤ {TARGETS['ratio_p95_max']} ({ok(checks['ratio_p95'])}) |",
        f"| {load['users']} personnes simultanées pendant {load.get('requested_s') or load['duration_s']:.0f} s : tours/s | "
        f"{load['turns_per_s']:.1f} ({load['turns']} tours en {load['duration_s']:.0f} s, dernières réponses comprises) | — |",
        f"| — p50 / p95 / p99 par message | {fmt_ms(load['latency'])} | — |",
        f"| — erreurs | {load['errors']} | 0 ({ok(checks['load_errors'])}) |",
        f"| — réponses vides | {load['empty']} | — |",
        f"| mémoire du serveur Rasa (RSS après / pic) | {fmt_mb(rasa.get('now_mb'))} / {fmt_mb(rasa.get('peak_mb'))} | "
        f"≤ 2,2 Go ({ok(checks['rasa_rss'])}) |",
        f"| mémoire du serveur d'actions (RSS après / pic) | {fmt_mb(actions.get('now_mb'))} / {fmt_mb(actions.get('peak_mb'))} | — |",
        f"| taille du modèle | {r['model']['mb']:.1f} Mo | — |" if r["model"].get("mb") is not None
        else "| taille du modèle | non mesurée | — |",
        f"| entraînement | {train_txt} | — |",
    ]


def markdown(r: Dict[str, Any], history: List[Dict[str, Any]]) -> str:
    lines = ["# Mesures du bot (`make bench`)", "",
             f"Mesuré le {r['date'].replace('T', ' ')} UTC sur le commit `{r['commit']}` ({r['cpus']} cœurs, charge de la "
             f"machine à la fin : {r.get('loadavg_1min_end', float('nan')):.1f}), par "
             f"`make bench` : un bot démarré sur 127.0.0.1, canal REST, serveur d'actions actif. {r['label']}".rstrip(), ""]
    lines += markdown_table(r)
    lines += ["", f"Objectifs {'tous atteints' if r['targets']['met'] else 'NON tous atteints'}."]
    if r["load"]["error_kinds"]:
        lines.append("Erreurs sous charge : " + ", ".join(f"{k} ({v})" for k, v in sorted(r["load"]["error_kinds"].items())) + ".")
    if r.get("png"):
        lines += ["", f"![latences]({Path(r['png']).name})"]
    if history:
        lines += ["", "## Historique (results/bench-history.jsonl)", "",
                  "| date | commit | simple p95 | connaissance p95 | rapport | charge tours/s | charge p95 | erreurs | RSS Rasa pic |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for h in history[-15:]:
            lines.append(f"| {h['date'][:16].replace('T', ' ')} | {h['commit']} | {h['bare_p95']:.0f} ms | {h['knowledge_p95']:.0f} ms | "
                         f"{h['ratio_p95']:.2f} | {h['turns_per_s']:.1f} | {h['load_p95']:.0f} ms | {h['errors']} | "
                         f"{fmt_mb(h.get('rasa_peak_mb'))} |")
    return "\n".join(lines) + "\n"


def readme_block(r: Dict[str, Any]) -> str:
    return "\n".join([START,
                      f"Mesuré le {r['date'][:10]} sur le commit `{r['commit']}` ({r['cpus']} cœurs, charge moyenne de la machine "
                      f"à la fin : {r.get('loadavg_1min_end', float('nan')):.1f}) par `make bench` "
                      "(détail : `results/bench.md`, `results/bench.json`).", ""]
                     + markdown_table(r) + [END])


def write_readme(readme: Path, r: Dict[str, Any]) -> bool:
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    if START not in text or END not in text:
        return False
    readme.write_text(text[: text.index(START)] + readme_block(r) + text[text.index(END) + len(END):], encoding="utf-8")
    return True


def write_png(path: Path, r: Dict[str, Any]) -> bool:
    """Bar chart of p50/p95/p99 (bare, knowledge, under load), only when matplotlib is installed."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    groups = [("tour simple", r["latency"]["bare"]), ("tour connaissance", r["latency"]["knowledge"]),
              (f"{r['load']['users']} personnes", r["load"]["latency"])]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    width = 0.25
    for j, q in enumerate(("p50", "p95", "p99")):
        xs = [i + (j - 1) * width for i in range(len(groups))]
        ax.bar(xs, [g[1][q] for g in groups], width, label=q)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels([g[0] for g in groups])
    ax.set_ylabel("ms par message")
    ax.set_title(f"make bench — {r['date'][:10]}, commit {r['commit']}")
    ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def history_row(r: Dict[str, Any]) -> Dict[str, Any]:
    return {"date": r["date"], "commit": r["commit"], "bare_p95": r["latency"]["bare"]["p95"],
            "knowledge_p95": r["latency"]["knowledge"]["p95"], "ratio_p95": r["latency"]["ratio_p95"],
            "turns_per_s": r["load"]["turns_per_s"], "load_p95": r["load"]["latency"]["p95"],
            "errors": r["load"]["errors"], "rasa_peak_mb": (r["memory"].get("rasa") or {}).get("peak_mb")}


def build_result(lat: Latency, load: Load, memory: Dict[str, Any], model: Optional[Path],
                 training: Optional[Dict[str, Any]], label: str, commit: str) -> Dict[str, Any]:
    bare, know = summary_ms(lat.bare), summary_ms(lat.knowledge)
    size = model.stat().st_size if model and model.exists() else None
    result = {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S"),
        "commit": commit, "label": label, "cpus": os.cpu_count(),
        "loadavg_1min_end": round(os.getloadavg()[0], 2),   # other work on the machine skews every figure
        "latency": {"bare": bare, "knowledge": know, "empty": lat.empty,
                    "ratio_p95": round(know["p95"] / bare["p95"], 2) if bare["p95"] else None,
                    "bare_messages": BARE, "knowledge_messages": KNOWLEDGE},
        "load": {"users": load.users, "requested_s": load.requested_s, "duration_s": round(load.duration_s, 1),
                 "turns": load.turns,
                 "turns_per_s": round(load.turns / load.duration_s, 2) if load.duration_s else 0.0,
                 "latency": summary_ms(load.latencies), "errors": load.errors, "empty": load.empty,
                 "error_kinds": load.error_kinds},
        "memory": memory,
        "model": {"path": str(model) if model else None, "bytes": size,
                  "mb": round(size / 1e6, 1) if size is not None else None},
        "training": training,
        "targets": {},
    }
    result["targets"] = {**evaluate(result), **TARGETS}
    return result


def main(argv: Optional[Sequence[str]] = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", default="http://127.0.0.1:5205")
    ap.add_argument("--turns", type=int, default=100, help="bare and knowledge turns each (sequential part)")
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--duration", type=float, default=60.0, help="seconds of the load test")
    ap.add_argument("--rasa-pid", type=int, default=None)
    ap.add_argument("--actions-pid", type=int, default=None)
    ap.add_argument("--model", type=Path, default=ROOT / "models" / "cap-industrie.tar.gz")
    ap.add_argument("--train-log", type=Path, default=ROOT / "logs" / "train.log")
    ap.add_argument("--label", default="")
    ap.add_argument("--out", type=Path, default=ROOT / "results" / "bench.md")
    ap.add_argument("--json", type=Path, default=ROOT / "results" / "bench.json")
    ap.add_argument("--png", default=str(ROOT / "results" / "bench.png"), help="'' for no chart")
    ap.add_argument("--readme", type=Path, default=None)
    args = ap.parse_args(argv)
    if not args.url.startswith(("http://127.0.0.1:", "http://localhost:")):
        print("[bench] ✗ le banc ne vise que 127.0.0.1", file=sys.stderr)
        return 2
    memory = MemoryPeak({"rasa": args.rasa_pid, "actions": args.actions_pid})
    deadline = time.monotonic() + MAX_SECONDS
    try:
        print("[bench] échauffement (10 tours)…", flush=True)
        measure_latency(args.url, 5, deadline, progress=False)
        print(f"[bench] 1/3 latence : {args.turns} tours simples et {args.turns} tours « connaissance », alternés…", flush=True)
        lat = measure_latency(args.url, args.turns, deadline)
    except (urllib.error.URLError, ConnectionError, TimeoutError) as exc:
        print(f"[bench] ✗ le bot ne répond pas sur {args.url} : {exc}", file=sys.stderr)
        return 2
    memory.sample()
    print(f"[bench] 2/3 charge : {args.users} personnes simultanées pendant {args.duration:.0f} s…", flush=True)
    load = run_load(args.url, args.users, args.duration, on_tick=memory.sample)
    memory.sample()
    print("[bench] 3/3 mémoire, modèle, durée d'entraînement…", flush=True)
    result = build_result(lat, load, memory.result(), args.model, last_training(args.train_log), args.label, git_commit())

    history_file = args.json.parent / "bench-history.jsonl"
    history_file.parent.mkdir(parents=True, exist_ok=True)
    with history_file.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(history_row(result), ensure_ascii=False) + "\n")
    history = [json.loads(line) for line in history_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.png and write_png(Path(args.png), result):
        result["png"] = str(args.png)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    args.out.write_text(markdown(result, history), encoding="utf-8")
    for line in markdown_table(result)[2:]:
        label, value, target = (c.strip() for c in line.strip("|").split(" | ", 2))
        print(f"[bench] {label} : {value}" + (f"   (objectif {target})" if target != "—" else ""))
    print(f"[bench] objectifs {'atteints' if result['targets']['met'] else 'NON atteints'} — {args.out}, {args.json}"
          + (f", {args.png}" if result.get("png") else ""))
    if args.readme and write_readme(args.readme, result):
        print(f"[bench] chiffres écrits dans {args.readme}")
    return 0 if result["targets"]["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
