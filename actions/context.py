"""What the conversation is about: the trade or scheme a follow-up refers to.

"le premier", "le deuxième", "celui-là", "c'est payé ?", "comment je fais ?" carry no subject of
their own: they resolve against the subject named in this message, else the list shown last, else the
subject of the last answer (slots `sujet` and `derniere_liste`, set by the actions that show them).
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from .kb.loader import KnowledgeBase
from .kb.extract import sms_expand
from .profile import (AGE, CONTRAINTES, DERNIERE_LISTE, DIPLOME, GENRE, INTERETS, LIEU, PROCHE, SITUATION, SUJET,
                      as_list)

Subject = Tuple[str, str]          # ("metier", "soudeur") | ("dispositif", "pmsmp")
RANKS = {"1": 0, "2": 1, "3": 2, "4": 3, "dernier": -1}


def key(kind: str, item_id: str) -> str:
    return f"{kind}:{item_id}"


def parse(value: Any) -> Optional[Subject]:
    if not value or ":" not in str(value):
        return None
    kind, item_id = str(value).split(":", 1)
    return kind, item_id


def latest_values(tracker: Tracker, entity: str) -> List[str]:
    return [str(e.get("value")) for e in (tracker.latest_message or {}).get("entities") or []
            if e.get("entity") == entity and e.get("value") not in (None, "")]


def aspect(tracker: Tracker) -> Optional[str]:
    values = latest_values(tracker, "aspect")
    return values[0] if values else None


def named(kb: KnowledgeBase, tracker: Tracker, kind: str) -> Tuple[Optional[str], Optional[str]]:
    """(id, None) for a known trade/scheme named in this message; (None, text) for an unknown one."""
    values = latest_values(tracker, kind)
    table = kb.metiers if kind == "metier" else kb.dispositifs
    finder = kb.find_metier if kind == "metier" else kb.find_dispositif
    for value in values:
        if value in table:
            return value, None
        found = finder(value)
        if found is not None:
            return found.id, None
    for value in values:   # a near miss ("conducteur de presse"): the closest name, when it is close
        nearest = kb.search.nearest(value, kind)
        if nearest is not None:
            return nearest, None
    return None, (values[0] if values else None)


def from_list(tracker: Tracker) -> Optional[Subject]:
    """The item of the last list that "le premier", "le dernier", "celui-là" points at."""
    ranks = latest_values(tracker, "rang")
    items = [parse(v) for v in as_list(tracker.get_slot(DERNIERE_LISTE))]
    items = [i for i in items if i]
    if not ranks:
        return None
    rank = ranks[0]
    if rank == "ce":
        return parse(tracker.get_slot(SUJET))
    if rank in RANKS and items:
        index = RANKS[rank]
        if index < len(items):
            return items[index]
    return None


def resolve(kb: KnowledgeBase, tracker: Tracker) -> Optional[Subject]:
    """The subject of this message: named here > pointed at in the last list > the current subject."""
    metier, _ = named(kb, tracker, "metier")
    if metier:
        return "metier", metier
    dispositif, _ = named(kb, tracker, "dispositif")
    if dispositif:
        return "dispositif", dispositif
    return from_list(tracker) or parse(tracker.get_slot(SUJET))


def subject_events(kind: str, item_id: str) -> List[Dict[str, Any]]:
    return [SlotSet(SUJET, key(kind, item_id))]


def list_events(kind: str, ids: Sequence[str]) -> List[Dict[str, Any]]:
    return [SlotSet(DERNIERE_LISTE, [key(kind, i) for i in ids])]


QUESTION_RE = re.compile(r"\b(?:c'?est quoi|c koi|c quoi|il y a quoi|y a quoi|ya quoi|comment|pourquoi|combien|est[- ]ce qu|"
                         r"c'?est pour qui|il se passe quoi|quel(?:le)?s? (?:est|sont)|quand|[çc]a existe|on peut(?! pas)|peut[- ]on|je peux(?! (?:pas|plus|jamais))|"
                         r"faut[- ]il|il faut|c'?est vrai|c vrai|on est oblig|ça sert [àa] quoi|sa sert a quoi|"
                         r"[àa] qui|qui (?:peut|doit|donne|paie|paye)|jusqu'?\s?[àa] quel|[àa] partir de quel|quel [âa]ge|"
                         r"(?:plus|oui|c'est vrai|vrai) ou (?:pas|non|moins|faux)|ou pas\s*[?!.]*$|non\s*\?|"
                         # a worry or a doubt said as a statement is a question ("j'ai peur de pas avoir assez de force")
                         r"j'?\s?ai peur (?:de|d'|que|qu')|je me demande|je (?:ne )?sais pas si|j'?\s?h[ée]site)\b", re.I)
QUESTION_MARK = re.compile(r"\?\s*$|\?\s")
NO_PROBLEM_RE = re.compile(r"\b(?:c'?\s?est|ce n'est|[çc]a|ca) (?:pas|n'est pas) (?:un |de )?(?:probl[èe]me|souci)|\baucun (?:probl[èe]me|souci)|"
                           r"\b[çc]a (?:me|ne me) (?:va|d[ée]range pas|g[êe]ne pas)|\bsans (?:probl[èe]me|souci)\b", re.I)
# a message that opens with a question word is a question without its mark ("qui organise la semaine
# de l'industrie", "rqth ça veut dire quoi")
QUESTION_START = re.compile(r"^\s*(?:qui|quand|o[uù]|comment|combien|pourquoi|quel(?:le)?s?|est[- ]ce|es[- ]ce|"
                            r"peut[- ]on|a[- ]t[- ]on|y a[- ]t[- ]il|ya t il)\b|\bveut dire\b|\bsignifie\b", re.I)


def asks(text: str) -> bool:
    """A question, with or without its question mark (SMS spellings read as words: "je peu travaillé ou")."""
    if QUESTION_MARK.search(text):
        return True
    text = sms_expand(text)
    if NO_PROBLEM_RE.search(text):
        return False   # "je peux porter, ça c pas un problème" says something, it does not ask
    return bool(QUESTION_RE.search(text) or QUESTION_START.search(text))


# rude words: an "insult" without any of them is something else ("mon usine ferme, licencié économique")
INSULT_RE = re.compile(r"\b(?:fuck|shit|merde|putain|connard|conne?s?|naze|(?:t'?es|tu es|t|vous [êe]tes|trop|vraiment|bot) nul(?:le)?|d[ée]bile|ta gueule|fdp|ntm|bouffon|"
                       r"abruti|cr[ée]tin|idiot|stupide|pourri|de la merde|ferme[- ]la|d[ée]gage|tg|nique|batard|salope?|"
                       # a complaint about the bot itself ("c'est nul votre truc", live turn 2026-12-04)
                       r"nul(?:le)? (?:votre|ton|ce|cette) (?:truc|bot|site|machin|robot|chat|appli|assistant)|"
                       r"(?:votre|ton|ce|cette) (?:truc|bot|site|machin|robot|chat|appli|assistant) (?:est |c'?\s?est )?(?:nul(?:le)?|inutile|[àa] chier)|"
                       r"(?:tu|vous) (?:ne )?(?:sers|servez) [àa] rien)\b", re.I)

PROFILE_ENTITIES = {"age", "situation", "lieu", "interet", "contrainte", "diplome", "genre", "proche"}
FOLLOW_UP_ASPECTS = ("salaire", "duree", "demarrer", "conditions", "formation")
# the pay of a working condition ("le travail de nuit c payé plus ?", "le dimanche c'est majoré ?") is a
# question about that condition (a frequent question), not about the pay of the scheme or trade last shown
PAID_CONDITION_RE = re.compile(r"\b(?:nuits?|week-?ends?|dimanches?|samedis?|[235] ?x ?8|horaires? d[ée]cal[ée]s|astreintes?|"
                               r"jours? f[ée]ri[ée]s?|heures? sup\w*)\b", re.I)
# a request said in words inside a message the classifier read otherwise ("…, tu peux résumer ?",
# "trouvez-moi un métier à temps plein"): the request wins
# "Territoire d'industrie" named: with a place, the events action answers (exact membership, or "près de")
TERRITORY_ASKED_RE = re.compile(r"territoires? d.?\s?industrie", re.I)
RECAP_RE = re.compile(r"\b(?:r[ée]sum(?:er|e|é|ez)|r[ée]cap(?:itulatif|itule[rz]?)?)\b", re.I)
# "quels dispositifs pour lui ?", "quelles aides pour moi ?": the schemes that fit the profile
LIST_FOR_PERSON_RE = re.compile(r"\b(?:quel(?:le)?s?|les|des)\s+(?:aides|dispositifs|solutions|possibilit[ée]s)\b"
                                r"(?:[^?.!]{0,20}\bpour (?:moi|lui|elle|nous|mon|ma|un jeune|une jeune)\b|\s*[?!.]*$)", re.I)
def asks_schemes_for_person(kb: KnowledgeBase, tracker: Tracker) -> bool:
    """"quels dispositifs pour moi ?" with no scheme named: the overview of the schemes that fit the profile."""
    text = (tracker.latest_message or {}).get("text") or ""
    return bool(LIST_FOR_PERSON_RE.search(text)) and not named(kb, tracker, "dispositif")[0]


REQUESTS = (
    ("action_recap", RECAP_RE),
    ("action_suggest_metiers", re.compile(r"^\s*(?:et\s+)?(?:des|d'autres|quelles?|quels?|vos) (?:id[ée]es?|pistes?)(?: de m[ée]tiers?)?\s*[?!.]*\s*$", re.I)),
    # "t'as des idées ?", "vous auriez d'autres pistes pour moi ?", "et un truc plus créatif ?" (live turns,
    # 2026-12-04: read as chitchat and as a goodbye)
    ("action_suggest_metiers", re.compile(
        r"^\s*(?:et\s+)?(?:(?:t'?\s?as|tu as|as[- ]tu|t'?aurais|tu aurais|vous avez|avez[- ]vous|vous auriez|auriez[- ]vous)\s+"
        r"(?:des|d'autres|quelques|une|un|pas des|pas d'autres) (?:autres )?(?:id[ée]es?|pistes?|suggestions?|propositions?)|"
        r"(?:un|une|des|d'autres) (?:autres? )?(?:trucs?|choses?|m[ée]tiers?|jobs?|boulots?|tafs?|domaines?|postes?)\s+"
        r"(?:plus|moins|dans|avec|en|o[uù]|qui|pour|sans)\b[^?]{0,40}\?)", re.I)),
    ("action_verifier_eligibilite", LIST_FOR_PERSON_RE),
    # advice asked for the person or their child: "qu'est-ce que vous lui conseillez ?", "tu me conseilles quoi"
    ("action_suggest_metiers", re.compile(
        r"^\s*(?:et\s+)?(?:(?:qu'?\s?est[- ]ce que|que) (?:vous|tu) (?:me|lui|nous|leur) conseill\w*|"
        r"(?:que|qu'?) (?:me|lui|nous|leur) conseill(?:ez|es)[- ](?:vous|tu)|"
        r"(?:vous|tu) (?:me|lui|nous|leur) conseill\w* quoi|(?:vous|tu) (?:me|lui|nous|leur) (?:proposez|proposes|conseillez) quoi)"
        r"(?:\s+(?:pour (?:lui|elle|moi|nous)|alors|du coup|comme m[ée]tiers?))?\s*[?!.]*\s*$", re.I)),
    ("action_suggest_metiers", re.compile(
        r"\b(?:je (?:cherche|veux|voudrais) (?:une|ma) reconversion|y ?a quoi pour moi|qu'est[- ]ce qu'il y a pour moi|"
        r"qu'est[- ]ce qui (?:recrute|embauche)|je cherche (?:du |un )?(?:travail|boulot|emploi|job|taf)\b|"
        r"(?:je veux|j?veu[xt]?|je voudrais) (?:un|du) (?:taf|travail|boulot|job|emploi)\b|"
        r"(?:trouver|avoir|d[ée]crocher) (?:un|du) (?:taf|travail|boulot|job|emploi)\b|"
        r"l'?\s?industrie (?:m'int[ée]resse|me tente|m'attire)|"
        r"(?:y ?a|il y a|existe)[^?.!]{0,10}\bdes m[ée]tiers)\b|"
        r"\b(?:trouve[rz]?(?:-| )?(?:moi|nous)?|propose[rz]?(?:-| )?(?:moi)?|donne[rz]?(?:-| )?moi|montre[rz]?(?:-| )?moi|"
        r"quels?|quelles?|des id[ée]es? de|conseille[rz]?(?:-| )?moi|quoi comme|y ?a quoi comme)\b[^.?!]{0,25}\b(?:m[ée]tiers?|boulots?|jobs?|tafs?|postes?|emplois?)\b",
        re.I)),
)


# "c'est quoi ?", "ça consiste en quoi ?": a question about what something is
DEFINITION_RE = re.compile(r"\b(?:c'?est quoi|c koi|cest quoi|c quoi|qu'est[- ]ce que c'est|kesako|k[ée]zako|ça consiste|"
                           r"ca consiste|ça fait quoi|ca fait quoi|d[ée]finition)\b", re.I)
PHONE_RE = re.compile(r"t[ée]l[ée]phone|\bnum[ée]ro\b|\bappeler\b|\bjoindre\b|\btel\b", re.I)
PROFILE_SLOTS = (SITUATION, AGE, LIEU, INTERETS, CONTRAINTES, DIPLOME, GENRE, PROCHE)


def changed_this_turn(tracker: Tracker) -> Dict[str, Any]:
    """Profile slots set since the latest user message (by action_validate_slot_mappings)."""
    out: Dict[str, Any] = {}
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        if event.get("event") == "slot" and event.get("name") in PROFILE_SLOTS:
            out.setdefault(event["name"], event.get("value"))
    return out


BARE_DEFINITION = re.compile(r"^\s*(?:et\s+)?(?:c'?est quoi|c koi|cest quoi|c quoi|kesako|k[ée]zako|ça consiste en quoi|ca consiste en quoi|"
                             r"c'?est quoi (?:ça|ca|exactement)|qu'est[- ]ce que c'est)\s*[?!.]*\s*$", re.I)


def is_bare_definition(text: str) -> bool:
    """"c koi ?" alone: a question about what was just mentioned."""
    return bool(BARE_DEFINITION.match(text or ""))


def requested_action(text: str) -> Optional[str]:
    for action, pattern in REQUESTS:
        if pattern.search(text or ""):
            return action
    return None


# a sector asked about as a place to work: "et l'aéronautique ça recrute ?", "y a du boulot dans la chimie ?"
SECTOR_ASKED_RE = re.compile(r"\b(?:recrut\w*|embauch\w*|d[ée]bouch[ée]s?|cherche(?:nt)? du monde|du (?:boulot|travail|taf)|"
                             r"des (?:postes|offres|emplois|places)|m[ée]tiers?|bosser|travailler)\b", re.I)


def rescue(kb: KnowledgeBase, tracker: Tracker) -> Optional[str]:
    """The action that can still answer a message whose intent was unclear: it asks for trades or a
    recap in words, names a trade, a scheme, an organisation, points at the last list, asks a
    follow-up on the current subject, or tells something about the person."""
    text = (tracker.latest_message or {}).get("text") or ""
    request = requested_action(text)
    if request:
        return request
    if named(kb, tracker, "metier")[0]:
        return "action_metier_info"
    if latest_values(tracker, "filiere") and (SECTOR_ASKED_RE.search(text) or len(text.split()) <= 4):
        return "action_suggest_metiers"   # "et l'aéronautique ça recrute ?": the trades of that sector
    if named(kb, tracker, "dispositif")[0]:
        return "action_expliquer_dispositif"
    if latest_values(tracker, "organisme"):
        return "action_orienter_conseiller"
    subject = from_list(tracker)
    if subject is None and (aspect(tracker) in FOLLOW_UP_ASPECTS or is_bare_definition(text)) \
            and not (aspect(tracker) == "salaire" and PAID_CONDITION_RE.search(text)):
        subject = parse(tracker.get_slot(SUJET))
    if subject:
        return "action_metier_info" if subject[0] == "metier" else "action_expliquer_dispositif"
    entities = {e.get("entity") for e in (tracker.latest_message or {}).get("entities") or []}
    if entities & PROFILE_ENTITIES:
        return "action_profil"
    return None
