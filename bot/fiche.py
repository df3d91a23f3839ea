"""Argument sheets for the conseiller view: a trade or a scheme from the knowledge base, in clear French.

Pure functions over actions.kb (no web code), so the sheet is the same wherever it is shown.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from actions.kb.loader import KnowledgeBase
from actions.kb.models import Dispositif, Metier
from actions.kb.sources import shown_ids

STATUTS = {
    "actif": "actif",
    "supprime": "supprimé",
    "remplace": "remplacé",
}


def _join(items: List[str]) -> str:
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " et " + items[-1]


def _sources(kb: KnowledgeBase, ids) -> List[Dict[str, str]]:
    """The sources a person may see (official or institutional, official first): a press copy, a broker,
    a development mirror or a tracking link stays in the base for the audit (make audit), not on a sheet."""
    out: List[Dict[str, str]] = []
    for sid in shown_ids(kb, ids):
        s = kb.sources[sid]
        url = s.url if s.url.startswith(("https://", "http://")) else ""
        out.append({"id": s.id, "titre": s.titre, "court": s.short, "url": url})
    return out


# what a trade's sources say, field by field (knowledge/metiers.yml: `source` names the trade)
METIER_SOURCED_FIELDS = (("rome", "Code ROME"), ("en_tension", "Métier en tension"), ("description", "Le métier"),
                         ("realite", "La réalité du poste"), ("formations", "Parcours de formation"))
WRITTEN_FIELDS = ("description", "realite")   # texts written for the base, sourced only by their own field


def _metier_sources(kb: KnowledgeBase, m: Metier) -> List[Dict[str, str]]:
    """The sources of a trade's sheet, each with what it states ('Code ROME', 'Métier en tension'): the
    sheet never puts a document under text it does not contain."""
    out: List[Dict[str, str]] = []
    for name, label in METIER_SOURCED_FIELDS:
        if (name == "rome" and not m.rome) or (name == "en_tension" and not m.en_tension):
            continue
        ids = ("rome4",) if name == "rome" else m.field_sources(name)
        out += [{**s, "pour": label} for s in _sources(kb, ids)]
    return out


def _unsourced_note(m: Metier) -> str:
    missing = _join([label.lower() for name, label in METIER_SOURCED_FIELDS
                      if name in WRITTEN_FIELDS and not m.field_sources(name)])
    if not missing:
        return ""
    rome = f" ; la fiche ROME {m.rome} de France Travail fait référence" if m.rome else ""
    return f"{missing[:1].upper()}{missing[1:]} : texte rédigé pour Cap Industrie, sans document source dans la base{rome}."


def metier_sheet(kb: KnowledgeBase, m: Metier) -> Dict[str, Any]:
    label = m.label()
    filieres = [kb.vocab_label("filieres", f) for f in m.filieres]
    niveaux = [kb.vocab_label("niveaux", a) for a in m.acces]
    interets = [kb.vocab_label("interets", i) for i in m.interets]
    conditions = [kb.vocab_label("conditions", c) for c in m.conditions]
    demarrer = ["Tester le métier quelques jours en entreprise avec une immersion (PMSMP), "
                "demandée par le conseiller France Travail, Mission locale ou Cap emploi."]
    if m.mrs:
        # seed_001: the MRS "est mobilisable sur un recrutement pour un poste de travail n'exigeant pas de diplôme
        # ou de qualification élevée" -- not that this trade recruits by it
        demarrer.append("Poste souvent ouvert sans diplôme : la méthode de recrutement par simulation (MRS) de France "
                        "Travail, sans CV, est mobilisable pour les postes qui n'exigent pas de diplôme élevé.")
    demarrer.append("Se former avant l'embauche (POEI) quand une entreprise a un poste à pourvoir, "
                    "ou en apprentissage pour les jeunes.")
    arguments = []
    if m.en_tension:
        arguments.append("Métier en tension : les entreprises cherchent des candidat·es.")
    if m.mrs:
        arguments.append("Poste souvent ouvert sans diplôme ; la MRS évalue les habiletés, sans CV.")
    if niveaux:
        arguments.append(f"Accessible dès le niveau : {_join(niveaux[:1])}.")
    return {
        "type": "metier",
        "id": m.id,
        "titre": label[:1].upper() + label[1:],
        "sections": [
            {"titre": "Le métier", "texte": m.description},
            {"titre": "Pour qui", "texte": ("Des personnes qui aiment : " + _join(interets) + ".") if interets
             else "Ouvert à toutes et tous."},
            {"titre": "La réalité du poste", "texte": m.realite
             + (f" Conditions : {_join(conditions)}." if conditions else "")},
            {"titre": "Accès et formation", "texte": (f"Accès : {_join(niveaux)}." if niveaux else "Accès : tous niveaux.")
             + ("" if m.formations_source else " Parcours habituels, sans source dans la base : à confirmer."),
             "liste": list(m.formations)},
            {"titre": "Comment démarrer", "liste": demarrer},
        ],
        "arguments": arguments,
        "secteurs": filieres,
        "rome": m.rome,
        "en_tension": m.en_tension,
        "mrs": m.mrs,
        "sources": _metier_sources(kb, m),
        "note_sources": _unsourced_note(m),
    }


def dispositif_sheet(kb: KnowledgeBase, d: Dispositif) -> Dict[str, Any]:
    organismes = [kb.vocab_label("organismes", o) for o in d.organismes]
    publics = [kb.vocab_label("publics", p) for p in d.publics]
    statut = STATUTS.get(d.statut, d.statut)
    remplace = None
    if d.remplace_par and d.remplace_par in kb.dispositifs:
        remplace = kb.dispositifs[d.remplace_par].nom
    conditions = [c.message for c in d.conditions]
    sections = [
        {"titre": "Ce que c'est", "texte": d.resume},
        {"titre": "Pour qui", "texte": d.pour_qui, "liste": conditions},
        {"titre": "Durée", "texte": d.duree},
        {"titre": "Rémunération", "texte": d.remuneration},
        {"titre": "Comment démarrer", "texte": d.demarrer
         + (f" Organismes : {_join(organismes)}." if organismes else "")},
    ]
    if d.chiffres:
        sections.append({"titre": "Chiffres", "liste": list(d.chiffres)})
    if d.note:
        sections.append({"titre": "À noter", "texte": d.note})
    arguments = []
    if d.actif:
        arguments.append(d.resume)
    else:
        arguments.append(f"Attention : ce dispositif est {statut}" + (f", remplacé par {remplace}." if remplace else "."))
    return {
        "type": "dispositif",
        "id": d.id,
        "titre": d.nom,
        "sigle": d.sigle,
        "statut": statut,
        "remplace_par": remplace,
        "publics": publics,
        "sections": sections,
        "arguments": arguments,
        "sources": _sources(kb, d.source),
    }


def find_sheet(kb: KnowledgeBase, query: str) -> Optional[Dict[str, Any]]:
    """The sheet for what the conseiller typed: a trade first, then a scheme, else None."""
    query = (query or "").strip()
    if not query:
        return None
    m = kb.find_metier(query)
    if m is not None:
        return metier_sheet(kb, m)
    d = kb.find_dispositif(query)
    if d is not None:
        return dispositif_sheet(kb, d)
    # a free sentence ("la fiche du soudeur") : look for a known form inside it
    found = kb.metier_index.find_all(query)
    if found and found[0] in kb.metiers:
        return metier_sheet(kb, kb.metiers[found[0]])
    found = kb.dispositif_index.find_all(query)
    if found and found[0] in kb.dispositifs:
        return dispositif_sheet(kb, kb.dispositifs[found[0]])
    return None


def catalogue(kb: KnowledgeBase) -> Dict[str, List[Dict[str, str]]]:
    """Names for the search field's suggestions."""
    return {
        "metiers": sorted(({"id": m.id, "label": m.label()} for m in kb.metiers.values()), key=lambda x: x["label"]),
        "dispositifs": sorted(({"id": d.id, "label": d.nom} for d in kb.dispositifs.values()), key=lambda x: x["label"]),
    }


def synthesis_json(syn, kb: Optional[KnowledgeBase] = None) -> Dict[str, Any]:
    """A Synthesis (actions.synthesis) as plain JSON for the conseiller page."""
    orientation = syn.orientation
    organisme = orientation.organisme if orientation is not None else ""
    organisme_label = kb.vocab_label("organismes", organisme) if (kb is not None and organisme) else organisme
    return {
        "conversation_id": syn.conversation_id,
        "profil": [{"label": k, "valeur": v} for k, v in syn.profile],
        "publics": list(syn.publics),
        "metiers": [{"label": m, "raisons": why, "realite": real} for m, why, real in syn.metiers],
        "dispositifs": [{"nom": n, "statut": s, "detail": d} for n, s, d in syn.dispositifs],
        "evenements": list(syn.evenements),
        "orientation": ({"organisme": organisme, "organisme_label": organisme_label, "pourquoi": orientation.why, "comment": orientation.how}
                        if orientation is not None else None),
        "prochaines_etapes": list(syn.next_steps),
    }
