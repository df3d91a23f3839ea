"""Calibrate the knowledge search's thresholds (actions/kb/search.py, `Thresholds`).

    python scripts/calibrate_search.py        (make calibrate-search)

Ground truth, never the held-out long-tail sets:
- tests/nlu/ (written apart from the training data): a message of a knowledge intent (a scheme, a
  trade, women in industry…) is answered rightly when the match is of a kind that answers that intent
  and, when the message names a trade or a scheme, is that one (or a question linked to it); a message of
  a conversational intent (greeting, thanks, a profile fact, out of scope, insult…) must not be answered.
- tests/conversations/: a turn with expected keywords is answered rightly when the matched entry's text
  holds one of them.
Each candidate threshold set is scored right − 3 × wrong (a wrong answer replaces what the intent's
action would have said, which costs more than a "je ne suis pas sûr" with buttons); the best is printed, with its figures, to be copied into `Thresholds`.
"""
from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path
from typing import List, Optional, Tuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from actions.kb import get_knowledge  # noqa: E402
from actions.kb.search import Thresholds  # noqa: E402
from actions.kb.text import normalize  # noqa: E402

NO_ANSWER = {"greet", "goodbye", "thanks", "affirm", "deny", "skip", "out_of_scope", "chitchat", "insult",
             "inform", "recommencer", "ask_recap", "bot_capabilities"}
KINDS = {
    "ask_scheme": {"dispositif", "faq"}, "ask_how_to_start": {"dispositif", "faq", "metier"},
    "check_eligibility": {"dispositif", "faq"}, "ask_trade_info": {"metier", "faq"},
    "ask_trade_pay": {"metier", "faq"}, "ask_trade_training": {"metier", "faq"},
    "ask_trade_conditions": {"metier", "faq"}, "ask_trade_ideas": {"faq"},
    "women_in_industry": {"faq"}, "disability": {"faq", "dispositif"}, "mobility": {"faq"},
    "ask_events": {"evenement", "territoire", "faq"}, "ask_human": {"faq"},
}
# a wrong answer costs three right ones: it replaces the answer of the intent's own action
COST = 3
ANNOTATION = re.compile(r"\[([^\]]+)\](?:\((\w+)(?::[^)]*)?\)|\{([^}]*)\})")


def nlu_examples() -> List[Tuple[str, str, List[Tuple[str, str]]]]:
    """(text, intent, [(entity, surface)]) from tests/nlu/."""
    out = []
    for path in sorted((ROOT / "tests" / "nlu").glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            intent = block.get("intent")
            if not intent:
                continue
            for line in (block.get("examples") or "").splitlines():
                line = line.strip()[2:] if line.strip().startswith("- ") else ""
                if not line:
                    continue
                entities = []
                for m in ANNOTATION.finditer(line):
                    name = m.group(2) or (re.search(r'"entity"\s*:\s*"(\w+)"', m.group(3) or "") or [None, None])[1]
                    entities.append((name, m.group(1)))
                out.append((ANNOTATION.sub(lambda m: m.group(1), line), intent.split("/")[0], entities))
    return out


def conversation_turns() -> List[Tuple[str, List[str]]]:
    out = []
    for path in sorted((ROOT / "tests" / "conversations").glob("*.yml")):
        for turn in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("turns") or []:
            expect = turn.get("expect") or {}
            if turn.get("user") and expect.get("any") and not str(turn["user"]).startswith("/"):
                out.append((str(turn["user"]), [normalize(k) for k in expect["any"]]))
    return out


def hit_text(kb, hit) -> str:
    if hit.kind == "faq":
        return kb.faq[hit.id].reponse
    if hit.kind == "metier":
        m = kb.metiers[hit.id]
        return f"{m.label_m} {m.label_f} {m.description} {m.realite}"
    if hit.kind == "dispositif":
        d = kb.dispositifs[hit.id]
        return f"{d.nom} {d.sigle} {d.resume} {d.pour_qui}"
    if hit.kind == "territoire":
        return kb.territoires[hit.id].nom
    return hit.title


def conversation_verdict(kb, text: str, keys: List[str], hit) -> bool:
    """A question's answer holds an expected keyword; a trade or scheme is right when the turn names it
    (its action then answers the aspect asked: pay, training…)."""
    if hit.kind in ("metier", "dispositif"):
        found = kb.find_metier(text) if hit.kind == "metier" else kb.find_dispositif(text)
        names = [hit.title] + list(getattr(kb.metiers.get(hit.id), "synonymes", ()) or
                                   getattr(kb.dispositifs.get(hit.id), "synonymes", ()) or ())
        folded = normalize(text)
        return (found is not None and found.id == hit.id) or any(normalize(n) in folded for n in names if n)
    return any(k in normalize(hit_text(kb, hit)) for k in keys)


def nlu_verdict(kb, intent: str, entities, hit) -> Optional[bool]:
    """True right, False wrong answer, for a message of `intent` answered with `hit`."""
    if intent in NO_ANSWER:
        return False
    if hit.kind not in KINDS.get(intent, {"faq"}):
        return False
    for name, surface in entities:
        if name == "metier":
            m = kb.find_metier(surface)
            if m is not None:
                return hit.id == m.id or (hit.kind == "faq" and m.id in kb.faq[hit.id].metiers)
        if name == "dispositif":
            d = kb.find_dispositif(surface)
            if d is not None:
                return hit.id == d.id or (hit.kind == "faq" and d.id in kb.faq[hit.id].dispositifs)
    return True


def main() -> int:
    kb = get_knowledge()
    search = kb.search
    nlu = nlu_examples()
    convs = conversation_turns()
    print(f"[calibrage] {len(nlu)} exemples de tests/nlu/, {len(convs)} tours de tests/conversations/", flush=True)
    ranked_nlu = [(intent, ents, search.search(text)) for text, intent, ents in nlu]
    ranked_conv = [(keys, search.search(text)) for text, keys in convs]
    text_of = {id(hits): text for (text, _), (_, hits) in zip(convs, ranked_conv)}

    def evaluate(limits: Thresholds):
        right = wrong = 0
        for intent, ents, hits in ranked_nlu:
            d = search.decide(hits, limits)
            if d.action == "answer":
                ok = nlu_verdict(kb, intent, ents, d.hits[0])
                right += bool(ok)
                wrong += not ok
        for keys, hits in ranked_conv:
            d = search.decide(hits, limits)
            if d.action == "answer":
                ok = conversation_verdict(kb, text_of[id(hits)], keys, d.hits[0])
                right += ok
                wrong += not ok
        return right, wrong

    grid = itertools.product([3.0, 3.5, 4.0, 4.5, 5.0, 6.0], [0.4, 0.5, 0.6, 0.7], [1.0, 1.15, 1.3])
    results = []
    for score, coverage, margin in grid:
        limits = Thresholds(answer_score=score, answer_coverage=coverage, margin=margin)
        right, wrong = evaluate(limits)
        results.append((right - COST * wrong, right, wrong, limits))
    results.sort(key=lambda r: (-r[0], -r[1]))
    current = Thresholds()
    c_right, c_wrong = evaluate(current)
    print(f"[calibrage] meilleurs réglages (juste − {COST} × faux) :")
    for value, right, wrong, limits in results[:5]:
        print(f"  score ≥ {limits.answer_score:<4} couverture ≥ {limits.answer_coverage:<4} marge ≥ {limits.margin:<5}"
              f" : {right} réponses justes, {wrong} fausses ({value})")
    print(f"[calibrage] réglage actuel ({current.answer_score}, {current.answer_coverage}, {current.margin}) :"
          f" {c_right} justes, {c_wrong} fausses ({c_right - COST * c_wrong})")
    # the rule of an action whose own answer is generic (actions/faq.py, likely_faq): the first match,
    # when it is a frequent question, for a message that asks something
    from actions.context import asks
    from actions.faq import STRONG_COVERAGE, STRONG_SCORE
    asked = [(intent, ents, hits, text) for (text, intent, ents), (_, _, hits) in zip(nlu, ranked_nlu) if asks(text)]
    asked_conv = [(keys, hits, text) for (text, keys), (_, hits) in zip(convs, ranked_conv) if asks(text)]
    rows = []
    for score, coverage in itertools.product([3.5, 4.0, 4.5, 5.0], [0.25, 0.3, 0.35, 0.4, 0.5]):
        right = wrong = 0
        for intent, ents, hits, _ in asked:
            if hits and hits[0].kind == "faq" and hits[0].score >= score and hits[0].coverage >= coverage:
                ok = nlu_verdict(kb, intent, ents, hits[0])
                right += bool(ok)
                wrong += not ok
        for keys, hits, text in asked_conv:
            if hits and hits[0].kind == "faq" and hits[0].score >= score and hits[0].coverage >= coverage:
                ok = conversation_verdict(kb, text, keys, hits[0])
                right += ok
                wrong += not ok
        rows.append((right - COST * wrong, right, wrong, score, coverage))
    rows.sort(key=lambda r: (-r[0], -r[1]))
    print(f"[calibrage] questions ({len(asked)} + {len(asked_conv)}) données à la FAQ par une action générique :")
    for value, right, wrong, score, coverage in rows[:3]:
        print(f"  score ≥ {score:<4} couverture ≥ {coverage:<4} : {right} justes, {wrong} fausses ({value})")
    current_row = next(r for r in rows if r[3] == STRONG_SCORE and r[4] == STRONG_COVERAGE)
    print(f"[calibrage] réglage actuel ({STRONG_SCORE}, {STRONG_COVERAGE}) : {current_row[1]} justes, {current_row[2]} fausses")
    # the constraint classifier learned from knowledge/exemples.yml (actions/slots.py,
    # constraints_in_other_words): how many statements of tests/nlu/ that state no constraint would get
    # one, for each probability threshold
    from actions.kb.extract import get_extractor
    from actions.slots import PHRASING_P, constraints_in_other_words
    plain = [text for text, _, ents in nlu if not any(name == "contrainte" for name, _ in ents) and not asks(text)
             and not any(f.entity == "contrainte" for f in get_extractor().extract(text))]
    print(f"[calibrage] classifieur de contraintes : contraintes trouvées à tort sur {len(plain)} phrases de tests/nlu/ qui n'en disent pas :")
    read = [(text, [f.as_rasa(text) for f in get_extractor().extract(text)]) for text in plain]
    for threshold in (0.4, 0.5, 0.6):
        wrong = sum(bool(constraints_in_other_words(kb, text, entities, threshold)) for text, entities in read)
        mark = " (réglage actuel)" if threshold == PHRASING_P else ""
        print(f"  probabilité ≥ {threshold:<4} : {wrong}{mark}")
    # the choices' floor: the lowest score and coverage at which a conversational message gets no buttons
    no_answer = [hits for intent, _, hits in ranked_nlu if intent in NO_ANSWER]
    for floor in (2.0, 3.0, 4.0, 5.0):
        offered = sum(1 for hits in no_answer if hits and hits[0].score >= floor and hits[0].coverage >= current.choice_coverage)
        print(f"[calibrage] boutons proposés à {offered}/{len(no_answer)} messages sans question de connaissance"
              f" si score ≥ {floor}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
