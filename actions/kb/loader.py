"""Load and validate every knowledge file, then build the query object used by the actions.

The knowledge base is all-or-nothing: one invalid entry raises KnowledgeError listing every
problem (file, entry, field), and the action server refuses to start.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import yaml

from . import eligibility as elig
from . import recommend as rec
from .events import EventHit, EventIndex

if TYPE_CHECKING:   # built on first use: the search imports bm25s and spaCy
    from .search import KnowledgeSearch
    from .phrasings import PhrasingModel
    from .affinity import TradeAffinity
from .models import Action, Condition, Dispositif, Epci, Evenement, Faq, Metier, Repere, Source, Territoire, VocabEntry
from .places import Place, PlaceIndex, distance_km
from .profile import Profile
from .schema import (DISPOSITIF, DISPOSITIF_FIELDS_SOURCED, EVENEMENT, FAQ, FAQ_ANSWER_MAX, METIER, REPERE, TERRITOIRE, THEMES_REPERES, KnowledgeError, Problem, Validator,
                     check_sources, check_vocabulary, cross_check)
from .text import SynonymIndex, normalize

try:  # libyaml is several times faster than the pure-Python loader
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader  # type: ignore

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "knowledge"
TERRITORY_RADIUS_KM = 20.0
REQUIRED_VOCABS = ("filieres", "niveaux", "interets", "conditions", "situations", "contraintes",
                   "organismes", "familles_dispositifs", "publics", "types_evenements")


NEUTRAL = "neutre"   # the one key of exemples["neutres"]
SEARCH_CACHE = Path(__file__).resolve().parents[2] / ".data" / "cache"


def knowledge_dir() -> Path:
    return Path(os.environ.get("CAP_KNOWLEDGE_DIR") or DEFAULT_DIR)


def _read_yaml(path: Path, problems: List[Problem], label: str) -> Any:
    if not path.exists():
        problems.append(Problem(label, "", "", "fichier introuvable"))
        return None
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (ligne {mark.line + 1}, colonne {mark.column + 1})" if mark else ""
        problems.append(Problem(label, "", "", f"YAML illisible{where} : {getattr(exc, 'problem', exc)}"))
        return None


def _tuple(value: Any) -> Tuple[str, ...]:
    return tuple(str(v) for v in (value or ()))


@dataclass(frozen=True)
class EpciRow:
    siren: str
    nom: str
    type: str
    membres: Tuple[str, ...]     # INSEE codes of the member communes


def load_epci(path: Path) -> Dict[str, EpciRow]:
    """knowledge/lieux/epci.tsv (scripts/build_epci.py): every EPCI of France and its member communes."""
    out: Dict[str, EpciRow] = {}
    with path.open(encoding="utf-8") as fh:
        header = fh.readline().rstrip("\n")
        if header != "siren\tnom\ttype\tmembres":
            raise ValueError(f"{path.name} : en-tête inattendu {header!r}")
        for line in fh:
            if line.strip():
                siren, nom, kind, membres = line.rstrip("\n").split("\t")
                out[siren] = EpciRow(siren, nom, kind, tuple(m for m in membres.split(",") if m))
    return out


@dataclass(frozen=True)
class TerritoryMatch:
    """How a place relates to a Territoire d'industrie:

    * ``membre``: the commune belongs to one of the territory's intercommunalities (``epci``);
    * ``proche``: it does not (or not as far as the sources say), but lies ``distance_km`` from
      ``nearest``, the closest member commune (at most TERRITORY_RADIUS_KM);
    * ``departement``: the place is a département in which the territory lies (in part)."""
    territoire: Territoire
    relation: str
    distance_km: float = 0.0
    nearest: Optional[Place] = None
    epci: Optional[Epci] = None


@dataclass
class KnowledgeBase:
    vocab: Dict[str, Dict[str, VocabEntry]]
    sources: Dict[str, Source]
    metiers: Dict[str, Metier]
    dispositifs: Dict[str, Dispositif]
    evenements: List[Evenement]
    territoires: Dict[str, Territoire]
    reperes: Dict[str, Repere]
    places: PlaceIndex
    faq: Dict[str, Faq]
    directory: Path
    # phrasings of constraints and likings said without their synonyms (knowledge/exemples.yml)
    exemples: Dict[str, Dict[str, Tuple[str, ...]]] = field(default_factory=dict)
    events: EventIndex = field(init=False)
    metier_index: SynonymIndex = field(init=False)
    dispositif_index: SynonymIndex = field(init=False)
    vocab_index: Dict[str, SynonymIndex] = field(init=False)
    # intercommunalities of France and their member communes (knowledge/lieux/epci.tsv)
    epci_table: Dict[str, EpciRow] = field(default_factory=dict)
    _territory_places: Dict[str, List[Place]] = field(init=False)
    _territory_filieres: Dict[str, List[str]] = field(init=False)
    _member_of: Dict[str, Tuple[str, Epci]] = field(init=False)

    def __post_init__(self) -> None:
        self.events = EventIndex(self.evenements)
        self.metier_index = SynonymIndex()
        for m in self.metiers.values():
            for form in (m.id, m.label_m, m.label_f, *m.synonymes):
                self.metier_index.add(form, m.id)
        self.dispositif_index = SynonymIndex()
        for d in self.dispositifs.values():
            for form in (d.id, d.nom, d.sigle, *d.synonymes):
                if form:
                    self.dispositif_index.add(form, d.id)
        self.vocab_index = {}
        for name, entries in self.vocab.items():
            index = SynonymIndex()
            for e in entries.values():
                for form in (e.id, e.label, *e.synonymes):
                    index.add(form, e.id)
            self.vocab_index[name] = index
        filiere_forms = {form: fid for form, fid in self.vocab_index["filieres"].forms()}
        self._territory_places = {}
        self._territory_filieres = {}
        self._member_of = {}
        for t in self.territoires.values():
            located = []
            for e in t.epci:
                row = self.epci_table.get(e.siren)
                for code in row.membres if row else ():
                    self._member_of.setdefault(code, (t.id, e))
                    place = self.places.commune_by_insee(code)
                    if place is not None:
                        located.append(place)
            self._territory_places[t.id] = located
            self._territory_filieres[t.id] = rec.filieres_of_territory(t, filiere_forms)

    @property
    def search(self) -> "KnowledgeSearch":
        """BM25 search over the whole base (actions/kb/search.py), built on first use; the spaCy
        lemmas of the index are cached in .data/cache/ by content."""
        engine = self.__dict__.get("_search")
        if engine is None:
            from .search import KnowledgeSearch
            engine = self.__dict__["_search"] = KnowledgeSearch(self, cache_dir=SEARCH_CACHE)
        return engine

    def example_sentences(self, *sections: str) -> List[str]:
        """Every phrasing of these sections of knowledge/exemples.yml, whatever its id."""
        return [p for section in sections for ps in (self.exemples.get(section) or {}).values() for p in ps]

    @property
    def phrasing_model(self) -> Optional["PhrasingModel"]:
        """The constraint classifier learned from knowledge/exemples.yml (actions/kb/phrasings.py), built on
        first use and cached in .data/cache/ by content; None without example phrasings."""
        if "_phrasing_model" not in self.__dict__:
            from .phrasings import PhrasingModel
            examples = self.exemples.get("contraintes") or {}
            neutral = self.example_sentences("interets", "neutres")
            self.__dict__["_phrasing_model"] = PhrasingModel(examples, neutral, cache_dir=SEARCH_CACHE) if examples else None
        return self.__dict__["_phrasing_model"]

    @property
    def liking_model(self) -> Optional["PhrasingModel"]:
        """The classifier of likings said in other words (actions/kb/phrasings.py), learned from the
        `interets:` phrasings of knowledge/exemples.yml, with its `neutres:` and the constraint phrasings
        as what names no taste; cached like the constraint classifier. None without example likings."""
        if "_liking_model" not in self.__dict__:
            from .phrasings import PhrasingModel
            from .vectors import word_vectors
            examples = self.exemples.get("interets") or {}
            neutral = self.example_sentences("contraintes", "neutres", "sans_gout")
            self.__dict__["_liking_model"] = PhrasingModel(examples, neutral, cache_dir=SEARCH_CACHE, vectors=word_vectors(),
                                                           kind="likings") if examples else None
        return self.__dict__["_liking_model"]

    @property
    def affinity(self) -> "TradeAffinity":
        """How close a person's own words are to each trade's sheet (actions/kb/affinity.py)."""
        if "_affinity" not in self.__dict__:
            from .affinity import TradeAffinity
            from .vectors import word_vectors
            self.__dict__["_affinity"] = TradeAffinity(list(self.metiers.values()), word_vectors())
        return self.__dict__["_affinity"]

    # -- lookups ---------------------------------------------------------------------------------
    def find_metier(self, text: str) -> Optional[Metier]:
        mid = self.metier_index.get(text or "")
        return self.metiers.get(mid) if mid else None

    def find_dispositif(self, text: str) -> Optional[Dispositif]:
        did = self.dispositif_index.get(text or "")
        return self.dispositifs.get(did) if did else None

    def vocab_id(self, vocab: str, text: str) -> Optional[str]:
        index = self.vocab_index.get(vocab)
        return index.get(text or "") if index else None

    def vocab_label(self, vocab: str, value_id: str) -> str:
        entry = self.vocab.get(vocab, {}).get(value_id)
        return entry.label if entry else value_id

    def source_labels(self, ids: Iterable[str]) -> List[str]:
        """Short citations a person may see (official or institutional sources), in the order given,
        without duplicates."""
        from .sources import shown_sources
        return shown_sources(self, ids, official_first=False)

    def facts(self, theme: str) -> List[Repere]:
        """Short sourced facts on a theme (knowledge/reperes.yml), in file order."""
        return [r for r in self.reperes.values() if theme in r.themes]

    def cite(self, fact: Repere) -> str:
        labels = self.source_labels(fact.source)
        return f"{fact.texte} (source : {'; '.join(labels)})" if labels else fact.texte

    # -- queries ---------------------------------------------------------------------------------
    def members(self, territoire_id: str) -> List[Place]:
        """The member communes of a Territoire d'industrie: those of its intercommunalities (epci)."""
        return list(self._territory_places.get(territoire_id, ()))

    def territory_match(self, place: Optional[Place]) -> Optional[TerritoryMatch]:
        """The Territoire d'industrie a place belongs to (exactly: its commune is in one of the
        territory's intercommunalities), else the one it is near (nearest member commune within
        TERRITORY_RADIUS_KM), else, for a département, a territory that lies in it."""
        if place is None:
            return None
        if place.kind == "departement":
            t = next((t for t in self.territoires.values() if place.departement in t.departements), None)
            return TerritoryMatch(t, "departement") if t else None
        if place.kind != "commune":
            return None
        member = self._member_of.get(place.code)
        if member is not None:
            return TerritoryMatch(self.territoires[member[0]], "membre", 0.0, place, member[1])
        best: Optional[TerritoryMatch] = None
        for t in self.territoires.values():
            for town in self._territory_places.get(t.id, ()):
                d = distance_km(place.lat, place.lon, town.lat, town.lon)
                if d <= TERRITORY_RADIUS_KM and (best is None or d < best.distance_km):
                    best = TerritoryMatch(t, "proche", d, town)
        return best

    def territoire_of(self, place: Optional[Place]) -> Optional[Territoire]:
        """The territory whose industries count for this place's suggestions: the one it belongs to,
        is near, or (for a département) that lies in it. Not a claim of membership: see territory_match."""
        match = self.territory_match(place)
        return match.territoire if match else None

    def recommend(self, profile: Profile, n: int = 3, exclude: Sequence[str] = ()) -> List[rec.Recommendation]:
        territoire = self.territoire_of(profile.place)
        filieres = self._territory_filieres.get(territoire.id, []) if territoire else []
        return rec.recommend(list(self.metiers.values()), profile, self.vocab, n, territoire, filieres, exclude,
                             self.affinity if profile.propos else None)

    def eligibility(self, dispositif_id: str, profile: Profile) -> elig.Eligibility:
        return elig.evaluate(self.dispositifs[dispositif_id], profile)

    def schemes_for(self, profile: Profile, limit: int = 5) -> List[elig.Eligibility]:
        return elig.schemes_for_profile(list(self.dispositifs.values()), profile, limit)

    def events_near(
        self,
        place: Place,
        radius_km: float = 50.0,
        start: Optional[dt.date] = None,
        end: Optional[dt.date] = None,
        limit: int = 5,
    ) -> List[EventHit]:
        return self.events.nearest(place.lat, place.lon, radius_km, start, end, limit)


# -- building --------------------------------------------------------------------------------------
def _build_vocab(raw: Mapping[str, list]) -> Dict[str, Dict[str, VocabEntry]]:
    vocab: Dict[str, Dict[str, VocabEntry]] = {}
    for name, entries in raw.items():
        vocab[name] = {
            e["id"]: VocabEntry(e["id"], e["label"], _tuple(e.get("synonymes")),
                                {k: v for k, v in e.items() if k not in ("id", "label", "synonymes")})
            for e in entries
        }
    return vocab


def _metier(e: Mapping[str, Any]) -> Metier:
    return Metier(
        id=e["id"], rome=e.get("rome") or "", rome_note=e.get("rome_note") or "",
        label_m=e["libelle"]["m"], label_f=e["libelle"]["f"], filieres=_tuple(e["filieres"]),
        description=e["description"].strip(), realite=e["realite"].strip(), acces=_tuple(e["acces"]),
        formations=_tuple(e["formations"]), interets=_tuple(e["interets"]),
        conditions=_tuple(e.get("conditions")), en_tension=e["en_tension"], mrs=e["mrs"],
        synonymes=_tuple(e.get("synonymes")), source=_tuple(e["source"]),
        formations_source=_tuple(e.get("formations_source")), en_tension_source=_tuple(e.get("en_tension_source")),
        mrs_source=_tuple(e.get("mrs_source")), description_source=_tuple(e.get("description_source")),
        realite_source=_tuple(e.get("realite_source")), en_bref=(e.get("en_bref") or "").strip(),
    )


def _dispositif(e: Mapping[str, Any]) -> Dispositif:
    conditions = tuple(
        Condition(
            champ=c["champ"], message=c["message"].strip(), min=c.get("min"), max=c.get("max"),
            parmi=_tuple(c["parmi"]) if "parmi" in c else None, egal=c.get("egal"),
            sauf_si=_tuple(c.get("sauf_si")),
        )
        for c in e.get("conditions") or ()
    )
    return Dispositif(
        id=e["id"], nom=e["nom"], sigle=e.get("sigle") or "", famille=e["famille"],
        publics=_tuple(e["publics"]), resume=e["resume"].strip(), pour_qui=e["pour_qui"].strip(),
        duree=e["duree"].strip(), remuneration=e["remuneration"].strip(), demarrer=e["demarrer"].strip(),
        organismes=_tuple(e.get("organismes")), conditions=conditions, statut=e["statut"],
        remplace_par=e.get("remplace_par") or "", synonymes=_tuple(e.get("synonymes")),
        chiffres=_tuple(e.get("chiffres")), note=e.get("note") or "", source=_tuple(e["source"]),
        field_source={name: _tuple(e[f"{name}_source"]) for name in DISPOSITIF_FIELDS_SOURCED if e.get(f"{name}_source")},
    )


def _locate(places: PlaceIndex, commune: str, departement: str) -> Optional[Place]:
    if commune:
        place = places.commune_in_departement(commune, departement) if departement else places.resolve(commune)
        if place is not None:
            return place
    return places.departement(departement) if departement else None


def _evenement(e: Mapping[str, Any], places: PlaceIndex, synthetic: bool = False) -> Tuple[Evenement, bool]:
    """The event, and whether its commune (when it names one) was found in the places reference."""
    lat, lon = e.get("lat"), e.get("lon")
    located = lat is not None and lon is not None
    if not located:
        place = _locate(places, e.get("commune") or "", str(e.get("departement") or ""))
        if place is not None:
            lat, lon = place.lat, place.lon
            located = place.kind == "commune" or not e.get("commune")
    event = Evenement(
        id=e["id"], titre=e["titre"], organisateur=e.get("organisateur") or "", type=e["type"],
        date=e["date"], date_fin=e.get("date_fin"), commune=e.get("commune") or "",
        departement=str(e.get("departement") or ""), region=e.get("region") or "",
        public=e.get("public") or "", description=(e.get("description") or "").strip(),
        lien=e.get("lien") or "", edition=e.get("edition") or "", lat=lat, lon=lon,
        source=_tuple(e["source"]), synthetique=synthetic,
    )
    return event, located


def _territoire(e: Mapping[str, Any]) -> Territoire:
    return Territoire(
        id=e["id"], nom=e["nom"], departements=_tuple(e["departements"]), communes=_tuple(e["communes"]),
        industries=_tuple(e["industries"]),
        actions=tuple(Action(a["titre"], (a.get("description") or "").strip()) for a in e["actions"]),
        chiffres=_tuple(e.get("chiffres")), source=_tuple(e["source"]),
        epci=tuple(Epci(str(x["siren"]), str(x["nom"]), str(x.get("source") or ""), " ".join(str(x.get("citation") or "").split()),
                        " ".join(str(x.get("derive") or "").split())) for x in e["epci"]),
        epci_note=e.get("epci_note") or "",
    )


def _check_territories(file: str, entries: Sequence[Mapping[str, Any]], table: Mapping[str, EpciRow],
                       places: PlaceIndex) -> List[Problem]:
    """Each EPCI of a territory exists in knowledge/lieux/epci.tsv under that name, belongs to one
    territory only, and lies in one of the territory's départements; the towns it names are members."""
    problems: List[Problem] = []
    owner: Dict[str, str] = {}
    for e in entries:
        members = set()
        for i, x in enumerate(e["epci"], start=1):
            where = f"epci[{i}]"
            row = table.get(str(x["siren"]))
            if row is None:
                problems.append(Problem(file, e["id"], where, f"SIREN « {x['siren']} » absent de knowledge/lieux/epci.tsv "
                                                             "(Etalab) : vérifiez le code ou régénérez avec scripts/build_epci.py"))
                continue
            if " ".join(str(x["nom"]).split()) != row.nom:
                problems.append(Problem(file, e["id"], where, f"le SIREN {row.siren} est « {row.nom} » dans knowledge/lieux/epci.tsv, "
                                                             f"pas « {x['nom']} »"))
            if row.siren in owner and owner[row.siren] != e["id"]:
                problems.append(Problem(file, e["id"], where, f"« {row.nom} » est déjà dans le territoire « {owner[row.siren]} »"))
            owner.setdefault(row.siren, e["id"])
            members.update(row.membres)
            deps = {p.departement for p in (places.commune_by_insee(c) for c in row.membres) if p}
            if deps and not deps & set(e["departements"]):
                problems.append(Problem(file, e["id"], where, f"« {row.nom} » est dans le(s) département(s) {', '.join(sorted(deps))}, "
                                                             f"absent(s) de « departements »"))
        for name in e["communes"]:
            place = next((p for p in (places.commune_in_departement(name, d) for d in e["departements"]) if p), None)
            if place is None:
                problems.append(Problem(file, e["id"], "communes", f"commune « {name} » introuvable dans les départements du territoire"))
            elif members and place.code not in members:
                problems.append(Problem(file, e["id"], "communes", f"« {name} » n'est dans aucune des intercommunalités de « epci » : "
                                                                  "ajoutez son intercommunalité (avec sa source) ou retirez la commune"))
    return problems


def load_knowledge(
    directory: Optional[Path] = None,
    extra_events: Optional[Sequence[Mapping[str, Any]]] = None,
    places: Optional[PlaceIndex] = None,
) -> KnowledgeBase:
    """Load everything under `directory` (default: knowledge/), validate, and index it.

    `extra_events` (already-validated dicts, e.g. the synthetic generator's) are only for
    benchmarks and tests: the bot never passes any.
    """
    directory = Path(directory or knowledge_dir())
    problems: List[Problem] = []
    rel = lambda name: f"knowledge/{name}"  # noqa: E731

    raw_vocab = _read_yaml(directory / "vocabulaire.yml", problems, rel("vocabulaire.yml"))
    vocab_raw, vp = check_vocabulary(rel("vocabulaire.yml"), raw_vocab) if raw_vocab is not None else ({}, [])
    problems += vp
    for name in REQUIRED_VOCABS:
        if raw_vocab is not None and name not in vocab_raw:
            problems.append(Problem(rel("vocabulaire.yml"), name, "", "liste obligatoire manquante"))
    raw_sources = _read_yaml(directory / "sources.yml", problems, rel("sources.yml"))
    sources_raw, sp = check_sources(rel("sources.yml"), raw_sources) if raw_sources is not None else ({}, [])
    problems += sp

    vocab = _build_vocab(vocab_raw)
    validator = Validator({k: set(v) for k, v in vocab.items()}, set(sources_raw))
    for name, entries in vocab_raw.items():
        for e in entries:
            for sid in e.get("source") or ():
                if sid not in sources_raw:
                    problems.append(Problem(rel("vocabulaire.yml"), f"{name}/{e['id']}", "source", f"source inconnue « {sid} »"))

    files = {
        "metiers.yml": METIER, "dispositifs.yml": DISPOSITIF,
        "evenements.yml": EVENEMENT, "territoires.yml": TERRITOIRE, "reperes.yml": REPERE,
    }
    checked: Dict[str, List[Dict[str, Any]]] = {}
    for fname, spec in files.items():
        data = _read_yaml(directory / fname, problems, rel(fname))
        checked[fname] = validator.check_entries(rel(fname), data, spec)   # a missing file is already reported
    problems += validator.problems

    disp_ids = {e["id"] for e in checked["dispositifs.yml"]}
    for e in checked["dispositifs.yml"]:
        for name in DISPOSITIF_FIELDS_SOURCED:
            for sid in e.get(f"{name}_source") or ():
                if sid not in e["source"]:
                    problems.append(Problem(rel("dispositifs.yml"), e["id"], f"{name}_source",
                                            f"« {sid} » n'est pas dans « source » : ajoutez-la aussi à la liste des sources du dispositif"))
    for e in checked["dispositifs.yml"]:
        natures = {(sources_raw.get(sid) or {}).get("nature") for sid in e["source"]}
        if e["statut"] == "actif" and "officiel" not in natures:
            problems.append(Problem(rel("dispositifs.yml"), e["id"], "source",
                                    "aucune source officielle (nature: officiel dans sources.yml : service-public.fr, "
                                    "travail-emploi.gouv.fr, francetravail.fr, le site de l'opérateur, un document de l'État) : "
                                    "un dispositif doit en citer au moins une"))
        elif e["statut"] != "actif" and not natures & {"officiel", "institutionnel"}:
            problems.append(Problem(rel("dispositifs.yml"), e["id"], "source",
                                    "aucune source officielle ni institutionnelle pour ce dispositif supprimé ou remplacé"))
    problems += cross_check(rel("dispositifs.yml"), checked["dispositifs.yml"], disp_ids, "remplace_par", "dispositifs.yml")
    for e in checked["dispositifs.yml"]:
        if e["statut"] == "remplace" and not e.get("remplace_par"):
            problems.append(Problem(rel("dispositifs.yml"), e["id"], "remplace_par", "obligatoire quand statut = remplace"))
    for e in checked["metiers.yml"]:
        if not e.get("rome") and not (e.get("rome_note") or "").strip():
            problems.append(Problem(rel("metiers.yml"), e["id"], "rome_note", "code ROME vide : expliquez pourquoi dans rome_note"))
        if e.get("rome") and "rome4" not in e["source"]:
            problems.append(Problem(rel("metiers.yml"), e["id"], "source", "un code ROME doit citer la source « rome4 »"))
    for e in checked["reperes.yml"]:
        for theme in e["themes"]:
            if theme not in THEMES_REPERES:
                problems.append(Problem(rel("reperes.yml"), e["id"], "themes", f"thème inconnu « {theme} » (possibles : {', '.join(THEMES_REPERES)})"))
    raw_faq = _read_yaml(directory / "faq.yml", problems, rel("faq.yml"))
    if raw_faq is not None and not (isinstance(raw_faq, dict) and isinstance(raw_faq.get("questions"), list)):
        problems.append(Problem(rel("faq.yml"), "", "questions", "le fichier doit contenir une liste « questions: »"))
        raw_faq = {"questions": []}
    already = len(validator.problems)
    faq_entries = validator.check_entries(rel("faq.yml"), (raw_faq or {}).get("questions", []), FAQ)
    problems += validator.problems[already:]
    met_ids = {e["id"] for e in checked["metiers.yml"]}
    for e in faq_entries:
        if len(" ".join(str(e["reponse"]).split())) > FAQ_ANSWER_MAX:
            problems.append(Problem(rel("faq.yml"), e["id"], "reponse", f"réponse trop longue (plus de {FAQ_ANSWER_MAX} caractères) : une bulle de chat"))
        if bool(e.get("source")) == bool(e.get("sans_source")):
            problems.append(Problem(rel("faq.yml"), e["id"], "source",
                                    "il faut soit « source » (les sources qui disent la réponse), soit « sans_source » "
                                    "(pourquoi aucune ne la dit), pas les deux ni aucun"))
        for field_name, known in (("metiers", met_ids), ("dispositifs", disp_ids)):
            for ref in e.get(field_name) or ():
                if ref not in known:
                    problems.append(Problem(rel("faq.yml"), e["id"], field_name, f"identifiant inconnu « {ref} »"))
    problems += _synonym_conflicts(rel("faq.yml"), [(e["id"], e["questions"]) for e in faq_entries])
    exemples = _exemples(directory, vocab, problems, rel)
    for e in checked["evenements.yml"]:
        if e.get("date_fin") and e["date_fin"] < e["date"]:
            problems.append(Problem(rel("evenements.yml"), e["id"], "date_fin", "date de fin avant la date de début"))

    metiers = {e["id"]: _metier(e) for e in checked["metiers.yml"]}
    dispositifs = {e["id"]: _dispositif(e) for e in checked["dispositifs.yml"]}
    problems += _synonym_conflicts(rel("metiers.yml"), [(m.id, (m.id, m.label_m, m.label_f, *m.synonymes)) for m in metiers.values()])
    problems += _synonym_conflicts(rel("dispositifs.yml"), [(d.id, (d.id, d.nom, d.sigle, *d.synonymes)) for d in dispositifs.values()])

    if places is None:
        try:
            places = PlaceIndex.load(directory / "lieux")
        except (OSError, ValueError) as exc:
            problems.append(Problem("knowledge/lieux", "", "", f"référentiel des lieux illisible : {exc}"))
    epci_table: Dict[str, EpciRow] = {}
    try:
        epci_table = load_epci(directory / "lieux" / "epci.tsv")
    except (OSError, ValueError) as exc:
        problems.append(Problem("knowledge/lieux/epci.tsv", "", "", f"table des intercommunalités illisible : {exc} "
                                                                 "(régénérez-la avec scripts/build_epci.py)"))
    if problems:
        raise KnowledgeError(problems)
    assert places is not None
    problems += _check_territories(rel("territoires.yml"), checked["territoires.yml"], epci_table, places)

    evenements: List[Evenement] = []
    for e in checked["evenements.yml"]:
        event, located = _evenement(e, places)
        if not located and e.get("commune"):
            problems.append(Problem(rel("evenements.yml"), e["id"], "commune",
                                    f"commune « {e['commune']} » introuvable dans le département « {e.get('departement')} »"))
        evenements.append(event)
    if extra_events:
        extra_validator = Validator({k: set(v) for k, v in vocab.items()}, set(sources_raw))
        for e in extra_validator.check_entries("événements synthétiques", list(extra_events), EVENEMENT):
            evenements.append(_evenement(e, places, synthetic=True)[0])
        problems += extra_validator.problems
    if problems:
        raise KnowledgeError(problems)

    return KnowledgeBase(
        vocab=vocab,
        sources={sid: Source(sid, s["titre"], s.get("url", ""), s.get("fichier", ""), s.get("court", ""), s["nature"])
                 for sid, s in sources_raw.items()},
        metiers=metiers, dispositifs=dispositifs, evenements=evenements,
        territoires={e["id"]: _territoire(e) for e in checked["territoires.yml"]},
        reperes={e["id"]: Repere(e["id"], e["texte"].strip(), _tuple(e["themes"]), _tuple(e["source"])) for e in checked["reperes.yml"]},
        places=places, directory=directory, epci_table=epci_table,
        faq={e["id"]: Faq(e["id"], e["theme"], _tuple(e["questions"]), " ".join(str(e["reponse"]).split()), _tuple(e.get("source") or ()),
                          _tuple(e.get("metiers") or ()), _tuple(e.get("dispositifs") or ()),
                          str(e.get("sans_source") or "")) for e in faq_entries},
        exemples=exemples,
    )


def _exemples(directory: Path, vocab, problems: List[Problem], rel) -> Dict[str, Dict[str, Tuple[str, ...]]]:
    """knowledge/exemples.yml (optional): {contraintes|interets: {vocabulary id: [phrasings]}}."""
    path = directory / "exemples.yml"
    if not path.exists():
        return {}
    raw = _read_yaml(path, problems, rel("exemples.yml")) or {}
    out: Dict[str, Dict[str, Tuple[str, ...]]] = {}
    if not isinstance(raw, dict):
        problems.append(Problem(rel("exemples.yml"), "", "", "le fichier doit contenir « contraintes: » et « interets: »"))
        return out
    for section in ("contraintes", "interets"):
        entries = raw.get(section) or {}
        if not isinstance(entries, dict):
            problems.append(Problem(rel("exemples.yml"), section, "", "une liste de phrases par identifiant est attendue"))
            continue
        known = set((vocab.get(section) or {}).keys())
        for vid, phrasings in entries.items():
            if vid not in known:
                problems.append(Problem(rel("exemples.yml"), str(vid), section,
                                        f"identifiant inconnu « {vid} » (possibles : {', '.join(sorted(known))})"))
                continue
            if not isinstance(phrasings, list) or not all(isinstance(x, str) and x.strip() for x in phrasings):
                problems.append(Problem(rel("exemples.yml"), str(vid), section, "une liste de phrases non vides est attendue"))
                continue
            out.setdefault(section, {})[str(vid)] = tuple(x.strip() for x in phrasings)
    # neutres: sentences that name a constraint's topic without making it one, and say no liking either
    # (both classifiers read them); sans_gout: sentences that say no liking (the liking classifier only)
    for section in ("neutres", "sans_gout"):
        neutral = raw.get(section)
        if neutral is None:
            continue
        if not isinstance(neutral, list) or not all(isinstance(x, str) and x.strip() for x in neutral):
            problems.append(Problem(rel("exemples.yml"), section, "", "une liste de phrases non vides est attendue"))
        else:
            out[section] = {NEUTRAL: tuple(x.strip() for x in neutral)}
    return out


def _synonym_conflicts(file: str, entries: Sequence[Tuple[str, Iterable[str]]]) -> List[Problem]:
    owner: Dict[str, str] = {}
    problems = []
    for eid, forms in entries:
        for form in forms:
            key = normalize(form or "")
            if not key:
                continue
            if key in owner and owner[key] != eid:
                problems.append(Problem(file, eid, "synonymes", f"« {form} » désigne déjà « {owner[key]} » : un synonyme ne peut désigner qu'une entrée"))
            owner.setdefault(key, eid)
    return problems


_CACHE: Dict[str, KnowledgeBase] = {}


def get_knowledge() -> KnowledgeBase:
    """The process-wide knowledge base, loaded once (the action server calls it at start-up)."""
    key = str(knowledge_dir())
    if key not in _CACHE:
        _CACHE[key] = load_knowledge()
    return _CACHE[key]
