"""SYNTHETIC events for scale tests and benchmarks only — never served to users.

The bot loads knowledge/evenements.yml only. These generated events are passed explicitly to
load_knowledge(extra_events=...) by the benchmark and the tests; every one is titled
"[SYNTHÉTIQUE]", has an id starting with "synth-" and is flagged `synthetique=True`.
"""
from __future__ import annotations

import datetime as dt
import random
from typing import Dict, List, Optional

TYPES = ["visite", "job_dating", "forum", "escape_game", "atelier", "conference", "portes_ouvertes"]


def generate(n: int, seed: int = 2026, places=None, start: dt.date = dt.date(2026, 1, 1), days: int = 365) -> List[Dict]:
    """n schema-valid event dicts in communes drawn with probability ~ population."""
    if places is None:
        from actions.kb.loader import knowledge_dir
        from actions.kb.places import PlaceIndex

        places = PlaceIndex.load(knowledge_dir() / "lieux")
    rng = random.Random(seed)
    communes = places.communes(min_population=2000)
    weights = [max(1, getattr(c, "population", 0) or 1) for c in communes]
    picks = rng.choices(communes, weights=weights, k=n) if weights and any(weights) else rng.choices(communes, k=n)
    out: List[Dict] = []
    for i, place in enumerate(picks, start=1):
        kind = rng.choice(TYPES)
        day = start + dt.timedelta(days=rng.randrange(days))
        event: Dict = {
            "id": f"synth-{i:05d}",
            "titre": f"[SYNTHÉTIQUE] {kind.replace('_', ' ')} n°{i}",
            "organisateur": "Générateur de test",
            "type": kind,
            "date": day,
            "commune": place.name,
            "departement": place.departement,
            "lat": round(place.lat + rng.uniform(-0.01, 0.01), 4),
            "lon": round(place.lon + rng.uniform(-0.01, 0.01), 4),
            "edition": "synthétique",
            "source": ["synthetique"],
        }
        if rng.random() < 0.1:
            event["date_fin"] = day + dt.timedelta(days=rng.randrange(1, 5))
        out.append(event)
    return out


def main(argv: Optional[List[str]] = None) -> int:
    import argparse

    import yaml

    parser = argparse.ArgumentParser(description="Écrit des événements SYNTHÉTIQUES (tests de charge seulement).")
    parser.add_argument("n", type=int)
    parser.add_argument("--out", required=True, help="fichier YAML de sortie (hors de knowledge/)")
    args = parser.parse_args(argv)
    if "knowledge" in args.out.replace("\\", "/").split("/"):
        parser.error("les événements synthétiques ne doivent jamais être écrits dans knowledge/")
    with open(args.out, "w", encoding="utf-8") as fh:
        yaml.safe_dump(generate(args.n), fh, allow_unicode=True, sort_keys=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
