"""Mixed initiative: after every user message, fill any profile slot from what the message says.

Rasa runs `action_validate_slot_mappings` after each user message (all slots have custom mappings in
domain.yml). It reads the entities of the NLU (components/profile_extractor.py) and decides with the
context: a bare "43" answers the age question just asked, "non" answers the constraints question,
"des événements à Lyon" does not move where the person lives, "non pas Thiers, Mulhouse" corrects it,
and "je préfère ne pas le dire" marks the question just asked as declined.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Mapping, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .context import asks
from .kb import get_knowledge
from .kb.extract import ACCEPT_RE, NO_CONSTRAINT_RE, get_extractor, sms_expand
from .kb.loader import KnowledgeBase
from .kb.profile import NO_CONSTRAINT
from .profile import (AGE, CONTRAINTES, DERNIERE_QUESTION, DIPLOME, DISPOSITIF, GENRE, INSCRIT, INTERETS, LIEU,
                      LIEU_CODE, METIER, MOIS, PROCHE, RQTH, SITUATION, SKIPPED, as_list, merge_unique, parse_age,
                      place_key)

logger = logging.getLogger(__name__)

# intents whose place is where to search, not where the person lives
SEARCH_INTENTS = {"ask_events"}
SKIP_INTENTS = {"skip"}
NO_WORDS = re.compile(r"^\s*(?:non|nan|nope|non merci|rien|aucune?|pas vraiment|r\.?a\.?s\.?|nop|non aucune?|pas de contraintes?)\s*[.!]*\s*$", re.I)
RQTH_YES = re.compile(r"\b(?:rqth|reconnaissance (?:de |de la qualit[eé] de )?travailleur handicap[ée]+|travailleur handicap[ée]+)\b", re.I)
RQTH_NO = re.compile(r"\b(?:pas (?:de |la )?rqth|sans rqth|pas reconnu)", re.I)
# the person says where they live, or that they moved ("j'habite", "je suis à", "en fait c'est Lens")
HOME_RE = re.compile(r"\b(?:j'?\s?habite|jhabite|je (?:vis|suis|reste|viens)|chez moi|de chez moi|mon domicile|"
                     r"d[ée]m[ée]nag\w*|en fait|pas [àa] .{0,30} mais|moi c'?est)\b", re.I)
SKIP_TARGETS = ((AGE, re.compile(r"\b[aâ]ge\b", re.I)), (LIEU, re.compile(r"\b(?:ville|adresse|o[uù] j'habite|lieu|commune)\b", re.I)),
                (SITUATION, re.compile(r"\bsituation\b", re.I)))
REGISTERED = re.compile(r"(?<!s')(?<!s )\binscrit(?:e)?\s+(?:[àa]|chez)\s+(?:france travail|p[oô]le emploi)|\bsuivi(?:e)? par france travail", re.I)


def entity_values(entities: List[Dict[str, Any]], name: str, role: Optional[str] = "*") -> List[Dict[str, Any]]:
    return [e for e in entities or [] if e.get("entity") == name and e.get("value") not in (None, "")
            and (role == "*" or e.get("role") == role)]


# an example liking this close counts as said (set on the profiles of tests/reco/, make eval-reco)
LIKING_SCORE = 2.2   # "j'aime…" said: a fair match is a liking
STATED_SCORE = 2.8   # "je bidouille de l'électronique", "j'encadre 6 personnes": a closer one
LIKING_RE = re.compile(r"\b(?:j'?\s?aime|jaime|aimerai[st]?|j'?\s?adore|jadore|kiff|pla[iî]t|passion|int[ée]ress|me tente|"
                       r"m'attire|mon truc|ce que je pr[ée]f[eè]re|j'?\s?pr[ée]f[eè]re|faut que (?:je|ça|ca)|je me vois|j'?\s?ai toujours)", re.I)
NEGATIVE_RE = re.compile(r"\b(?:n'?\s?aime pas|aime pas|d[ée]teste|horreur|pas fan|j'?\s?ai peur)\b", re.I)


def said_by_example(kb, text: str) -> Dict[str, List[str]]:
    """{"interet": [id]} for a statement (not a question) close to an example liking."""
    if not text or text.startswith("/") or asks(text) or not kb.exemples:
        return {}
    out: Dict[str, List[str]] = {}
    liking = LIKING_RE.search(text) is not None
    for hit in kb.vocab_search.search(text, k=4):
        if hit.kind == "interet" and not NEGATIVE_RE.search(text) and len(out.get("interet", [])) < 2 \
                and hit.score >= (LIKING_SCORE if liking else STATED_SCORE):
            # a liking often names two things ("la mode, je dessine des modèles"): up to two, each
            # close to one of its examples, whatever the rest of the message says
            out.setdefault("interet", []).append(hit.id)
    return out


# a constraint the classifier of knowledge/exemples.yml reads counts from this probability (make calibrate-search)
PHRASING_P = 0.5
MIN_WORDS = 4


def constraints_in_other_words(kb, text: str, entities: List[Dict[str, Any]],
                               threshold: float = PHRASING_P) -> List[str]:
    """Constraints a statement says without the extractor's usual words ("l'équipe de nuit, très peu pour
    moi"), from the classifier of actions/kb/phrasings.py. It reads the topic, so what it says is kept
    away from questions ("c'est payé plus la nuit ?"), from acceptances ("les nuits ça me va") and, for
    "sans diplôme", from a message that names a diploma the person has."""
    if not text or text.startswith("/") or asks(text):
        return []
    model = kb.phrasing_model
    # place names say nothing of a constraint ("je suis à Lisieux" is no health problem): read without them
    for e in sorted(entity_values(entities, "lieu"), key=lambda e: -int(e.get("start") or 0)):
        if isinstance(e.get("start"), int) and isinstance(e.get("end"), int):
            text = text[:e["start"]] + " " + text[e["end"]:]
    if model is None or len(text.split()) < MIN_WORDS:
        return []   # "bonne nuit", "non non", "je suis à": too short for the classifier to read a constraint
    low = sms_expand(text)
    if ACCEPT_RE.search(low) or NO_CONSTRAINT_RE.search(low):
        return []
    held = [e for e in entity_values(entities, "diplome") if e.get("value") != "sans_diplome"]
    return [cid for cid, p in model.predict(text) if p >= threshold and not (cid == "sans_diplome" and held)]


def profile_updates(slots: Mapping[str, Any], entities: List[Dict[str, Any]], intent: Optional[str], text: str,
                    kb: KnowledgeBase) -> Dict[str, Any]:
    """The slot values this message sets (only those that change)."""
    asked = slots.get(DERNIERE_QUESTION)
    text = text or ""
    if asked and text:
        # a bare answer to the question just asked ("43", "la mécanique"): read it with that context
        extra = [f.as_rasa(text) for f in get_extractor().extract(text, asked=asked)]
        known = {(e.get("entity"), str(e.get("value"))) for e in entities}
        entities = list(entities) + [e for e in extra if (e["entity"], str(e["value"])) not in known]
    out: Dict[str, Any] = {}

    # age (the person's, or their child's when they ask for a son or daughter)
    for e in entity_values(entities, "age")[-1:]:
        age = parse_age(e["value"])
        if age is not None:
            out[AGE] = str(age)
    if entity_values(entities, "proche") or entity_values(entities, "age", role="proche"):
        out[PROCHE] = "enfant"

    # situation (inferred from indirect statements by the extractor)
    for e in entity_values(entities, "situation")[-1:]:
        sid = kb.vocab_id("situations", str(e["value"])) or (str(e["value"]) if str(e["value"]) in kb.vocab["situations"] else None)
        if sid:
            out[SITUATION] = sid
    if REGISTERED.search(text):
        out[INSCRIT] = True

    # place: where the person lives, unless it is only where to search
    place_entities = entity_values(entities, "lieu")
    if place_entities:
        e = place_entities[-1]
        as_home = e.get("role") in ("domicile", "correction") or asked == LIEU or intent not in SEARCH_INTENTS
        if as_home and slots.get(LIEU) and e.get("role") != "domicile" and asked != LIEU \
                and text.rstrip().endswith("?") and not HOME_RE.search(text):
            as_home = False   # "c'est pas que dans le nord les usines ?": a question, not a move
        if as_home:
            mention = kb.places.find_mention(text) if text and not text.startswith("/") else None
            place = mention.place if mention and mention.place.name == e["value"] else kb.places.resolve(str(e["value"]))
            if place is not None:
                out[LIEU] = place.name
                out[LIEU_CODE] = place_key(place)

    # interests and constraints accumulate; "aucune" only stands alone
    interets = [str(e["value"]) for e in entity_values(entities, "interet")]
    interets = [kb.vocab_id("interets", i) or i for i in interets]
    if interets:
        merged = merge_unique(slots.get(INTERETS), interets)
        if merged != as_list(slots.get(INTERETS)):
            out[INTERETS] = merged
    contraintes = [str(e["value"]) for e in entity_values(entities, "contrainte")]
    contraintes = [c if c == NO_CONSTRAINT else (kb.vocab_id("contraintes", c) or c) for c in contraintes]
    # said without the usual words ("je me fais déposer par ma sœur", "je dessine des modèles"): the
    # closest example phrasings of knowledge/exemples.yml, when they are close
    found = said_by_example(kb, text) if not contraintes else {}
    if not contraintes:   # the patterns read the polarity better: the classifier only fills in when they found none
        contraintes = constraints_in_other_words(kb, text, entities)
    if found.get("interet"):
        merged = merge_unique(out.get(INTERETS) or slots.get(INTERETS), found["interet"])
        if merged != as_list(slots.get(INTERETS)):
            out[INTERETS] = merged
    if asked == CONTRAINTES and not contraintes and (intent == "deny" or NO_WORDS.match(text)):
        contraintes = [NO_CONSTRAINT]
    if contraintes:
        real = [c for c in contraintes if c != NO_CONSTRAINT]
        existing = [c for c in as_list(slots.get(CONTRAINTES)) if c != NO_CONSTRAINT]
        merged = merge_unique(existing, real) if real else (existing or [NO_CONSTRAINT])
        if merged != as_list(slots.get(CONTRAINTES)):
            out[CONTRAINTES] = merged
        if "sans_diplome" in real and not slots.get(DIPLOME):
            out[DIPLOME] = "sans_diplome"
    if RQTH_NO.search(text):
        out[RQTH] = False
    elif RQTH_YES.search(text):
        out[RQTH] = True

    for e in entity_values(entities, "diplome")[-1:]:
        out[DIPLOME] = kb.vocab_id("niveaux", str(e["value"])) or str(e["value"])
    for e in entity_values(entities, "genre")[-1:]:
        out[GENRE] = str(e["value"])

    # the subject named in this message
    for e in entity_values(entities, "metier")[:1]:
        m = kb.metiers.get(str(e["value"])) or kb.find_metier(str(e["value"]))
        if m:
            out[METIER] = m.id
    for e in entity_values(entities, "dispositif")[:1]:
        d = kb.dispositifs.get(str(e["value"])) or kb.find_dispositif(str(e["value"]))
        if d:
            out[DISPOSITIF] = d.id
    for e in entity_values(entities, "mois")[-1:]:
        out[MOIS] = str(e["value"])

    # "je préfère ne pas le dire": the question just asked (or the one named) is declined, never asked again
    if intent in SKIP_INTENTS:
        named = [slot for slot, pattern in SKIP_TARGETS if pattern.search(text)]
        declined = named or ([asked] if asked else [])
        if declined:
            out[SKIPPED] = merge_unique(slots.get(SKIPPED), declined)

    return {k: v for k, v in out.items() if slots.get(k) != v}


class ActionValidateSlotMappings(Action):
    def name(self) -> Text:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        latest = tracker.latest_message or {}
        try:
            updates = profile_updates(tracker.current_slot_values(), latest.get("entities") or [],
                                      (latest.get("intent") or {}).get("name"), latest.get("text") or "",
                                      get_knowledge())
        except Exception:  # noqa: BLE001 - a slot we cannot read must never break the turn
            logger.exception("slot extraction failed for sender %s", tracker.sender_id)
            return []
        return [SlotSet(k, v) for k, v in updates.items()]
