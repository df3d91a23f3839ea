#!/usr/bin/env python3
"""Build ``knowledge/lieux/epci.tsv``: every intercommunality (EPCI à fiscalité propre) of France and
its member communes, from Etalab's administrative division package (the same pinned npm package as
``scripts/build_places.py``).

A Territoire d'industrie is made of EPCIs (``knowledge/territoires.yml``, field ``epci``: SIREN codes
with the source that names them); the knowledge layer reads this table to know exactly which
communes belong to a territory (actions/kb/loader.py), instead of guessing from a distance.

Columns::

    siren  nom  type  membres

``type`` is CA, CC, CU or METRO; ``membres`` is the comma-separated list of the INSEE codes of the
member communes, as listed in ``data/epci.json`` of ``@etalab/decoupage-administratif``.

How to rerun (standard library only; npm is only used to fetch the pinned package)::

    python3 scripts/build_epci.py --prepare                 # npm pack into /tmp/cap-lieux-src, then build
    python3 scripts/build_epci.py --etalab /path/to/package/data
    python3 -m actions.kb validate                          # territoires.yml still matches the table

Data: INSEE Code officiel géographique, published by Etalab under the Licence Ouverte 2.0.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_places import DEFAULT_SCRATCH, ETALAB_PACKAGE, ETALAB_VERSION, REPO_ROOT  # noqa: E402

DEFAULT_OUT = REPO_ROOT / "knowledge" / "lieux" / "epci.tsv"
HEADER = "siren\tnom\ttype\tmembres"


def fetch(scratch: Path) -> Path:
    """The data/ folder of the pinned Etalab package, fetched with npm pack when needed."""
    import subprocess
    import tarfile

    target = scratch / f"etalab-{ETALAB_VERSION}"
    data = target / "package" / "data"
    if (data / "epci.json").exists():
        return data
    scratch.mkdir(parents=True, exist_ok=True)
    tgz = scratch / f"etalab-decoupage-administratif-{ETALAB_VERSION}.tgz"
    if not tgz.exists():
        subprocess.run(["npm", "pack", f"{ETALAB_PACKAGE}@{ETALAB_VERSION}", "--pack-destination", str(scratch)],
                       check=True)
    target.mkdir(exist_ok=True)
    with tarfile.open(tgz) as tar:
        members = [m for m in tar.getmembers() if m.name.startswith("package/") and ".." not in m.name]
        extra = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(target, members=members, **extra)
    return data


def build(etalab_dir: Path, out: Path) -> int:
    epcis = json.loads((etalab_dir / "epci.json").read_text(encoding="utf-8"))
    rows = []
    for e in sorted(epcis, key=lambda e: e["code"]):
        members = sorted(m["code"] for m in e.get("membres") or ())
        name = " ".join(str(e["nom"]).split())
        rows.append(f"{e['code']}\t{name}\t{e.get('type', '')}\t{','.join(members)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return len(rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--prepare", action="store_true", help=f"npm pack {ETALAB_PACKAGE}@{ETALAB_VERSION} into --scratch")
    ap.add_argument("--scratch", type=Path, default=DEFAULT_SCRATCH)
    ap.add_argument("--etalab", type=Path, help="data/ folder of the unpacked npm package")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    if args.etalab is None and not args.prepare:
        ap.error("--prepare or --etalab is needed")
    data = args.etalab if args.etalab is not None else fetch(args.scratch)
    n = build(data, args.out)
    print(f"{args.out} : {n} EPCI (Etalab {ETALAB_VERSION})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
