"""Schema of the knowledge files and their validation, with errors a conseiller can read.

Every problem names the file, the entry id and the field, in French:
    knowledge/metiers.yml : entrée « soudeur », champ « acces » : valeur inconnue « bac » (valeurs possibles : ...)
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Mapping, Sequence, Set

ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
ROME_RE = re.compile(r"^[A-N][0-9]{4}$")
URL_RE = re.compile(r"^https?://\S+$")
SIREN_RE = re.compile(r"^[0-9]{9}$")

# who publishes a source (knowledge/sources.yml, field nature); only the first two are shown to people
NATURES = ("officiel", "institutionnel", "presse", "autre")
SHOWN_NATURES = ("officiel", "institutionnel")
_TRACKING = re.compile(r"/clic\d*/|[?&](?:utm_[a-z]+|k|mc_eid|mc_cid|fbclid|gclid)=", re.I)


def unusable_link(url: str) -> str:
    """Why a link must not be shown to a person ('' if it may be): a click-tracking link of a newsletter,
    a double-encoded address, a development mirror."""
    host = url.split("//", 1)[-1].split("/", 1)[0].lower()
    if _TRACKING.search(url):
        return "lien de suivi de clic (lettre d'information)"
    if "%25" in url:
        return "adresse doublement encodée (%25…)"
    if host.endswith(".dev") or host.endswith(".local") or re.match(r"^(?:dev|staging|preprod|recette)[.-]", host):
        return "site de développement ou de recette, pas le site publié"
    return ""

PROFILE_FIELDS = {
    # champ -> kind used by conditions
    "age": "number",
    "situation": "situations",
    "diplome": "niveaux",
    "inscrit_france_travail": "bool",
    "rqth": "bool",
    "accompagne": "bool",
    "offre_emploi": "bool",
    "femme": "bool",
}
BOOL_FIELDS = {k for k, v in PROFILE_FIELDS.items() if v == "bool"}


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}"
        if self.entry:
            where += f" : entrée « {self.entry} »"
        if self.field:
            where += f", champ « {self.field} »"
        return f"{where} : {self.message}"


class KnowledgeError(Exception):
    """Raised when the knowledge base is invalid: the bot must not start with half the data."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  … et {len(self.problems) - 50} autres" if len(self.problems) > 50 else ""
        super().__init__(f"Base de connaissances invalide ({len(self.problems)} erreur(s)) :\n{lines}{more}")


@dataclass(frozen=True)
class Field:
    kind: str                 # text | str | bool | int | date | list_text | vocab | list_vocab | labels | sources | conditions | actions | rome | url | ref
    required: bool = True
    vocab: str = ""           # vocabulary name for vocab kinds
    min_items: int = 0


METIER = {
    "id": Field("id"),
    "rome": Field("rome"),
    "rome_note": Field("str", required=False),
    "libelle": Field("labels"),
    "filieres": Field("list_vocab", vocab="filieres", min_items=1),
    "description": Field("text"),
    "en_bref": Field("text"),         # the heart of the trade, an infinitive phrase drawn from the description
    "realite": Field("text"),
    "acces": Field("list_vocab", vocab="niveaux", min_items=1),
    "formations": Field("list_text", min_items=1),
    "interets": Field("list_vocab", vocab="interets", min_items=1),
    "conditions": Field("list_vocab", vocab="conditions"),
    "formations_source": Field("sources", required=False),   # the source that states the training paths
    "description_source": Field("sources", required=False),  # a document that describes the trade itself
    "realite_source": Field("sources", required=False),      # a document that states these working conditions
    "en_tension": Field("bool"),
    "en_tension_source": Field("sources", required=False),
    "mrs": Field("bool"),
    "mrs_source": Field("sources", required=False),
    "synonymes": Field("list_text"),
    "note": Field("str", required=False),
    "source": Field("sources"),
}

DISPOSITIF = {
    "id": Field("id"),
    "nom": Field("text"),
    "sigle": Field("str", required=False),
    "famille": Field("vocab", vocab="familles_dispositifs"),
    "publics": Field("list_vocab", vocab="publics", min_items=1),
    "resume": Field("text"),
    "resume_source": Field("sources", required=False),        # the sources that state this field
    "pour_qui": Field("text"),
    "pour_qui_source": Field("sources", required=False),
    "duree": Field("text"),
    "duree_source": Field("sources", required=False),
    "remuneration": Field("text"),
    "remuneration_source": Field("sources", required=False),
    "demarrer": Field("text"),
    "demarrer_source": Field("sources", required=False),
    "organismes": Field("list_vocab", vocab="organismes"),
    "conditions": Field("conditions"),
    "statut": Field("choice"),
    "remplace_par": Field("str", required=False),
    "synonymes": Field("list_text"),
    "chiffres": Field("list_text", required=False),
    "note": Field("str", required=False),
    "source": Field("sources"),
}
STATUTS = ("actif", "supprime", "remplace")
DISPOSITIF_FIELDS_SOURCED = ("resume", "pour_qui", "duree", "remuneration", "demarrer")

EVENEMENT = {
    "id": Field("id"),
    "titre": Field("text"),
    "organisateur": Field("str", required=False),
    "type": Field("vocab", vocab="types_evenements"),
    "date": Field("date"),
    "date_fin": Field("date", required=False),
    "commune": Field("str"),
    "departement": Field("str"),
    "region": Field("str", required=False),
    "public": Field("str", required=False),
    "description": Field("str", required=False),
    "lien": Field("url", required=False),
    "edition": Field("str", required=False),
    "lat": Field("number", required=False),
    "lon": Field("number", required=False),
    "note": Field("str", required=False),
    "source": Field("sources"),
}

TERRITOIRE = {
    "id": Field("id"),
    "nom": Field("text"),
    "departements": Field("list_text", min_items=1),
    "communes": Field("list_text", min_items=1),
    "epci": Field("epci"),
    "epci_note": Field("str", required=False),
    "industries": Field("list_text", min_items=1),
    "actions": Field("actions"),
    "chiffres": Field("list_text", required=False),
    "note": Field("str", required=False),
    "source": Field("sources"),
}

FAQ = {
    "id": Field("id"),
    "theme": Field("str"),
    "questions": Field("list_text", min_items=3),
    "reponse": Field("text"),
    # either the sources that state the answer, or `sans_source`: why none does (a common definition no
    # document of the base gives); such an answer is shown without "(Source : …)" and make audit lists it
    "source": Field("sources", required=False),
    "sans_source": Field("str", required=False),
    "metiers": Field("list_text", required=False),
    "dispositifs": Field("list_text", required=False),
}
FAQ_ANSWER_MAX = 450      # one chat bubble

REPERE = {
    "id": Field("id"),
    "texte": Field("text"),
    "themes": Field("list_text", min_items=1),
    "source": Field("sources"),
}
THEMES_REPERES = ("industrie", "salaires", "femmes", "modeles", "handicap", "mobilite", "jeunes", "reconversion")

VOCAB_ENTRY = {"id", "label"}


class Validator:
    """Collects problems across all files; `check_entries` returns the entries that passed."""

    def __init__(self, vocab: Mapping[str, Set[str]], sources: Set[str]):
        self.vocab = vocab
        self.sources = sources
        self.problems: List[Problem] = []

    # -- helpers -------------------------------------------------------------------------------
    def add(self, file: str, entry: str, field: str, message: str) -> None:
        self.problems.append(Problem(file, entry, field, message))

    def _choices(self, vocab: str) -> str:
        values = sorted(self.vocab.get(vocab, ()))
        shown = ", ".join(values[:12]) + (" …" if len(values) > 12 else "")
        return f"valeurs possibles : {shown}"

    # -- entry point -----------------------------------------------------------------------------
    def check_entries(self, file: str, data: Any, spec: Mapping[str, Field]) -> List[Dict[str, Any]]:
        if data is None:
            data = []
        if not isinstance(data, list):
            self.add(file, "", "", "le fichier doit contenir une liste d'entrées (lignes commençant par « - »)")
            return []
        valid: List[Dict[str, Any]] = []
        seen: Set[str] = set()
        for index, entry in enumerate(data, start=1):
            if not isinstance(entry, dict):
                self.add(file, f"n°{index}", "", "chaque entrée doit être un ensemble « champ: valeur »")
                continue
            entry_id = str(entry.get("id") or f"n°{index}")
            before = len(self.problems)
            for key in entry:
                if key not in spec:
                    self.add(file, entry_id, str(key), f"champ inconnu (champs possibles : {', '.join(spec)})")
            for name, fld in spec.items():
                if name not in entry or entry[name] is None:
                    if fld.required:
                        self.add(file, entry_id, name, "champ obligatoire manquant")
                    continue
                self._check_field(file, entry_id, name, fld, entry[name])
            if entry_id in seen:
                self.add(file, entry_id, "id", "identifiant en double")
            seen.add(entry_id)
            if len(self.problems) == before:
                valid.append(entry)
        return valid

    def _check_field(self, file: str, eid: str, name: str, fld: Field, value: Any) -> None:
        add = lambda msg: self.add(file, eid, name, msg)  # noqa: E731
        kind = fld.kind
        if kind == "id":
            if not isinstance(value, str) or not ID_RE.match(value):
                add(f"identifiant invalide « {value} » (minuscules, chiffres, _ et - seulement)")
        elif kind in ("text", "str"):
            if not isinstance(value, str):
                add(f"texte attendu, trouvé « {value} »")
            elif kind == "text" and not value.strip():
                add("texte vide")
        elif kind == "bool":
            if not isinstance(value, bool):
                add(f"oui/non attendu (true ou false), trouvé « {value} »")
        elif kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                add(f"nombre attendu, trouvé « {value} »")
        elif kind == "date":
            if not isinstance(value, dt.date):
                add(f"date attendue au format AAAA-MM-JJ, trouvé « {value} »")
        elif kind == "url":
            if value and (not isinstance(value, str) or not URL_RE.match(value)):
                add(f"adresse web invalide « {value} »")
        elif kind == "rome":
            if value and (not isinstance(value, str) or not ROME_RE.match(value)):
                add(f"code ROME invalide « {value} » (une lettre et quatre chiffres, ex. H2913)")
        elif kind == "choice":
            if value not in STATUTS:
                add(f"valeur « {value} » invalide (valeurs possibles : {', '.join(STATUTS)})")
        elif kind == "labels":
            if not isinstance(value, dict) or not all(isinstance(value.get(k), str) and value.get(k) for k in ("m", "f")):
                add("il faut {m: libellé masculin, f: libellé féminin}")
        elif kind == "vocab":
            if value not in self.vocab.get(fld.vocab, ()):
                add(f"valeur inconnue « {value} » ({self._choices(fld.vocab)})")
        elif kind in ("list_text", "list_vocab", "sources"):
            if not isinstance(value, list):
                add("liste attendue (entre crochets [a, b] ou en lignes « - »)")
                return
            if len(value) < max(fld.min_items, 1 if kind == "sources" else 0):
                add("liste vide : au moins une valeur est nécessaire")
            for item in value:
                if not isinstance(item, str) or not item.strip():
                    add(f"valeur vide ou non textuelle « {item} »")
                elif kind == "list_vocab" and item not in self.vocab.get(fld.vocab, ()):
                    add(f"valeur inconnue « {item} » ({self._choices(fld.vocab)})")
                elif kind == "sources" and item not in self.sources:
                    add(f"source inconnue « {item} » (à déclarer dans knowledge/sources.yml)")
        elif kind == "conditions":
            self._check_conditions(file, eid, value)
        elif kind == "epci":
            self._check_epci(file, eid, value)
        elif kind == "actions":
            if not isinstance(value, list) or not value:
                add("liste d'actions {titre, description} attendue")
                return
            for item in value:
                if not isinstance(item, dict) or not isinstance(item.get("titre"), str) or not item.get("titre"):
                    add(f"action sans titre : « {item} »")

    def _check_epci(self, file: str, eid: str, value: Any) -> None:
        """The intercommunalities of a Territoire d'industrie: {siren, nom, source + citation | derive}."""
        if not isinstance(value, list) or not value:
            self.add(file, eid, "epci", "liste des intercommunalités attendue : {siren, nom, source, citation} ou {siren, nom, derive}")
            return
        for i, item in enumerate(value, start=1):
            where = f"epci[{i}]"
            add = lambda msg: self.add(file, eid, where, msg)  # noqa: E731
            if not isinstance(item, dict):
                add("chaque intercommunalité est un ensemble {siren, nom, source, citation}")
                continue
            unknown = set(item) - {"siren", "nom", "source", "citation", "derive"}
            if unknown:
                add(f"clé(s) inconnue(s) : {', '.join(sorted(map(str, unknown)))}")
            if not isinstance(item.get("siren"), str) or not SIREN_RE.match(item["siren"]):
                add(f"siren invalide « {item.get('siren')} » : neuf chiffres entre guillemets (voir knowledge/lieux/epci.tsv)")
            if not isinstance(item.get("nom"), str) or not item["nom"].strip():
                add("nom manquant : le nom de l'intercommunalité tel qu'écrit dans knowledge/lieux/epci.tsv")
            derive = item.get("derive")
            if derive is not None:
                if not isinstance(derive, str) or not derive.strip():
                    add("derive vide : dites comment l'intercommunalité a été déduite et de quelle source")
                if "source" in item or "citation" in item:
                    add("soit source + citation (la source nomme l'intercommunalité), soit derive (déduite), pas les deux")
                continue
            if item.get("source") not in self.sources:
                add(f"source inconnue « {item.get('source')} » (à déclarer dans knowledge/sources.yml), ou derive si elle est déduite")
            if not isinstance(item.get("citation"), str) or not item["citation"].strip():
                add("citation manquante : la phrase de la source qui nomme cette intercommunalité")

    def _check_conditions(self, file: str, eid: str, value: Any) -> None:
        if not isinstance(value, list):
            self.add(file, eid, "conditions", "liste de conditions attendue ([] si ouvert à tous)")
            return
        for i, cond in enumerate(value, start=1):
            where = f"conditions[{i}]"
            add = lambda msg: self.add(file, eid, where, msg)  # noqa: E731
            if not isinstance(cond, dict):
                add("chaque condition est un ensemble {champ, opérateur, message}")
                continue
            champ = cond.get("champ")
            if champ not in PROFILE_FIELDS:
                add(f"champ du profil inconnu « {champ} » (possibles : {', '.join(PROFILE_FIELDS)})")
                continue
            unknown = set(cond) - {"champ", "min", "max", "parmi", "egal", "sauf_si", "message"}
            if unknown:
                add(f"clé(s) inconnue(s) : {', '.join(sorted(map(str, unknown)))}")
            ops = [op for op in ("range", "parmi", "egal") if (op == "range" and ("min" in cond or "max" in cond)) or (op != "range" and op in cond)]
            if len(ops) != 1:
                add("il faut exactement un opérateur : min/max, parmi ou egal")
            kind = PROFILE_FIELDS[champ]
            if "min" in cond or "max" in cond:
                if kind != "number":
                    add(f"min/max ne s'applique qu'à un nombre, pas à « {champ} »")
                for b in ("min", "max"):
                    if b in cond and (isinstance(cond[b], bool) or not isinstance(cond[b], (int, float))):
                        add(f"{b} doit être un nombre")
            if "parmi" in cond:
                if kind not in self.vocab or not isinstance(cond["parmi"], list) or not cond["parmi"]:
                    add(f"parmi attend une liste de valeurs de « {kind} »")
                else:
                    for item in cond["parmi"]:
                        if item not in self.vocab[kind]:
                            add(f"valeur inconnue « {item} » ({self._choices(kind)})")
            if "egal" in cond and kind == "bool" and not isinstance(cond["egal"], bool):
                add("egal attend true ou false pour ce champ")
            for flag in cond.get("sauf_si") or []:
                if flag not in BOOL_FIELDS:
                    add(f"sauf_si attend des champs oui/non du profil ({', '.join(sorted(BOOL_FIELDS))}), pas « {flag} »")
            if not isinstance(cond.get("message"), str) or not cond["message"].strip():
                add("message manquant : la phrase dite quand la condition n'est pas remplie")


def check_vocabulary(file: str, data: Any) -> "tuple[Dict[str, list], List[Problem]]":
    """The vocabulary file is a mapping name -> list of {id, label, ...}."""
    problems: List[Problem] = []
    out: Dict[str, list] = {}
    if not isinstance(data, dict):
        return out, [Problem(file, "", "", "le fichier doit contenir des listes nommées (filieres:, niveaux:, …)")]
    for name, entries in data.items():
        if not isinstance(entries, list):
            problems.append(Problem(file, str(name), "", "liste attendue"))
            continue
        seen: Set[str] = set()
        good = []
        for entry in entries:
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not ID_RE.match(entry["id"]):
                problems.append(Problem(file, f"{name}", "id", f"entrée sans identifiant valide : « {entry} »"))
                continue
            if not isinstance(entry.get("label"), str) or not entry["label"]:
                problems.append(Problem(file, f"{name}/{entry['id']}", "label", "libellé manquant"))
                continue
            if entry["id"] in seen:
                problems.append(Problem(file, f"{name}/{entry['id']}", "id", "identifiant en double"))
            seen.add(entry["id"])
            good.append(entry)
        out[name] = good
    return out, problems


def check_sources(file: str, data: Any) -> "tuple[Dict[str, dict], List[Problem]]":
    problems: List[Problem] = []
    if not isinstance(data, dict):
        return {}, [Problem(file, "", "", "le fichier doit associer chaque identifiant de source à {titre, url|fichier}")]
    out = {}
    for sid, entry in data.items():
        if not isinstance(entry, dict) or not entry.get("titre"):
            problems.append(Problem(file, str(sid), "titre", "titre manquant"))
            continue
        url = entry.get("url", "")
        if url and not URL_RE.match(str(url)):
            problems.append(Problem(file, str(sid), "url", f"adresse web invalide « {url} »"))
            continue
        nature = entry.get("nature")
        if nature not in NATURES:
            problems.append(Problem(file, str(sid), "nature", f"nature « {nature} » invalide ou manquante "
                                                              f"(valeurs possibles : {', '.join(NATURES)})"))
            continue
        unusable = unusable_link(str(url)) if url else ""
        if unusable and nature in SHOWN_NATURES:
            problems.append(Problem(file, str(sid), "url", f"{unusable} : une personne ne doit pas voir ce lien ; "
                                                           "donnez le lien direct de la page ou mettez « nature: autre »"))
            continue
        out[str(sid)] = entry
    return out, problems


def cross_check(
    file: str, entries: Iterable[Mapping[str, Any]], ids: Set[str], field: str, target: str
) -> List[Problem]:
    """References between files/entries, e.g. dispositif.remplace_par -> an existing dispositif id."""
    out = []
    for e in entries:
        ref = e.get(field)
        if ref and ref not in ids:
            out.append(Problem(file, str(e.get("id")), field, f"« {ref} » n'existe pas dans {target}"))
    return out


Check = Callable[[], List[Problem]]
