"""Command line of the knowledge layer.

    python -m actions.kb validate            check every file in knowledge/ (exit 1 on errors)
    python -m actions.kb nlu-lookups [--check]  (re)generate data/nlu/generated/lookups.yml
    python -m actions.kb stats               counts of what the knowledge base holds
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .loader import load_knowledge
from .schema import KnowledgeError


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m actions.kb", description="Base de connaissances Cap Industrie")
    parser.add_argument("--dir", type=Path, default=None, help="dossier knowledge/ (défaut : celui du dépôt)")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("validate", help="valider les fichiers YAML")
    lk = sub.add_parser("nlu-lookups", help="générer les tables NLU")
    lk.add_argument("--check", action="store_true", help="échouer si le fichier généré n'est pas à jour")
    sub.add_parser("stats", help="compter les entrées")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    try:
        kb = load_knowledge(args.dir)
    except KnowledgeError as exc:
        print(f"✗ {exc}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - start

    if args.cmd == "validate" or args.cmd == "stats":
        print(f"✓ base de connaissances valide ({elapsed:.2f} s) : {len(kb.metiers)} métiers, "
              f"{len(kb.dispositifs)} dispositifs, {len(kb.evenements)} événements, "
              f"{len(kb.territoires)} territoires, {kb.places.stats()}")
        return 0
    from . import nlu_export

    if args.check:
        if nlu_export.is_stale(kb):
            print("✗ data/nlu/generated/lookups.yml n'est plus à jour : lancez `make nlu-lookups`.", file=sys.stderr)
            return 1
        print("✓ data/nlu/generated/lookups.yml est à jour.")
        return 0
    changed = nlu_export.write(kb)
    print("✓ data/nlu/generated/lookups.yml " + ("régénéré." if changed else "déjà à jour."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
