"""Trade suggestions measured on profiles written apart (tests/reco/, make eval-reco, a gate of make test).

    python scripts/eval_reco.py [--report results/reco.md] [--gate]

Each profile's messages go, one by one, through what the bot does with a message: the NLU's entity
extractor (actions/kb/extract.py, the ProfileExtractor component) and the slot rules
(actions/slots.py); the profile then gets the three trades and reasons the bot shows
(actions/trades.py: kb.recommend, diverse, distinct_reasons). Figures:
- unflagged constraint violations: a suggested trade whose conditions clash with a stated constraint
  (actions/kb/recommend.py, CLASHES) without the "Attention : …" caution;
- profiles with at least one acceptable trade (the writer's list) among the three;
- identical reason sentences among the three suggestions;
- constraint phrasings (tests/reco/constraints*.yml, two writers) mapped to the right vocabulary id, from
  the raw sentence to the profile the slots make.
Gates (--gate) come from tests/thresholds.yml.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from actions.kb import get_knowledge  # noqa: E402
from actions.kb.extract import get_extractor  # noqa: E402
from actions.kb.recommend import CLASHES  # noqa: E402
from actions.profile import profile_from_slots  # noqa: E402
from actions.slots import profile_updates  # noqa: E402
from actions.trades import distinct_reasons, diverse  # noqa: E402


def profile_of(kb, messages):
    slots = {}
    for text in messages:
        entities = [f.as_rasa(text) for f in get_extractor().extract(text)]
        slots.update(profile_updates(slots, entities, "inform", text, kb))
    return slots, profile_from_slots(slots, kb)


def suggestions(kb, profile):
    return diverse(kb.recommend(profile, n=12)) or kb.recommend(profile, n=3)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--profiles", nargs="*", default=sorted(str(p) for p in (ROOT / "tests/reco").glob("profiles*.yml")))
    ap.add_argument("--constraints", nargs="*", default=sorted(str(p) for p in (ROOT / "tests/reco").glob("constraints*.yml")))
    ap.add_argument("--report", default=str(ROOT / "results/reco.md"))
    ap.add_argument("--gate", action="store_true", help="exit 1 below the thresholds of tests/thresholds.yml")
    args = ap.parse_args(argv)
    kb = get_knowledge()
    profiles = []
    for name in args.profiles:
        profiles += [dict(p, set=Path(name).stem)
                     for p in yaml.safe_load(Path(name).read_text(encoding="utf-8"))["profiles"]]
    phrasings = []
    for name in args.constraints:
        phrasings += [dict(ph, set=Path(name).stem)
                      for ph in yaml.safe_load(Path(name).read_text(encoding="utf-8"))["phrasings"]]

    violations, fitting, repeated, extra_in_profiles = 0, 0, 0, 0
    lines = []
    fit_per_set = {}
    for p in profiles:
        slots, profile = profile_of(kb, p["messages"])
        recs = suggestions(kb, profile)
        reasons = distinct_reasons(kb, recs, profile)
        stated = set(p.get("constraints") or [])
        got = set(profile.real_constraints)
        bad = []
        for r in recs:
            for c in stated:
                clash = [x for x in CLASHES.get(c, ()) if x in r.metier.conditions]
                if clash and not r.cautions:
                    bad.append(f"{r.metier.id} ({c}: {', '.join(clash)})")
        violations += len(bad)
        ok = any(r.metier.id in p["acceptable"] for r in recs)
        fitting += ok
        tally = fit_per_set.setdefault(p["set"], [0, 0])
        tally[0] += 1
        tally[1] += ok
        extra_in_profiles += bool(got - stated)
        repeated += len(reasons) - len(set(reasons))
        if bad or not ok or stated - got:
            lines.append(f"- **{p['id']}** ({p['persona']}) : {' / '.join(r.metier.id for r in recs)}"
                         + ("" if ok else " — aucun acceptable")
                         + (f" — contraintes non comprises : {sorted(stated - got)}" if stated - got else "")
                         + (f" — sans avertissement : {bad}" if bad else ""))
    mapped, extra = 0, 0
    misses = []
    per_set = {}
    for ph in phrasings:
        # from the raw sentence to the profile the slots make (a "sans diplôme" may come as a level)
        _, prof = profile_of(kb, [ph["text"]])
        found = set(prof.real_constraints) | ({"sans_diplome"} if prof.value("diplome") == "sans_diplome" else set())
        tally = per_set.setdefault(ph["set"], [0, 0])
        tally[0] += 1
        if found - {ph["id"]}:
            extra += 1
            misses.append(f"- « {ph['text']} » → {sorted(found)} : en trop {sorted(found - {ph['id']})}")
        if ph["id"] in found:
            mapped += 1
            tally[1] += 1
        else:
            misses.append(f"- « {ph['text']} » → {sorted(found) or 'rien'} (attendu {ph['id']})")

    n, m = len(profiles), len(phrasings)
    summary = [
        f"- profils : {n} ; contraintes non signalées parmi les trois métiers : {violations}",
        f"- profils avec au moins un métier acceptable parmi les trois : {fitting}/{n} ({100 * fitting / n:.1f} %)",
    ] + [f"  - {name} : {ok}/{count} ({100 * ok / count:.1f} %)" for name, (count, ok) in sorted(fit_per_set.items())] + [
        f"- profils où une contrainte non dite a été comprise : {extra_in_profiles}/{n}",
        f"- raisons identiques entre les trois métiers : {repeated}",
        f"- formulations de contraintes comprises : {mapped}/{m} ({100 * mapped / m:.1f} %)",
    ] + [f"  - {name} : {ok}/{count} ({100 * ok / count:.1f} %)" for name, (count, ok) in sorted(per_set.items())] + [
        f"- formulations où une autre contrainte a été comprise en plus : {extra}/{m}"]
    report = ["# Suggestions de métiers (tests/reco/, rédacteur séparé)", ""] + summary + [
        "", "## Profils à revoir", ""] + lines + ["", "## Contraintes mal comprises", ""] + misses
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    Path(args.report).write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n".join(summary))
    print(f"[reco] rapport : {args.report}")
    if args.gate:
        t = yaml.safe_load((ROOT / "tests/thresholds.yml").read_text(encoding="utf-8"))
        failed = (violations > t["reco_unflagged_violations_max"] or fitting / n < t["reco_acceptable_min"]
                  or repeated > t["reco_repeated_reasons_max"] or mapped / m < t["reco_constraints_mapped_min"])
        if failed:
            print("[reco] ÉCHEC : sous les seuils de tests/thresholds.yml")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
