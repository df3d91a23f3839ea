"""Which sources a person is shown: only official or institutional ones (knowledge/sources.yml, field
`nature`), official first; press articles, blogs, brokers, mirrors and tracking links stay in the base for
the conseiller's audit (make audit). Pure Python."""
from __future__ import annotations

from typing import Iterable, List

_RANK = {"officiel": 0, "institutionnel": 1}


def shown_ids(kb, ids: Iterable[str], official_first: bool = True) -> List[str]:
    """The ids among `ids` a person may see: official ones first, then institutional ones, each in the
    order given."""
    known = [kb.sources[sid] for sid in dict.fromkeys(ids) if sid in kb.sources and kb.sources[sid].shown]
    if official_first:
        known.sort(key=lambda s: _RANK[s.nature])
    return [s.id for s in known]


def shown_sources(kb, ids: Iterable[str], official_first: bool = True) -> List[str]:
    """Short labels of the sources that may be shown to a person, without duplicates."""
    out: List[str] = []
    for sid in shown_ids(kb, ids, official_first):
        label = kb.sources[sid].short
        if label and label not in out:
            out.append(label)
    return out
