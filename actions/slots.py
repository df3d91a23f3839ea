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
from typing import Any, Dict, List, Mapping, Optional, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from .context import asks
from .kb import get_knowledge
from .kb.extract import ACCEPT_RE, CLAUSE_RE, IDIOM_RE, NO_CONSTRAINT_RE, THIRD_RE, get_extractor, sms_expand
from .kb.loader import KnowledgeBase
from .kb.profile import NO_CONSTRAINT
from .kb.text import normalize
from .kb.vectors import STOP, WORD
from .profile import (AGE, CONTRAINTES, DERNIERE_QUESTION, DIPLOME, DISPOSITIF, GENRE, INSCRIT, INTERETS, LIEU,
                      LIEU_CODE, METIER, MOIS, PROCHE, PROPOS, PROPOS_KEPT, PROPOS_MAX, RQTH, SITUATION, SKIPPED, as_list, merge_unique, parse_age,
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


NEGATIVE_RE = re.compile(r"\b(?:n'?\s?aime pas|aime pas|d[ée]teste|horreur|pas fan|j'?\s?ai peur|(?:me|m') ?saoul\w*|"
                         r"plus jamais|j'?\s?en (?:ai|peux) (?:marre|plus)|ras le bol|d[ée]go[uû]t\w*|(?:c'?est|c) fini|"
                         r"(?:me|m') ?(?:dit|dis) rien|pas pour moi|non merci|[çc]a va pas|(?:ne )?me vois pas|pas envie|"
                         # a pain is no liking ("jai mal aux poignets parfois" read as precision, live turn 2026-12-04)
                         r"(?:j'?\s?ai|g|jai) (?:souvent |parfois |toujours )?mal (?:au|aux|[àa] la|[àa] l'|dans)|me bousill\w*|douleurs?)\b", re.I)
# where a message turns ("la vente ça me saoule, mais ce que je kiffe c'est…"): each part is read alone;
# a sentence keeps its final mark, so that a part that asks is seen by its "?"
CLAUSE_SPLIT = re.compile(r"(?<=[.!?;…])\s+|,?\s+\b(?:mais|par contre|sauf que|alors que|en revanche)\b\s*", re.I)
# a part that asks ("Y a des métiers où on fait ça ?", "c'est quoi la soudure") says no liking; "j'aime
# comprendre comment marche un moteur" does, so only a question mark or a question opening counts here
OPENS_QUESTION = re.compile(r"^\s*(?:qui|quand|o[uù]|comment|combien|pourquoi|quel(?:le)?s?|est[- ]ce|es[- ]ce|peut[- ]on|"
                            r"y a[- ]t[- ]il|ya t il|y a|ya|il y a|c'?\s?est quoi|c (?:koi|quoi)|tu|vous|et)\b", re.I)
# a liking the classifier of actions/kb/phrasings.py reads counts from this probability (make calibrate-search)
LIKING_P = 0.3


def statement_parts(text: str) -> List[str]:
    """The parts of a message that say something of the person: not those that ask or reject ("…ça me saoule")."""
    if not text or text.startswith("/"):
        return []
    kept = []
    parts = CLAUSE_SPLIT.split(text.strip())
    for i, part in enumerate(parts):
        part = (part or "").strip(" ,")
        if part.endswith("?"):
            continue
        if i == len(parts) - 1:
            part = part.rstrip(".!;…").rstrip()   # the message's own last mark ("…des baskets." keeps its inner ones)
        if part and not NEGATIVE_RE.search(part) and not OPENS_QUESTION.search(sms_expand(part)):
            kept.append(part)
    return kept


def said_by_example(kb, text: str) -> Dict[str, List[str]]:
    """{"interet": [id, …]}: the likings a message says in words the extractor's synonyms do not hold, read
    by the classifier of actions/kb/phrasings.py (learned from knowledge/exemples.yml), part by part (a
    liking often comes after a dislike or before a question). Two at most per part ("la mode, je dessine
    des modèles")."""
    model = kb.liking_model
    if model is None:
        return {}
    found: List[str] = []
    for part in statement_parts(text):
        if len(part.split()) < 2:
            continue
        found += [i for i, p in model.predict(part)[:2] if p >= LIKING_P and i not in found]
    return {"interet": found[:3]} if found else {}


def about_oneself(text: str, liking: bool, constraint: bool) -> str:
    """What a statement says of the person in words that tell what they like or do ("je customise des
    baskets", "bac pro courant fort"), kept for the trade affinity; "" for a question, a dislike ("la vente
    ça me saoule"), a constraint alone ("j'ai mal au dos" says nothing of what to do), fewer than two content
    words without a liking read ("j'ai 43 ans", "je suis à Lyon")."""
    if constraint and not liking:
        return ""
    kept = ". ".join(statement_parts(text))
    content = [w for w in WORD.findall(kept) if len(w) >= 4 and normalize(w) not in STOP]
    return kept if content and (liking or len(content) >= 2) else ""


# a constraint the classifier of knowledge/exemples.yml reads counts from this probability (make calibrate-search)
PHRASING_P = 0.5
MIN_WORDS = 4


# where a message changes topic for its constraints: sentences, and ", et", "mais", "par contre", "en plus"
# ("j'ai une hernie discale donc rien de lourd, et je travaille tous les samedis, j'aimerais arrêter ça"
# holds two); a bare comma or "donc" does not split, a constraint often needs its whole clause ("je suis en
# fac à côté donc juste quelques heures")
CONSTRAINT_SPLIT = re.compile(r"(?<=[.!?;…])\s+|\s*,\s*(?:et|puis)\s+|\s*,?\s+\b(?:mais|par contre|sauf que|en revanche|et puis|"
                              r"et aussi|en plus|de plus|et surtout)\b\s*,?\s*", re.I)


def constraint_parts(text: str) -> List[Tuple[int, int]]:
    """(start, end) of the parts of a message read one by one for a constraint."""
    spans, start = [], 0
    for m in CONSTRAINT_SPLIT.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def constraints_in_other_words(kb, text: str, entities: List[Dict[str, Any]],
                               threshold: float = PHRASING_P) -> List[str]:
    """Constraints a statement says without the extractor's usual words ("l'équipe de nuit, très peu pour
    moi"), from the classifier of actions/kb/phrasings.py: the whole statement, or, when the extractor
    found a constraint in it or it also asks something, each of its other parts (a message often says two,
    or one and a question; the patterns read the polarity better where they found one). The classifier reads the topic, so what it says is kept away from questions
    ("c'est payé plus la nuit ?"), from acceptances ("les nuits ça me va") and, for "sans diplôme", from a
    message that names a diploma the person has."""
    model = kb.phrasing_model
    if model is None or not text or text.startswith("/"):
        return []
    held = [e for e in entity_values(entities, "diplome") if e.get("value") != "sans_diplome"]
    spans = [(e["start"], e["end"], e) for e in entities or []
             if isinstance(e.get("start"), int) and isinstance(e.get("end"), int)]
    parts = constraint_parts(text)
    told = [any(e.get("entity") == "contrainte" and s < b and t > a for s, t, e in spans) for a, b in parts]
    if not any(told) and not asks(text) and not ACCEPT_RE.search(sms_expand(text)):
        # one topic as far as the extractor knows: read it whole (a message that accepts something is read
        # part by part: "ça me va de commencer à 5h, mais finir à 2h du matin non merci")
        parts, told = [(0, len(text))], [False]
    found: List[str] = []
    for (a, b), by_pattern in zip(parts, told):
        part = text[a:b]
        if by_pattern or asks(part):
            continue
        # place names say nothing of a constraint ("je suis à Lisieux" is no health problem): read without
        # them, and what is left must still say something ("je suis près de …" says nothing)
        places = sorted((x for x in spans if x[2].get("entity") == "lieu" and a <= x[0] and x[1] <= b), key=lambda x: -x[0])
        for s, t, _ in places:
            part = part[:s - a] + " " + part[t - a:]
        if places and len([w for w in WORD.findall(part) if len(w) > 2 and normalize(w) not in STOP]) < 2:
            continue
        low = sms_expand(part)
        if ACCEPT_RE.search(low) or NO_CONSTRAINT_RE.search(low):
            continue
        # what someone else cannot do is not the person's constraint ("leur mère n'a pas le permis donc
        # c'est moi qui fais les trajets")
        low = " ".join(c for c in CLAUSE_RE.findall(low) if not THIRD_RE.search(c.strip(" .,;:!?")))
        low = IDIOM_RE.sub(" ", low)   # "sur mon dos", "payer les charges": no constraint's topic
        if len([w for w in WORD.findall(low) if len(w) > 1]) < MIN_WORDS:
            continue   # "bonne nuit", "non non", "je suis à": too short for the classifier to read a constraint
        found += [cid for cid, p in model.predict(low) if p >= threshold and cid not in found
                  and not (cid == "sans_diplome" and held)]
    return found


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
    # the classifier reads likings part by part, and was taught that a constraint is none: a message may
    # say both ("je dois récupérer les petits à 16h30 mais j'adore monter des meubles")
    found = said_by_example(kb, text)
    contraintes += [c for c in constraints_in_other_words(kb, text, entities) if c not in contraintes]
    if found.get("interet"):
        merged = merge_unique(out.get(INTERETS) or slots.get(INTERETS), found["interet"])
        if merged != as_list(slots.get(INTERETS)):
            out[INTERETS] = merged
    own_words = about_oneself(text, bool(interets or found.get("interet")), any(c != NO_CONSTRAINT for c in contraintes))
    if own_words:
        out[PROPOS] = (as_list(slots.get(PROPOS)) + [own_words[:PROPOS_MAX]])[-PROPOS_KEPT:]
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
