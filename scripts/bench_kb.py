"""Benchmark of the knowledge layer (make bench-kb). Targets from the issues:
load + validation of all knowledge < 1.5 s; nearest-events p95 < 2 ms with 20,000 events;
knowledge search (BM25, whole base) p95 < 5 ms per message; a second `make setup` (nothing to install)
< 5 s. Wall-clock limits live here, not in the unit tests, so that a loaded machine cannot turn pytest red.
Writes results/bench-kb.json and prints a summary."""
from __future__ import annotations

import datetime as dt
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from actions.kb.loader import load_knowledge  # noqa: E402
from actions.kb.profile import Profile  # noqa: E402
from scripts.synthetic_events import generate  # noqa: E402

N_EVENTS = int(os.environ.get("BENCH_EVENTS", 20000))
N_QUERIES = int(os.environ.get("BENCH_QUERIES", 5000))
LOAD_RUNS = 7


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def main() -> int:
    print(f"[bench-kb] Python {platform.python_version()}, {os.cpu_count()} cœurs")
    loads = []
    for i in range(LOAD_RUNS):
        t = time.perf_counter()
        kb = load_knowledge()
        loads.append(time.perf_counter() - t)
        print(f"[bench-kb] chargement + validation {i + 1}/{LOAD_RUNS} : {loads[-1] * 1000:.0f} ms", flush=True)

    print(f"[bench-kb] génération de {N_EVENTS} événements synthétiques…", flush=True)
    extra = generate(N_EVENTS, seed=2026, places=kb.places)
    t = time.perf_counter()
    big = load_knowledge(extra_events=extra, places=kb.places)
    load_big = time.perf_counter() - t
    print(f"[bench-kb] base avec {len(big.evenements)} événements chargée en {load_big * 1000:.0f} ms", flush=True)

    rng = random.Random(7)
    towns = kb.places.communes(min_population=1000)
    queries = []
    for _ in range(N_QUERIES):
        place = rng.choice(towns)
        start = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
        queries.append((place, start, start + dt.timedelta(days=rng.choice((30, 60, 120)))))
    for place, start, end in queries[:200]:          # warm-up
        big.events_near(place, 50, start, end, 5)
    times, found = [], 0
    for i, (place, start, end) in enumerate(queries, start=1):
        t = time.perf_counter()
        hits = big.events_near(place, 50, start, end, 5)
        times.append((time.perf_counter() - t) * 1000)
        found += bool(hits)
        if i % 1000 == 0:
            print(f"[bench-kb] requêtes {i}/{N_QUERIES}", flush=True)

    rec_times = []
    for place, _, _ in queries[:500]:
        p = Profile(age=rng.randint(16, 60), place=place, interets=(rng.choice(["manuel", "machines", "informatique"]),))
        t = time.perf_counter()
        big.recommend(p)
        rec_times.append((time.perf_counter() - t) * 1000)

    print("[bench-kb] index de recherche (lemmes spaCy, sans cache)…", flush=True)
    from actions.kb.search import KnowledgeSearch
    t = time.perf_counter()
    search = KnowledgeSearch(kb)                     # no cache: spaCy lemmatises the whole base
    build_s = time.perf_counter() - t
    messages = search_queries()
    for text in messages[:100]:                      # warm-up
        search.decide(search.search(text))
    search_times = []
    for text in messages * max(1, 2000 // max(1, len(messages))):
        t = time.perf_counter()
        search.decide(search.search(text))
        search_times.append((time.perf_counter() - t) * 1000)
    print(f"[bench-kb] recherche : {len(search_times)} messages, index de {search.size} documents construit en "
          f"{build_s:.1f} s", flush=True)

    setup_s = setup_noop_seconds()
    result = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_validate_s": {"median": round(statistics.median(loads), 3), "max": round(max(loads), 3), "runs": LOAD_RUNS},
        "load_with_events_s": round(load_big, 3),
        "events": len(big.evenements),
        "nearest_events_ms": {"p50": round(pct(times, 50), 3), "p95": round(pct(times, 95), 3),
                              "p99": round(pct(times, 99), 3), "queries": N_QUERIES, "with_results": found},
        "recommend_ms": {"p50": round(pct(rec_times, 50), 3), "p95": round(pct(rec_times, 95), 3)},
        "search_ms": {"p50": round(pct(search_times, 50), 3), "p95": round(pct(search_times, 95), 3),
                      "p99": round(pct(search_times, 99), 3), "messages": len(search_times),
                      "documents": search.size, "index_build_s": round(build_s, 2)},
        "setup_noop_s": setup_s,
        "targets": {"load_validate_s": 1.5, "nearest_events_p95_ms": 2.0, "search_p95_ms": 5.0, "setup_noop_s": 5.0},
    }
    ok = (result["load_validate_s"]["max"] < 1.5 and result["nearest_events_ms"]["p95"] < 2.0
          and result["search_ms"]["p95"] < 5.0 and (setup_s is None or setup_s < 5.0))
    result["targets_met"] = ok
    out = ROOT / "results" / "bench-kb.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    print(f"[bench-kb] objectifs {'atteints' if ok else 'NON atteints'} — résultats dans {out.relative_to(ROOT)}")
    write_readme(result)
    return 0 if ok else 1


def setup_noop_seconds():
    """Duration of scripts/setup.sh when .venv is up to date (None otherwise: not measured, and nothing is
    installed by a benchmark). Up to date = the stamp holds the hash setup.sh computes (hash_reqs)."""
    import hashlib
    stamp = ROOT / ".venv" / ".cap-industrie-stamp"
    files = ["requirements/requirements.txt", "requirements/dev.txt", "requirements/constraints.txt", "scripts/setup.sh"]
    want = hashlib.sha256(b"".join((ROOT / f).read_bytes() for f in files)).hexdigest()
    if not stamp.exists() or stamp.read_text().strip() != want:
        print("[bench-kb] .venv n'est pas à jour (make setup installerait) : durée du second make setup non mesurée")
        return None
    t = time.perf_counter()
    run = subprocess.run(["bash", "scripts/setup.sh"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    seconds = round(time.perf_counter() - t, 2)
    if run.returncode != 0 or "à jour" not in run.stdout:
        print("[bench-kb] make setup n'est pas un no-op ici (environnement à mettre à jour) : durée non retenue")
        return None
    print(f"[bench-kb] second make setup (rien à installer) : {seconds:.2f} s", flush=True)
    return seconds


def search_queries():
    """Real messages: the held-out NLU test set and the long-tail questions (search only, no training)."""
    import yaml
    texts = []
    for path in sorted((ROOT / "tests" / "nlu").glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            texts += [re.sub(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})", r"\1", line.strip()[2:])
                      for line in (block.get("examples") or "").splitlines() if line.strip()]
    for path in sorted((ROOT / "tests" / "longtail").glob("*.yml")):
        texts += [q["q"] for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]
    return texts


def write_readme(r) -> None:
    readme = ROOT / "README.md"
    start, end = "<!-- bench:start -->", "<!-- bench:end -->"
    text = readme.read_text(encoding="utf-8") if readme.exists() else ""
    if start not in text or end not in text:
        return
    ev = r["nearest_events_ms"]
    block = "\n".join([
        start,
        f"Mesuré le {r['date'][:10]} par `make bench-kb` ({r['cpus']} cœurs, Python {r['python']} ; détail : `results/bench-kb.json`).",
        "",
        "| mesure | valeur | objectif |",
        "|---|---|---|",
        f"| chargement + validation de `knowledge/` (médiane / max sur {r['load_validate_s']['runs']}) | "
        f"{r['load_validate_s']['median']:.2f} s / {r['load_validate_s']['max']:.2f} s | < 1,5 s |",
        f"| événements les plus proches, {r['events']} événements, p50 / p95 / p99 ({ev['queries']} requêtes) | "
        f"{ev['p50']:.3f} / {ev['p95']:.3f} / {ev['p99']:.3f} ms | p95 < 2 ms |",
        f"| chargement avec les {r['events']} événements | {r['load_with_events_s']:.2f} s | — |",
        f"| recommandation de 3 métiers, p50 / p95 | {r['recommend_ms']['p50']:.2f} / {r['recommend_ms']['p95']:.2f} ms | — |",
        f"| recherche dans la base ({r['search_ms']['documents']} documents), p50 / p95 / p99 sur "
        f"{r['search_ms']['messages']} messages | {r['search_ms']['p50']:.2f} / {r['search_ms']['p95']:.2f} / "
        f"{r['search_ms']['p99']:.2f} ms | p95 < 5 ms |",
        f"| construction de l'index de recherche (lemmes spaCy, sans cache) | {r['search_ms']['index_build_s']:.1f} s | — |",
        f"| second `make setup` (rien à installer) | "
        + (f"{r['setup_noop_s']:.2f} s" if r.get("setup_noop_s") is not None else "non mesuré") + " | < 5 s |",
        end,
    ])
    readme.write_text(text[: text.index(start)] + block + text[text.index(end) + len(end):], encoding="utf-8")
    print("[bench-kb] chiffres écrits dans README.md")


if __name__ == "__main__":
    sys.exit(main())
