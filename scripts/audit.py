#!/usr/bin/env python3
"""Audit of the knowledge base (make audit): for N facts drawn at random from knowledge/, the fact, the
source it cites and the sentence of the source document that supports it (seed file and line, or the
entry of reference/dispositifs.md or reference/faq-facts.md that cites the web page), so that a conseiller
can check the base in minutes. Facts no cited document supports, and facts with no source at all, are
listed, not hidden.

    python scripts/audit.py                 # 30 facts, a new draw each time (the seed is printed)
    python scripts/audit.py -n 50 --seed 7  # the same 50 facts again
    python scripts/audit.py --all           # every fact: only the figures and the unsupported ones

The documents are read from ../shared (seeds/, reference/) next to the repository, or CAP_SOURCES_DIR.
A fact is "étayé" when one sentence of a cited document contains most of its words (stems of 6
letters) and every number it states; the sentence is printed either way, so the reader judges. A fact that
sums up neighbouring lines is judged on a window of one document with the same bar: up to 3 consecutive
sentences or lines ("lignes a-b"), or a table row read with the years heading its columns. A number
is the same in figures or in words ('trois heures' = '3 heures', '1re édition' = 'première édition', an
ordinal being no cardinal), a date too ('01/10/2025' = '1er octobre 2025'); footnote calls are no numbers.
A web page cited through reference/dispositifs.md (ref_NN) or reference/faq-facts.md (faq_NN) is
represented by the reference's lines that cite it: the page itself is not stored here.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from actions.kb.loader import load_knowledge  # noqa: E402

SUPPORTED_MIN = 0.55     # share of the fact's words found in one sentence (or one window, below)
# A fact may sum up neighbouring sentences of one document: a window of up to WINDOW_MAX consecutive
# sentences or lines (a sentence the press kit cuts over several short lines counts as one), no longer than
# WINDOW_CHARS, or a table row with its column header, is judged as one sentence, with the same bar.
WINDOW_MAX = 3
WINDOW_CHARS = 700
WINDOW_MIN_STEMS = 6     # words a fact without a figure must have to be looked for in a window
WINDOW_GAP = 2           # lines from a sentence to the next one: one blank line between them at most
STOP = set("""
les des une un le la de du et en au aux a à pour par sur dans avec sans est sont ou qui que quoi dont ce cette ces
son sa ses leur leurs vous votre vos nous notre il elle ils elles on y se ne pas plus moins tout tous toute toutes
peut peuvent etre être avoir fait faire comme mais aussi entre chez selon apres après avant lors tres très ainsi
si lui leur deja déjà bien ici cela ceux celle celles dont
""".split())
_IMPERATIVE = (r"(?:demandez|parlez|dites|contactez|voulez|postulez|trouvez|inscrivez|regardez|consultez|commencez|prenez|"
               r"renseignez|allez|pensez|rapprochez|adressez|vérifiez|posez|notez|cherchez|interrogez|signalez|lisez|"
               r"choisissez|donnez|indiquez|précisez|faites|gardez|n'hésitez)")
# an instruction: a sentence that opens with an imperative, or whose first clause only says when or why
# ("Si la vôtre date, demandez…", "Pour votre cas, interrogez…") and states no figure; "vous n'avez pas à…"
ADVICE = re.compile(r"^" + _IMPERATIVE + r"|^vous n'avez pas à\b|"
                    r"^(?:si|s'ils?|pour|avant|quand|en cas)\b[^:;\d]*?,\s*" + _IMPERATIVE + r"\b(?!.*\d)|"
                    r"\?$|à voir avec", re.I)
# a bare answer ("Oui.", "Pas forcément.", "Bien sûr.") states nothing: the next sentence does
BARE = re.compile(r"^(?:oui|non|bien sûr|pas forcément|pas toujours|pas du tout|souvent|tout à fait|absolument|les deux)"
                  r"(?:[\s,]+(?:oui|non))?\s*[.!]$", re.I)
# what the bot says about its own knowledge ("je n'ai pas de grille vérifiée") is no fact to source
# (or asks for what it needs: "donnez-moi votre commune : je vous dirai…", "dites-moi si…", "j'en tiendrai compte")
META = re.compile(r"\b(?:je n'ai (?:donc )?(?:pas|ni)|je ne (?:peux|connais|sais)|je préfère|mes sources|ma base|"
                  r"je vous (?:le |la |les |l'|en )?(?:signale|propose|indique|dirai)|(?:dites|donnez|indiquez)-moi|"
                  r"j'en tiendrai compte)\b", re.I)


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower().replace("’", "'").replace("œ", "oe"))
    return "".join(c for c in text if not unicodedata.combining(c))


# an ordinal in words is the same number as in figures: "1re édition" is "la première édition"
ORDINALS = {"premier": "1", "premiere": "1", "deuxieme": "2", "troisieme": "3",
            "quatrieme": "4", "cinquieme": "5", "sixieme": "6", "septieme": "7", "huitieme": "8",
            "neuvieme": "9", "dixieme": "10"}     # not "second(e)": also a unit of time and a school year
_ORDINAL = re.compile(r"\b(" + "|".join(ORDINALS) + r")s?\b")
# a cardinal in words likewise: "trois heures", "deux cent soixante-dix heures", "trente-cinq heures"
_UNITS = {"un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
          "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16}
_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_BIG = {"cent": 100, "cents": 100, "mille": 1000}
_SCALE = ("million", "millions", "milliard", "milliards")   # "1 million" is written so: the number before it
_CARDINAL = re.compile(r"\b(?:%s)\b(?:[\s-]+(?:(?:%s)\b|et\b(?=[\s-]+(?:un|une|onze)\b)))*" % (
    "|".join([*_UNITS, *_TENS, *_BIG, *_SCALE]), "|".join([*_UNITS, *_TENS, *_BIG, *_SCALE])))
# alone, "un(e)" is an article and "neuf" may be "new": no number
_NOT_ALONE = {"un", "une", "neuf"}
MONTHS = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
          "novembre", "decembre")


def _cardinals(folded: str) -> set:
    out = set()
    for m in _CARDINAL.finditer(folded):
        words = [w for w in re.split(r"[\s-]+", m.group(0)) if w and w != "et"]
        if len(words) == 1 and words[0] in _NOT_ALONE:
            continue
        total, group, last = 0, 0, None      # last: the kind of the previous word, None = no number open

        def flush():
            nonlocal total, group, last
            if last is not None:
                out.add(str(total + group))
            total, group, last = 0, 0, None
        for prev, w in zip([None, *words], words):
            if w in _SCALE:
                if last is not None:
                    out.add(str(total + group))       # "deux millions" -> 2, as "2 millions"
                total, group, last = 0, 0, None
            elif w in _UNITS:
                v = _UNITS[w]
                tens_ok = last == "ten" and group % 10 == 0 and (v < 10 or group % 100 in (60, 80))
                teen = prev == "dix" and 7 <= v <= 9                 # dix-sept, quatre-vingt-dix-neuf
                if last in ("cent", "mille") or tens_ok or teen:
                    group += v
                else:                                  # "trois-huit" is 3 and 8, not 11
                    flush()
                    group, last = v, None
                last = "unit"
            elif w in _TENS:
                if w.startswith("vingt") and last == "unit" and group % 100 == 4:
                    group += 76                         # quatre-vingt(s)
                elif last in ("cent", "mille"):
                    group += _TENS[w]
                else:
                    flush()
                    group = _TENS[w]
                last = "ten"
            elif w.startswith("cent"):
                if last == "unit" and group < 10:
                    group *= 100
                elif last in (None, "mille"):
                    group += 100
                else:
                    flush()
                    group = 100
                last = "cent"
            else:                                       # mille
                total, group, last = total + (group or 1) * 1000, 0, "mille"
        flush()
    return out


def _dates_in_words(text: str) -> str:
    """'01/10/2025' -> '1 octobre 2025', as the documents and the answers write it."""
    return re.sub(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b",
                  lambda m: f"{int(m.group(1))} {MONTHS[int(m.group(2)) - 1]} {m.group(3)}"
                  if 1 <= int(m.group(2)) <= 12 else m.group(0), text)


_DIGIT_ORDINAL = re.compile(r"(?<![\d,])(\d+)\s?\^?(?:ere|er|re|iemes?|emes?|es?)\b")
_FIRST_OF_MONTH = re.compile(r"\b1er\s+(?=(?:%s)\b)" % "|".join(MONTHS))
_MONTH = re.compile(r"\b(?:%s)\b" % "|".join(MONTHS))


def numbers(text: str) -> set:
    """The figures a text states: '2 300', '2,8', '55 %', 'trente-cinq' -> {'2300', '2,8', '55', '35'}; an
    ordinal is its own kind, in figures or in words ('1re', 'première' -> '1e'; '4e' is not '4'); a date's
    month is one ('01/10/2025', '1er octobre 2025' -> {'1', 'octobre', '2025'}); years included."""
    text = re.sub(r"(?<=CO)[²₂]", "2", text)                       # CO² is CO2…
    text = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", " ", text)                        # …other superscripts are footnote calls
    text = re.sub(r"</?sup>|\^?\{|\}", "", text)                      # "3<sup>ème</sup>", "1^{er}"
    t = _FIRST_OF_MONTH.sub("1 ", fold(_dates_in_words(text)))     # "1er octobre" is the day 1
    out = {f"{m.group(1)}e" for m in _DIGIT_ORDINAL.finditer(t)} | {f"{ORDINALS[w]}e" for w in _ORDINAL.findall(t)}
    t = _DIGIT_ORDINAL.sub(" ", t)
    t = re.sub(r"(?<=\d)[ \u202f\u00a0](?=\d{3}\b)", "", t)     # not a tab: it separates a table's columns
    out |= {n.rstrip(",") for n in re.findall(r"\d+(?:,\d+)?", t)}
    return out | _cardinals(t) | set(_MONTH.findall(t))


def stems(text: str) -> set:
    words = re.findall(r"[a-z]+", fold(_dates_in_words(text)))
    return {_stem(w) for w in words if len(w) >= 3 and w not in STOP}


def _stem(word: str) -> str:
    """A crude French stem: plural and feminine endings off, then 6 letters ('durée', 'dure' -> 'dur')."""
    if len(word) > 4:
        word = re.sub(r"(?:ees|ee|es|e|s|x)$", "", word)
    return word[:6]


@dataclass
class Sentence:
    where: str      # "seeds/001_….txt, ligne 372" or "reference/dispositifs.md, ligne 31 ([7])"
    text: str
    stems: set = field(default_factory=set)
    numbers: set = field(default_factory=set)
    parts: Tuple[str, ...] = ()     # a window's sentences or lines (a table row: its header, then the row)


@dataclass
class Fact:
    where: str              # "dispositifs.yml poei · duree"
    text: str
    sources: Tuple[str, ...]
    citation: str = ""      # an exact sentence the entry says its source contains (territories' EPCIs)


@dataclass
class Verdict:
    fact: Fact
    status: str             # "étayé" | "non étayé" | "sans source" | "document absent"
    source_id: str = ""
    sentence: Optional[Sentence] = None
    score: float = 0.0
    shared: float = 0.0     # share of the fact's words in the sentence
    missing: Tuple[str, ...] = ()   # numbers of the fact the sentence does not contain


def split_sentences(line: str) -> List[str]:
    parts = re.split(r"(?<=[.;!?])\s+(?=[A-ZÀ-ÖØ-Ý«(\d])|\t+", line)
    return [p.strip(" -*•\t") for p in parts if len(p.strip()) > 3]


_SENTENCE_END = re.compile(r"[.!?](?:\s*[»)\]])*\s*$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _is_row(line: str) -> bool:
    """A table row: cells separated by tabs, two of them at least with text, or a markdown row ('| H3201 |')."""
    return ("\t" in line and sum(1 for c in line.split("\t") if c.strip()) >= 2) or line.lstrip().startswith("|")


@dataclass
class _Unit:
    first: int      # line numbers
    last: int
    text: str
    parts: Tuple[str, ...] = ()     # a window's sentences or lines


def _units(lines: Sequence[Tuple[int, str]]) -> List[List[_Unit]]:
    """The document's sentences in order, in runs of neighbours: a line's sentences, a sentence the press
    kit cuts over short lines (one blank line between) joined again; a table row, a line left out
    (`lines` holds None for it) or a wide gap ends a run."""
    runs: List[List[_Unit]] = []
    run: List[_Unit] = []
    for n, line in lines:
        if line is None or _is_row(line):
            if run:
                runs.append(run)
            run = []
            continue
        if not line.strip():
            continue
        for k, part in enumerate(split_sentences(line)):
            prev = run[-1] if run else None
            if prev is not None and n - prev.last > WINDOW_GAP:
                runs.append(run)
                run, prev = [], None
            # the press kit cuts its sentences over short lines: the next line goes on in lower case
            # ('…sur 2022 et 2023' / 'faisaient état…'), with a figure, or after a word cut by a hyphen
            if prev is not None and k == 0 and n - prev.last <= 2 and len(prev.text) < 400 \
                    and not _SENTENCE_END.search(prev.text) and (re.match(r"[a-zà-ÿ\d]", part) or prev.text.endswith("-")):
                prev.text, prev.last = f"{prev.text} {part}", n
            else:
                run.append(_Unit(n, n, part))
    if run:
        runs.append(run)
    return runs


def _windows(lines: Sequence[Tuple[int, str]]) -> List[_Unit]:
    """Windows of 1 to WINDOW_MAX neighbouring sentences (a single sentence only when it runs over several
    lines: one line's sentences are judged already), and of 2 to WINDOW_MAX neighbouring lines, each at most
    WINDOW_CHARS long."""
    out: List[_Unit] = []
    seen = set()

    def add(first: int, last: int, parts: Sequence[str]) -> None:
        text = " ".join(" ".join(parts).split())
        if last > first and len(text) <= WINDOW_CHARS and (first, last, text) not in seen:
            seen.add((first, last, text))
            out.append(_Unit(first, last, text, tuple(parts)))
    for run in _units(lines):
        for i in range(len(run)):
            for w in range(1, WINDOW_MAX + 1):
                if i + w <= len(run):
                    part = run[i:i + w]
                    add(part[0].first, part[-1].last, [u.text for u in part])
    # whole lines: neighbouring lines with text, at most WINDOW_GAP lines apart, no table row
    text_lines = [(n, ln) for n, ln in lines if ln is None or ln.strip()]
    for i in range(len(text_lines)):
        group = [text_lines[i]]
        if group[0][1] is None or _is_row(group[0][1]):
            continue
        for n, ln in text_lines[i + 1:i + WINDOW_MAX]:
            if ln is None or n - group[-1][0] > WINDOW_GAP or _is_row(ln):
                break
            group.append((n, ln))
            add(group[0][0], n, [x.strip(" -*•\t") for _, x in group])
    return out


def _table_header(lines: Sequence[Tuple[int, str]], k: int) -> Optional[Tuple[int, int, List[str]]]:
    """The column header of the table row lines[k] when it names years: the first row of its table
    ("OBJECTIFS  ACTION  PORTEURS  INDICATEUR 2025  CIBLE 2026"), or years alone on the lines above the
    table's sections (2024 / 2025 / 2026, each on its line) -> (first line, last line, one title per cell)."""
    cells = lines[k][1].split("\t")
    s = k
    while s > 0 and _is_row(lines[s - 1][1]):
        s -= 1
    if s < k:
        head = lines[s][1].split("\t")
        figures = numbers(lines[s][1])
        if figures and all(_YEAR.match(x) for x in figures):
            return (lines[s][0], lines[s][0], head) if len(head) == len(cells) else None
    years: List[Tuple[int, str]] = []
    for j in range(s - 1, max(-1, s - 60), -1):
        n, line = lines[j]
        text = line.strip()
        if _YEAR.match(text):
            years.insert(0, (n, text))
        elif years and text:
            break
        elif not text or text.startswith("#") or _is_row(line):
            continue
        else:
            return None
    if not years or len(years) != len(cells) - 1:
        return None
    return years[0][0], years[-1][0], [""] + [y for _, y in years]


def _table_rows(lines: Sequence[Tuple[int, str]]) -> List[_Unit]:
    """Each table row whose header names years, read with it: a cell under '2025' or 'CIBLE 2026' is
    written '2025 : 18 100' (an empty cell: no year), so that a figure stated with its year is found."""
    out: List[_Unit] = []
    for k, (n, line) in enumerate(lines):
        if not _is_row(line):
            continue
        head = _table_header(lines, k)
        if head is None:
            continue
        first, last, titles = head
        parts = []
        for title, cell in zip(titles, line.split("\t")):
            cell = cell.strip()
            if cell:
                parts.append(f"{title.strip()} : {cell}" if numbers(title) else cell)
        out.append(_Unit(first, n, " ; ".join(parts), (" ".join(titles), line)))
    return out


class Documents:
    def __init__(self, shared: Path):
        self.shared = shared
        self._cache: Dict[str, List[Sentence]] = {}

    def _lines(self, rel: str) -> List[Tuple[int, str]]:
        path = self.shared / rel
        if not path.exists():
            return []
        return list(enumerate(path.read_text(encoding="utf-8").splitlines(), start=1))

    def sentences(self, kb, sid: str) -> Optional[List[Sentence]]:
        """The sentences that may support a fact citing `sid`, or None when its document is absent."""
        if sid in self._cache:
            return self._cache[sid]
        src = kb.sources.get(sid)
        out: List[Sentence] = []
        m = re.match(r"^(ref|faq)_(\d+)$", sid)
        if src is not None and src.fichier:
            rel = src.fichier
            lines = self._lines(rel)
            for k, (n, line) in enumerate(lines):
                parts = split_sentences(line)
                for s in parts:
                    out.append(Sentence(f"{rel}, ligne {n}", s))
                if len(parts) > 1 and len(line) <= 1200:   # a fact may sum up a short paragraph
                    out.append(Sentence(f"{rel}, ligne {n}", line.strip()))
                # the press kit's text is cut into short lines: a sentence may run over the next two
                # (the kit puts a blank line between most lines: the next two lines with text)
                window = [(m, ln) for m, ln in lines[k:k + 6] if ln.strip()][:3] if line.strip() else []
                if len(line) < 200 and len(window) > 1 and sum(len(ln) for _, ln in window) < 600:
                    out.append(Sentence(f"{rel}, lignes {n}-{window[-1][0]}", " ".join(ln.strip() for _, ln in window)))
            for u in _windows(lines):
                out.append(Sentence(f"{rel}, lignes {u.first}-{u.last}", u.text, parts=u.parts))
            for u in _table_rows(lines):
                out.append(Sentence(f"{rel}, lignes {u.first}-{u.last} (ligne {u.last} et l'en-tête de son tableau)", u.text, parts=u.parts))
            if not out:
                return None
        elif m:
            rel = "reference/dispositifs.md" if m.group(1) == "ref" else "reference/faq-facts.md"
            tag = f"[{int(m.group(2))}]"
            lines = self._lines(rel)
            if not lines:
                return None
            heading = ""
            for n, line in lines:
                if line.startswith("## "):
                    heading = line[3:].strip()
                if tag in line and not line.startswith(tag):     # the entries that cite it, not the list of URLs
                    # the section's title says what the entry is about ("## PMSMP / immersion professionnelle")
                    out += [Sentence(f"{rel}, ligne {n} ({tag}, « {heading} »)", f"{heading} — {s}") for s in split_sentences(line)]
                    out.append(Sentence(f"{rel}, ligne {n} ({tag}, « {heading} »)", f"{heading} — {line.strip(' -')}"))
        else:
            return None
        for s in out:
            s.stems, s.numbers = stems(s.text), numbers(s.text)
        self._cache[sid] = out
        return out

    def reference_windows(self, kb, sids: Sequence[str]) -> List[Tuple[str, List[Sentence]]]:
        """Web pages cited through a reference file: windows of neighbouring lines of one section of that
        file, each line citing one of the fact's pages (reference/dispositifs.md lines 85-86, citing [34]
        and [28]) -> (the fact's source ids in that file, the windows)."""
        found = []
        for prefix, rel in (("ref", "reference/dispositifs.md"), ("faq", "reference/faq-facts.md")):
            ids = [sid for sid in sids if re.match(rf"^{prefix}_\d+$", sid)]
            if not ids:
                continue
            tags = sorted({f"[{int(sid.split('_')[1])}]" for sid in ids})
            key = f"windows:{rel}:{''.join(tags)}"
            if key not in self._cache:
                lines = self._lines(rel)
                out: List[Sentence] = []
                heading, section = "", []
                for n, line in [*lines, (len(lines) + 1, "## ")]:
                    if line.startswith("## "):
                        for u in _windows(section):
                            cited = "".join(t for t in tags if any(ln and t in ln for m, ln in section if u.first <= m <= u.last))
                            out.append(Sentence(f"{rel}, lignes {u.first}-{u.last} ({cited}, « {heading} »)", f"{heading} — {u.text}",
                                                parts=u.parts))
                        heading, section = line[3:].strip(), []
                    elif any(t in line for t in tags) and not line.startswith("["):
                        section.append((n, line))
                    else:
                        section.append((n, None))      # a line citing none of them ends a window
                for x in out:
                    x.stems, x.numbers = stems(x.text), numbers(x.text)
                self._cache[key] = out
            if self._cache[key]:
                found.append((" ".join(ids), self._cache[key]))
        return found


def facts_of(kb) -> List[Fact]:
    out: List[Fact] = []

    def add(where: str, text: str, sources: Sequence[str], citation: str = "") -> None:
        for sentence in split_sentences(" ".join(str(text).split())) if not citation else [text]:
            if not citation and (ADVICE.search(sentence.strip()) or META.search(sentence) or BARE.match(sentence.strip())):
                continue     # advice ("Demandez à votre conseiller…"), questions, bare answers and remarks on the base are not facts
            out.append(Fact(where, sentence, tuple(sources), citation))

    for m in kb.metiers.values():
        base = f"metiers.yml {m.id}"
        for name in ("description", "realite"):
            sources = m.field_sources(name)
            written = "" if sources else " (sans source : texte rédigé pour la base, aucun document ne décrit ce métier)"
            add(f"{base} · {name}{written}", getattr(m, name), sources)
        if m.rome:
            add(f"{base} · rome", f"{m.rome} {m.label_m}", ("rome4",))
        for f in m.formations:
            add(f"{base} · formations", f, m.field_sources("formations"))
        if m.en_tension:
            add(f"{base} · en_tension", f"{m.label_m} : métier en tension, difficile à recruter", m.field_sources("en_tension"))
        if m.mrs:
            add(f"{base} · mrs", f"{m.label_m} : poste ouvert sans diplôme exigé (MRS)", m.field_sources("mrs"))
    for d in kb.dispositifs.values():
        base = f"dispositifs.yml {d.id}"
        for name in ("resume", "pour_qui", "duree", "remuneration", "demarrer"):
            add(f"{base} · {name}", getattr(d, name), d.field_sources(name) or d.source)
        for c in d.chiffres:
            add(f"{base} · chiffres", c, d.source)
    for t in kb.territoires.values():
        base = f"territoires.yml {t.id}"
        for i in t.industries:
            add(f"{base} · industries", i, t.source)
        for a in t.actions:
            add(f"{base} · actions", f"{a.titre} : {a.description}", t.source)
        for c in t.chiffres:
            add(f"{base} · chiffres", c, t.source)
        for e in t.epci:
            if e.citation:
                add(f"{base} · epci {e.nom}", e.citation, (e.source,), citation=e.citation)
            else:
                out.append(Fact(f"{base} · epci {e.nom}", f"{e.nom} (déduit : {e.derive})", ()))
    for r in kb.reperes.values():
        add(f"reperes.yml {r.id}", r.texte, r.source)
    for f in kb.faq.values():
        add(f"faq.yml {f.id}" + (f" (sans source : {f.sans_source})" if f.sans_source else ""), f.reponse, f.source)
    for e in kb.evenements:
        if not e.synthetique:
            add(f"evenements.yml {e.id}", f"{e.titre} — {e.commune or e.region} — {e.date.isoformat()}", e.source)
    return out


def _date_numbers(text: str) -> set:
    """An ISO date of evenements.yml (2024-11-18) is printed '18 novembre' in the documents (the press kit's
    cut lines may split the month: 'jeudi 21 no' / 'vembre'), so its day is the figure to find."""
    m = re.search(r"(\d{4})-(\d{2})-(\d{2})", text)
    return {str(int(m.group(3)))} if m else set()


def _window_ok(fstems: set, fnums: set, s: Sentence) -> bool:
    """A window of several sentences or lines supports only a fact that says enough to be spread over them:
    one that states a figure, or has WINDOW_MIN_STEMS words at least (three common words met in three
    sentences of a document are chance, not support)."""
    return len(s.parts) < 2 or bool(fnums) or len(fstems) >= WINDOW_MIN_STEMS


def judge(kb, docs: Documents, fact: Fact) -> Verdict:
    if not fact.sources:
        return Verdict(fact, "sans source")
    fstems = stems(fact.text)
    fnums = _date_numbers(fact.text) or numbers(fact.text)
    best: Optional[Verdict] = None
    absent = True
    for sid, sentences in [*((sid, docs.sentences(kb, sid)) for sid in fact.sources), *docs.reference_windows(kb, fact.sources)]:
        if sentences is None:
            continue
        absent = False
        if fact.citation:
            blob = " ".join(" ".join(s.text for s in sentences).split())
            hit = next((s for s in sentences if fact.citation[:60] in " ".join(s.text.split())), None)
            found = " ".join(fact.citation.split()) in blob
            v = Verdict(fact, "étayé" if found else "non étayé", sid, hit, 1.0 if found else 0.0, 1.0 if found else 0.0)
            if best is None or v.score > best.score:
                best = v
            continue
        for s in sentences:
            if not fstems:
                continue
            shared = len(fstems & s.stems) / len(fstems)
            missing = tuple(sorted(fnums - s.numbers))
            score = shared - 0.25 * len(missing) - 0.0001 * len(s.text) / 100   # the shorter sentence on a tie
            ok = shared >= SUPPORTED_MIN and not missing and (not s.parts or _window_ok(fstems, fnums, s))
            # a sentence that supports the fact wins over one sharing more words but missing a number
            # (the date of « Bercy fait son industrie » is on its title's line, not in the longer sentence)
            if best is None or (ok, score) > (best.status == "étayé", best.score):
                best = Verdict(fact, "étayé" if ok else "non étayé", sid, s, score, shared, missing)
    if best is None:
        return Verdict(fact, "document absent" if absent else "non étayé")
    return best


def render(kb, verdicts: Sequence[Verdict], title: str) -> str:
    lines = [title, ""]
    for i, v in enumerate(verdicts, start=1):
        f = v.fact
        lines.append(f"[{i}] {f.where}")
        lines.append(f"    Fait      : {f.text}")
        if f.sources:
            cited = "; ".join(f"{sid} ({kb.sources[sid].short}, {kb.sources[sid].nature})" for sid in f.sources if sid in kb.sources)
            lines.append(f"    Source(s) : {cited}")
        if v.sentence is not None:
            lines.append(f"    Phrase    : « {v.sentence.text[:400]} »")
            gap = f", nombres absents : {', '.join(v.missing)}" if v.missing else ""
            how = "citation exacte" if f.citation else f"{v.shared:.0%} des mots du fait"
            lines.append(f"                {v.sentence.where} — source {v.source_id}, {how}{gap}")
        lines.append(f"    → {v.status.upper()}")
        lines.append("")
    return "\n".join(lines)


def summary(verdicts: Sequence[Verdict]) -> Dict[str, int]:
    out: Dict[str, int] = {}
    for v in verdicts:
        out[v.status] = out.get(v.status, 0) + 1
    return out


def main(argv: Optional[Iterable[str]] = None) -> int:
    ap = argparse.ArgumentParser(description="Audit des faits de knowledge/ contre leurs documents sources")
    ap.add_argument("-n", type=int, default=30, help="nombre de faits tirés au hasard (défaut : 30)")
    ap.add_argument("--seed", type=int, default=None, help="graine du tirage (pour refaire le même)")
    ap.add_argument("--all", action="store_true", help="tous les faits : chiffres et liste des faits non étayés")
    ap.add_argument("--sources-dir", type=Path, default=None, help="dossier des documents (défaut : ../shared)")
    ap.add_argument("--out", type=Path, default=None, help="écrit aussi le rapport dans ce fichier")
    args = ap.parse_args(list(argv) if argv is not None else None)

    shared = args.sources_dir or Path(os.environ.get("CAP_SOURCES_DIR") or ROOT.parent / "shared")
    if not (shared / "seeds").is_dir():
        print(f"✗ documents sources introuvables dans {shared} (seeds/, reference/) : --sources-dir ou CAP_SOURCES_DIR",
              file=sys.stderr)
        return 2
    kb = load_knowledge()
    docs = Documents(shared)
    facts = facts_of(kb)
    if args.all:
        chosen = facts
        title = f"Audit de toute la base : {len(facts)} faits"
    else:
        seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10 ** 6)
        chosen = random.Random(seed).sample(facts, min(args.n, len(facts)))
        title = f"Audit de {len(chosen)} faits tirés au hasard parmi {len(facts)} (graine {seed} : --seed {seed} pour refaire ce tirage)"
    started = time.monotonic()
    verdicts = [judge(kb, docs, f) for f in chosen]
    if args.all:
        shown = [v for v in verdicts if v.status != "étayé"]
        text = render(kb, shown, title + f" — les {len(shown)} faits non étayés ou sans source :")
    else:
        text = render(kb, verdicts, title)
    counts = summary(verdicts)
    text += "\nBilan : " + ", ".join(f"{k} {counts.get(k, 0)}" for k in ("étayé", "non étayé", "sans source", "document absent")) \
        + f" (sur {len(verdicts)})\n"
    unsupported = [v for v in verdicts if v.status != "étayé"]
    if unsupported and not args.all:
        text += "Faits à vérifier (non étayés, sans source ou document absent) :\n" + \
            "\n".join(f"  - {v.fact.where} : {v.fact.text[:120]}" for v in unsupported) + "\n"
    print(text)
    print(f"(audit de {len(verdicts)} faits en {time.monotonic() - started:.1f} s)", file=sys.stderr)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
