"""Typed, immutable views of the knowledge files (built by loader.py after validation)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Tuple


@dataclass(frozen=True)
class VocabEntry:
    id: str
    label: str
    synonymes: Tuple[str, ...] = ()
    extra: Dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Source:
    id: str
    titre: str
    url: str = ""
    fichier: str = ""
    court: str = ""
    nature: str = "autre"      # officiel | institutionnel | presse | autre (knowledge/sources.yml)

    @property
    def shown(self) -> bool:
        """May a person see this source? Only official or institutional ones."""
        return self.nature in ("officiel", "institutionnel")

    @property
    def short(self) -> str:
        """A short citation for the person: the short title, else the web site's domain."""
        if self.court:
            return self.court
        if self.url:
            return self.url.split("//", 1)[-1].split("/", 1)[0].removeprefix("www.").rstrip(".")
        return self.titre


@dataclass(frozen=True)
class Metier:
    id: str
    rome: str
    rome_note: str
    label_m: str
    label_f: str
    filieres: Tuple[str, ...]
    description: str
    realite: str
    acces: Tuple[str, ...]
    formations: Tuple[str, ...]
    interets: Tuple[str, ...]
    conditions: Tuple[str, ...]
    en_tension: bool
    mrs: bool
    synonymes: Tuple[str, ...]
    source: Tuple[str, ...]
    # per-field sources, when the entry's sources do not state that field (empty: not sourced)
    formations_source: Tuple[str, ...] = ()
    en_tension_source: Tuple[str, ...] = ()
    mrs_source: Tuple[str, ...] = ()
    description_source: Tuple[str, ...] = ()
    realite_source: Tuple[str, ...] = ()
    en_bref: str = ""      # "assembler des pièces de métal au poste à souder": read after "il s'agit de"

    def field_sources(self, name: str) -> Tuple[str, ...]:
        """The sources that state this field: its own (formations_source, description_source…), else,
        for the ROME code and the tension, the entry's (`source` is what names the trade: ROME 4.0, the
        documents that call it hard to recruit). The description, the working reality, the training paths
        and the MRS remark are written for the base: without a source of their own they are not sourced."""
        own = getattr(self, f"{name}_source", ())
        if own:
            return own
        return () if name in ("description", "realite", "formations", "mrs") else self.source

    def label(self, femme: Optional[bool] = None) -> str:
        """Feminine label for a woman, masculine for a man, both when unknown ('soudeur / soudeuse')."""
        if femme is True:
            return self.label_f
        if femme is False or self.label_f == self.label_m:
            return self.label_m
        return f"{self.label_m} / {self.label_f}"


@dataclass(frozen=True)
class Condition:
    champ: str
    message: str
    min: Optional[float] = None
    max: Optional[float] = None
    parmi: Optional[Tuple[str, ...]] = None
    egal: Any = None
    sauf_si: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Dispositif:
    id: str
    nom: str
    sigle: str
    famille: str
    publics: Tuple[str, ...]
    resume: str
    pour_qui: str
    duree: str
    remuneration: str
    demarrer: str
    organismes: Tuple[str, ...]
    conditions: Tuple[Condition, ...]
    statut: str
    remplace_par: str
    synonymes: Tuple[str, ...]
    chiffres: Tuple[str, ...]
    note: str
    source: Tuple[str, ...]
    # per-field sources (resume_source…): the sources among `source` that state that field
    field_source: Dict[str, Tuple[str, ...]] = field(default_factory=dict, hash=False, compare=False)

    @property
    def actif(self) -> bool:
        return self.statut == "actif"

    def field_sources(self, name: str) -> Tuple[str, ...]:
        """The sources that state this field (resume, pour_qui, duree, remuneration, demarrer); empty
        when none is recorded: the field is then not shown as sourced."""
        return self.field_source.get(name, ())


@dataclass(frozen=True)
class Evenement:
    id: str
    titre: str
    organisateur: str
    type: str
    date: dt.date
    date_fin: Optional[dt.date]
    commune: str
    departement: str
    region: str
    public: str
    description: str
    lien: str
    edition: str
    lat: Optional[float]
    lon: Optional[float]
    source: Tuple[str, ...]
    synthetique: bool = False


@dataclass(frozen=True)
class Action:
    titre: str
    description: str


@dataclass(frozen=True)
class Epci:
    """An intercommunality of a Territoire d'industrie: its SIREN code and name (Etalab), and either the
    source and the sentence that name it, or how it was derived (``derive``)."""
    siren: str
    nom: str
    source: str = ""
    citation: str = ""
    derive: str = ""


@dataclass(frozen=True)
class Territoire:
    id: str
    nom: str
    departements: Tuple[str, ...]
    communes: Tuple[str, ...]
    industries: Tuple[str, ...]
    actions: Tuple[Action, ...]
    chiffres: Tuple[str, ...]
    source: Tuple[str, ...]
    epci: Tuple[Epci, ...] = ()
    epci_note: str = ""


@dataclass(frozen=True)
class Repere:
    id: str
    texte: str
    themes: Tuple[str, ...]
    source: Tuple[str, ...]


@dataclass(frozen=True)
class Faq:
    """A frequent question: the ways people ask it, a short sourced answer, what it is about."""
    id: str
    theme: str
    questions: Tuple[str, ...]
    reponse: str
    source: Tuple[str, ...]
    metiers: Tuple[str, ...] = ()
    dispositifs: Tuple[str, ...] = ()
    sans_source: str = ""      # why no document of the base states the answer (then `source` is empty)
