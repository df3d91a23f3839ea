"""Latency of the running bot through its REST channel (127.0.0.1 only, bounded in count and time).

    python scripts/bench.py --url http://127.0.0.1:5105 [--turns 60] [--label après] [--out results/bench.md]

Measures, in the same run, (a) a bare turn (a greeting: NLU + a response) and (b) a knowledge turn
(a question that runs a custom action querying knowledge/), each over --turns messages after a
warm-up, each turn in a fresh conversation so that history does not grow; prints p50/p95/p99 and
their ratio, and appends a line to --out.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import List, Sequence

# a bare turn is answered by a response of the domain alone; a knowledge turn runs a custom action that
# queries knowledge/ (the same messages before and after the redesign, for comparable figures)
BARE = ["merci", "au revoir", "merci beaucoup"]
KNOWLEDGE = ["c'est quoi une immersion ?", "c'est quoi la POEI", "c'est quoi un chaudronnier ?",
             "combien gagne un soudeur ?"]
MAX_SECONDS = 300


def send(url: str, sender: str, text: str) -> float:
    body = json.dumps({"sender": sender, "message": text}).encode("utf-8")
    req = urllib.request.Request(f"{url.rstrip('/')}/webhooks/rest/webhook", data=body,
                                 headers={"Content-Type": "application/json"})
    t0 = time.perf_counter()
    with urllib.request.urlopen(req, timeout=30) as resp:
        replies = json.loads(resp.read() or b"[]")
    elapsed = time.perf_counter() - t0
    if not replies:
        raise RuntimeError(f"réponse vide pour « {text} »")
    return elapsed


def percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1)))))
    return ordered[k]


def measure(url: str, texts: List[str], turns: int, deadline: float) -> List[float]:
    out: List[float] = []
    for i in range(turns):
        if time.monotonic() > deadline:
            break
        out.append(send(url, f"bench-{uuid.uuid4().hex[:10]}", texts[i % len(texts)]))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", default="http://127.0.0.1:5105")
    ap.add_argument("--turns", type=int, default=60)
    ap.add_argument("--label", default="")
    ap.add_argument("--out", default="results/bench.md")
    args = ap.parse_args(argv)
    deadline = time.monotonic() + MAX_SECONDS
    measure(args.url, BARE + KNOWLEDGE, 10, deadline)          # warm-up
    print(f"[bench] {args.turns} tours simples puis {args.turns} tours « connaissance »…", flush=True)
    bare = measure(args.url, BARE, args.turns, deadline)
    knowledge = measure(args.url, KNOWLEDGE, args.turns, deadline)
    rows = []
    for name, values in (("tour simple (merci, au revoir)", bare), ("tour connaissance (action)", knowledge)):
        p50, p95, p99 = (percentile(values, q) * 1000 for q in (50, 95, 99))
        rows.append((name, len(values), p50, p95, p99))
        print(f"[bench] {name:30s} n={len(values):3d}  p50 {p50:6.0f} ms  p95 {p95:6.0f} ms  p99 {p99:6.0f} ms")
    ratio = rows[1][3] / rows[0][3] if rows[0][3] else float("nan")
    print(f"[bench] rapport p95 connaissance / simple : {ratio:.2f}")
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = "?"
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    new = not out.exists()
    with out.open("a", encoding="utf-8") as fh:
        if new:
            fh.write("| date | commit | libellé | tour | n | p50 (ms) | p95 (ms) | p99 (ms) |\n|---|---|---|---|---|---|---|---|\n")
        for name, n, p50, p95, p99 in rows:
            fh.write(f"| {dt.datetime.now():%Y-%m-%d %H:%M} | {commit} | {args.label} | {name} | {n} | {p50:.0f} | {p95:.0f} | {p99:.0f} |\n")
    print(f"[bench] résultats ajoutés à {out} (médiane simple {statistics.median(bare) * 1000:.0f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
