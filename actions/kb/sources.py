"""Which sources a person is shown: only official or institutional ones (the rest stays in the base
for the conseiller's audit). Pure Python."""
from __future__ import annotations

from typing import Iterable, List

# operators and public bodies whose own sites may be shown as a source
OFFICIAL_DOMAINS = ("service-public.fr", "travail-emploi.gouv.fr", "francetravail.fr", "legifrance.gouv.fr",
                    "entreprises.gouv.fr", "economie.gouv.fr", "education.gouv.fr", "onisep.fr", "unml.info",
                    "agefiph.fr", "capemploi.info", "transitionspro.fr", "moncompteformation.gouv.fr",
                    "alternance.emploi.gouv.fr", "anct.gouv.fr", "agence-cohesion-territoires.gouv.fr",
                    "inrs.fr", "info.gouv.fr", "1jeune1solution.gouv.fr", "semaine-industrie.gouv.fr",
                    "monparcourshandicap.gouv.fr", "ecoles-de-production.com", "francecompetences.fr")


def is_official(url: str) -> bool:
    host = url.split("//", 1)[-1].split("/", 1)[0].lower().removeprefix("www.")
    return host.endswith(".gouv.fr") or any(host == d or host.endswith("." + d) for d in OFFICIAL_DOMAINS)


def shown_sources(kb, ids: Iterable[str]) -> List[str]:
    """Short labels of the sources that may be shown to a person: the project's reference documents
    (seeds, ROME) and official sites, never a press article, a blog or a broker."""
    out: List[str] = []
    for sid in ids:
        s = kb.sources.get(sid)
        if s is None:
            continue
        if s.url and not is_official(s.url):
            continue
        label = s.short
        if label and label not in out:
            out.append(label)
    return out
