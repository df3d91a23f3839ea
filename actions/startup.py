"""Warm-up: the action server imports every module of this package when it starts (rasa_sdk's
`register_package`), so the knowledge base and its search index (spaCy lemmas, cached in
.data/cache/) and the constraint and liking classifiers are ready before the first message rather than built while a person waits."""
import logging
import time

from .kb import get_knowledge

logger = logging.getLogger(__name__)

_start = time.perf_counter()
try:
    _kb = get_knowledge()
    _kb.phrasing_model   # the constraint classifier learned from knowledge/exemples.yml (a few seconds, then cached)
    _kb.liking_model     # the liking classifier, with the spaCy word vectors (about 2 s to load)
    _kb.affinity         # the trades' sheets, for the closeness of what a person says
    logger.info("base de connaissances et index de recherche (%d documents) prêts en %.1f s",
                _kb.search.size, time.perf_counter() - _start)
except Exception:  # noqa: BLE001 - a broken base is reported by the first action, in French
    logger.exception("préchargement de la base de connaissances impossible")
