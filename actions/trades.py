"""Trades: suggest three with a reason each, and answer questions about one trade (sheet, pay,
training, conditions, how to start), including follow-ups on the list shown ("le deuxième")."""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from . import context
from .faq import answer_with, faq_answer, last_faq, likely_faq, question_button, search_hits
from .base import CapAction, actions_this_turn, closing, intent_of, own_answer_first
from .kb.models import Metier
from .kb.orientation import choose_organisme
from .kb.profile import Profile
from .kb.recommend import CLASHES, Recommendation
from .kb.text import normalize
from .profile import DEMANDE, DISPOSITIF, METIER, METIERS_PROPOSES, PROCHE, as_list, merge_unique
from .kb.sources import shown_sources
from .stereotypes import stereotype_answer
from .render import BUBBLE_MAX, bubble, button, cap, de, first_sentence, join_fr, sentence, shorten

ASPECT_BY_INTENT = {
    "ask_trade_pay": "salaire",
    "ask_trade_training": "formation",
    "ask_trade_conditions": "conditions",
    "ask_how_to_start": "demarrer",
}
ASPECTS = ("fiche", "salaire", "formation", "conditions", "demarrer")
COMPARE_RE = re.compile(r"diff[ée]ren(?:ce|t)|compar|pareil|\bou (?:bien|plut[oô]t)\b|plut[oô]t\b|m[eê]me chose|ressembl|\bvs\b", re.I)
MORE_RE = re.compile(r"\b(?:autres?|encore|d'autres|plus d'id[ée]es|sinon|nouvelles?|diff[ée]rent)", re.I)


def shared_liking(kb, recs: Sequence[Recommendation], profile: Profile) -> Optional[str]:
    """The label of a liking of the person's that every suggested trade matches (said once, in the intro),
    when every trade can say what it is about instead (knowledge/metiers.yml `en_bref`)."""
    if not recs or not all(r.metier.en_bref for r in recs):
        return None
    shared = [i for i in profile.interets if all(i in r.metier.interets for r in recs)]
    return kb.vocab_label("interets", shared[0]) if shared else None


def distinct_reasons(kb, recs: Sequence[Recommendation], profile: Optional[Profile] = None) -> List[str]:
    """One reason per trade, not repeated from one trade to the next when the facts allow it. When the
    three trades match the same liking (said once by `suggestion_text`), each says what it is about (its
    `en_bref`), with a further reason of its own when there is one that is short and not repeated."""
    used: set = set()
    out: List[str] = []
    if profile is not None and shared_liking(kb, recs, profile):
        for r in recs:
            extra = next((x for x in r.reasons if not x.startswith("vous aimez") and x not in used and len(x) <= 55), None)
            if extra:
                used.add(extra)
            out.append(r.metier.en_bref + (f" ; {extra}" if extra else ""))
        return out
    for r in recs:
        reason = next((x for x in r.reasons if x not in used), None)
        if reason is None:
            filieres = [kb.vocab_label("filieres", f) for f in r.metier.filieres[:1]]
            reason = f"un métier de la filière {filieres[0].lower()}" if filieres else "un métier qui recrute"
            if reason in used:
                reason = shorten(first_sentence(r.metier.description, 90).rstrip("."), 90).lower()
        used.add(reason)
        out.append(reason)
    return out


CLOSINGS = ("Lequel voulez-vous découvrir ?", "Un de ces métiers vous parle ?", "Voulez-vous en savoir plus sur l'un d'eux ?")


DIVERSITY_MARGIN = 1.0   # a trade of another sector is preferred when it scores at most this much less


def diverse(ranked: Sequence[Recommendation], n: int = 3) -> List[Recommendation]:
    """The best n trades, not three variants of one sector unless the others score clearly less: each place
    goes to the best trade of a sector not shown yet when it scores at most DIVERSITY_MARGIN below the best
    one left, and is no worse a fit (it matches what the person likes if the best one does, and has no
    caution if the best one has none); otherwise to the best one left."""
    pool = list(ranked)
    picked: List[Recommendation] = []
    sectors: set = set()

    def sector(r: Recommendation) -> str:
        return r.metier.filieres[0] if r.metier.filieres else ""

    while pool and len(picked) < n:
        top = pool[0]
        fresh = next((r for r in pool if sector(r) not in sectors), None)
        if fresh is not None and fresh.score >= top.score - DIVERSITY_MARGIN and fresh.fits >= top.fits \
                and (not fresh.cautions or top.cautions):
            top = fresh
        picked.append(top)
        pool.remove(top)
        sectors.add(sector(top))
    return picked


def suggestion_text(kb, recs: Sequence[Recommendation], profile: Profile, updated: bool = False,
                    close: str = CLOSINGS[0], proche: bool = False) -> str:
    """The list; `proche`: a parent asks for their child ("Pour votre enfant qui aime…")."""
    liking = shared_liking(kb, recs, profile)
    who = "votre enfant qui aime" if proche else "vous qui aimez"
    if liking:
        count = {1: "un métier", 2: "deux métiers"}.get(len(recs), "trois métiers")
        intro = (f"Pour {who} {liking}, voici mes idées mises à jour :" if updated else
                 f"Pour {who} {liking}, voici {count} :")
    elif proche:
        intro = "Avec ce que vous m'avez dit de votre enfant, voici mes idées mises à jour :" if updated else \
            "Voici trois métiers qui pourraient lui correspondre :"
    else:
        intro = "Avec ce que vous m'avez dit, voici mes idées mises à jour :" if updated else \
            "Voici trois métiers qui pourraient vous correspondre :"
    respected = constraints_respected(recs, profile)
    budget = BUBBLE_MAX - len(close) - 1
    reasons = distinct_reasons(kb, recs, profile)
    briefs = [r.metier.en_bref or why for r, why in zip(recs, reasons)]
    # the first wording that fits one bubble, rather than losing a line the buttons still offer: the reasons;
    # each trade by what it is about (its own `en_bref`, distinct from one trade to the next); a trade with
    # a caution by its caution; the names alone. What the sheets say of the person's constraints is kept
    # with the reasons or the briefs, and dropped only after that
    wordings = (reasons, briefs, ["" if r.cautions else brief for r, brief in zip(recs, briefs)], [""] * len(recs))
    notes = [respected, ""] if respected else [""]   # what the person asked to avoid, said under the list
    tries = [(notes[0], w) for w in wordings[:2]] + [(notes[-1], w) for w in wordings]
    for note, wording in tries:
        lines = _list_lines(intro, recs, wording, profile) + ([note] if note else [])
        if len("\n".join(lines)) <= budget:
            break
    # the closing question always stays: the list is what gets cut
    return bubble(lines, budget) + "\n" + close


# what a sheet would say for a constraint to be broken (recommend.CLASHES), as the list says it was checked
ABSENT_CONDITION = {"travail_poste": "travail posté", "horaires_decales": "horaires décalés",
                    "astreintes": "astreintes", "port_de_charges": "port de charges",
                    "deplacements": "déplacements"}


def constraints_respected(recs: Sequence[Recommendation], profile: Profile) -> str:
    """"D'après leurs fiches : ni travail posté, ni port de charges." when the person stated constraints and
    none of the trades shown clashes with them (a clash is said by its own caution)."""
    checked = [c for constraint in sorted(profile.real_constraints) for c in CLASHES.get(constraint, ())]
    checked = [c for c in dict.fromkeys(checked) if c in ABSENT_CONDITION]
    if not recs or not checked or any(r.cautions for r in recs):
        return ""
    whose = "sa fiche" if len(recs) == 1 else "leurs fiches"
    if len(checked) == 1:
        item = ABSENT_CONDITION[checked[0]]
        return f"D'après {whose}, pas {'d' + chr(39) if item[0] in 'aeéhiou' else 'de '}{item}."
    return f"D'après {whose} : " + ", ".join(f"ni {ABSENT_CONDITION[c]}" for c in checked) + "."


def _list_lines(intro: str, recs: Sequence[Recommendation], reasons: Sequence[str], profile: Profile) -> List[str]:
    lines = [intro]
    for i, (r, why) in enumerate(zip(recs, reasons), start=1):
        line = f"{i}. {cap(short_label(r.metier, profile))}" + (f" : {why}." if why else ".")
        if r.cautions:
            line += f" Attention : {r.cautions[0]}."
        lines.append(line)
    return lines


def short_label(m: Metier, profile: Profile) -> str:
    """The label for this person; both forms only when that stays short ("soudeur / soudeuse")."""
    label = m.label(profile.femme)
    return label if len(label) <= 40 or profile.femme is not None else m.label_m


class ActionSuggestMetiers(CapAction):
    faq_first = True

    def faq_may_answer(self, tracker: Tracker, entry) -> bool:
        text = (tracker.latest_message or {}).get("text") or ""
        # "quels métiers pour quelqu'un qui aime la précision ?", "des idées ?", "quelles pistes ?"
        return not TRADE_REQUEST_RE.search(text) and not BARE_IDEAS_RE.match(text) \
            and not context.LIST_FOR_PERSON_RE.search(text)

    def name(self) -> Text:
        return "action_suggest_metiers"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        if context.named(kb, tracker, "metier")[0] and (context.DEFINITION_RE.search(text) or (
                context.asks(text) and not TRADE_REQUEST_RE.search(text) and not MORE_RE.search(text))):
            # "cariste c quoi comme boulot ?", "peintre industriel ça existe comme métier ?": that trade
            # (a request for ideas, "quels métiers comme soudeur ?", "d'autres que soudeur ?", stays here)
            return [FollowupAction("action_metier_info")]
        if context.asks_schemes_for_person(kb, tracker):
            return [FollowupAction("action_verifier_eligibilite")]   # "quels dispositifs pour moi ?"
        if TRY_TRADE_RE.search(text) and not context.named(kb, tracker, "metier")[0]:
            # "je veux tester un métier": the immersion (PMSMP) is how one tries a trade
            return [SlotSet(DISPOSITIF, "pmsmp"), *context.subject_events("dispositif", "pmsmp"),
                    FollowupAction("action_expliquer_dispositif")]
        already = as_list(tracker.get_slot(METIERS_PROPOSES))
        more = intent_of(tracker) == "ask_trade_ideas" and bool(already) and bool(MORE_RE.search(text))
        updated = intent_of(tracker) != "ask_trade_ideas" and bool(already)
        excluded = already if more else []
        sectors = context.latest_values(tracker, "filiere")
        recs = []
        if sectors:   # "d'autres métiers dans la plasturgie ?": that sector first, the word itself before all
            ranked = kb.recommend(profile, n=len(kb.metiers), exclude=excluded)
            words = [normalize(w) for w in sector_words(tracker)]
            def says(r):
                m = r.metier
                blob = normalize(" ".join((m.label_m, m.label_f, *m.synonymes, m.description)))
                return any(w and w in blob for w in words)
            in_sector = [r for r in ranked if set(sectors) & set(r.metier.filieres)]
            recs = ([r for r in in_sector if says(r)] + [r for r in in_sector if not says(r)])[:3]
        recs = recs or diverse(kb.recommend(profile, n=12, exclude=excluded)) or kb.recommend(profile, n=3)
        buttons = [button(cap(r.metier.label(profile.femme) if profile.femme is not None else r.metier.label_m),
                          "ask_trade_info", metier=r.metier.id) for r in recs]   # titles appear in the list text
        buttons += [button("D'autres idées", "ask_trade_ideas"),
                    button("Tester un métier (immersion)", "ask_scheme", dispositif="pmsmp")]
        text = suggestion_text(kb, recs, profile, updated, closing(tracker, *CLOSINGS),
                               proche=bool(tracker.get_slot(PROCHE)))
        doubt = stereotype_answer((tracker.latest_message or {}).get("text") or "")
        if doubt:
            dispatcher.utter_message(text=doubt)
        dispatcher.utter_message(text=text, buttons=buttons)
        ids = [r.metier.id for r in recs]
        events = [SlotSet(METIERS_PROPOSES, merge_unique(already, ids)), SlotSet(DEMANDE, None)]
        events += context.list_events("metier", ids)
        events += self.ask_one(dispatcher, tracker, "metiers")
        return events


def sector_words(tracker: Tracker) -> List[str]:
    """The words the person used for a sector ("plasturgie"), from the entity's span."""
    text = (tracker.latest_message or {}).get("text") or ""
    return [text[e["start"]:e["end"]] for e in (tracker.latest_message or {}).get("entities") or []
            if e.get("entity") == "filiere" and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)]


def resolve_metier(kb, tracker: Tracker) -> "tuple[Optional[Metier], Optional[str]]":
    """The trade the person talks about (named, pointed at in the last list, or in context), or the
    text of an unknown trade they named."""
    mid, unknown = context.named(kb, tracker, "metier")
    if mid:
        return kb.metiers[mid], None
    subject = context.resolve(kb, tracker)
    if subject and subject[0] == "metier" and subject[1] in kb.metiers:
        return kb.metiers[subject[1]], None
    slot = tracker.get_slot(METIER)
    if slot in kb.metiers and not unknown:
        return kb.metiers[slot], None
    return None, unknown


# a request for trades, whatever else the message says: the frequent question does not take its turn
TRADE_REQUEST_RE = re.compile(r"\b(?:m[ée]tiers?|jobs?|boulots?|taf|postes?|emplois?|travail)\b.{0,40}\b(?:pour moi|me convien|"
                              r"pour (?:quelqu|une? |les )|recrut|possible|propos|id[ée]e|qui (?:aime|veut))|"
                              r"\b(?:quels?|quelles?|des|quoi comme|propose[sz]?[- ]moi)\s+(?:m[ée]tiers?|jobs?|boulots?|taf|postes?)", re.I)
BARE_IDEAS_RE = re.compile(r"^\s*(?:et\s+)?(?:des|d'autres|quelles?|quels?|vos|tes|une|un)?\s*(?:id[ée]es?|pistes?|propositions?|suggestions?|m[ée]tiers?)"
                           r"(?:\s+(?:de m[ée]tiers?|pour moi|alors|svp|stp|du coup))?\s*[?!.]*\s*$", re.I)
TRY_TRADE_RE = re.compile(r"\b(?:tester|essayer|d[ée]couvrir en vrai|voir en vrai)\s+(?:un|le|ce|des|les)\s+m[ée]tiers?\b", re.I)
SEARCH_CHOICE = 2.0   # a trade the search ranks this well is worth offering when none was named

FOLLOW_UP_INTENTS = {"ask_trade_info", "ask_trade_pay", "ask_trade_training", "ask_trade_conditions",
                     "ask_how_to_start", "ask_scheme", "check_eligibility"}


def other_kind_followup(kb, tracker: Tracker, kind: str) -> Optional[str]:
    """When a follow-up ("c'est payé ?", "le premier") is about a scheme while a trade action was
    chosen (or the reverse), the name of the action that answers it."""
    if intent_of(tracker) not in FOLLOW_UP_INTENTS or context.named(kb, tracker, kind)[0]:
        return None
    if kind == "dispositif" and context.named(kb, tracker, "metier")[0] is None and not context.latest_values(tracker, "rang") \
            and intent_of(tracker) in ("ask_scheme", "check_eligibility"):
        return None   # "quels dispositifs ?" asked after a trade: the overview, not the trade again
    subject = context.resolve(kb, tracker)
    if subject and subject[0] == "dispositif" and intent_of(tracker) == "ask_trade_conditions":
        return None   # a scheme has no working conditions: "faut porter lourd ?" after the POEI is a question of its own
    if subject and subject[0] != kind:
        return "action_expliquer_dispositif" if subject[0] == "dispositif" else "action_metier_info"
    return None


class ActionMetierInfo(CapAction):
    """Trade sheet, pay, training, working conditions or how to start, depending on the question."""

    def faq_may_answer(self, tracker: Tracker, entry) -> bool:
        if own_answer_first(self.kb, tracker, "metier"):
            return False
        subject = context.resolve(self.kb, tracker)          # named here, pointed at, or in context
        if subject is None:
            return True
        # only an entry linked to this trade in knowledge/faq.yml ("cariste faut le CACES ?"): many questions
        # name a trade in passing ("devenir technicien"), its sheet answers better
        return subject[0] == "metier" and subject[1] in entry.metiers

    def name(self) -> Text:
        return "action_metier_info"

    def respond(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]):
        kb, profile = self.kb, self.profile(tracker)
        if context.latest_values(tracker, "lieu") and not context.named(kb, tracker, "metier")[0] \
                and (context.parse(tracker.get_slot("sujet")) or ("",))[0] == "dispositif" \
                and "action_profil" not in actions_this_turn(tracker):
            # "jsuis a st etienne, ya une pres de chez moi ?" after a scheme, read as a trade question: where
            # to find that scheme (action_profil; replay of CI 50d4b4d got « De quel métier… ? »)
            return [FollowupAction("action_profil")]
        other = other_kind_followup(kb, tracker, "metier")
        if other:
            return [FollowupAction(other)]
        intent = intent_of(tracker)
        asked = context.aspect(tracker)
        aspect = ASPECT_BY_INTENT.get(intent) or (asked if asked in ASPECTS else "fiche")
        if asked == "femme":
            return [FollowupAction("action_femmes_industrie")]
        metier, unknown = resolve_metier(kb, tracker)
        text = (tracker.latest_message or {}).get("text") or ""
        from_context = metier is not None and not context.named(kb, tracker, "metier")[0] and not context.from_list(tracker)
        if metier is not None and not from_context and not context.DEFINITION_RE.search(text):
            # a frequent question about this very trade ("le CACES c'est valable combien de temps ?")
            # answers more precisely than its sheet
            entry = faq_answer(kb, tracker, min_confidence=0.55)
            if entry is not None and metier.id in entry.metiers:
                return answer_with(dispatcher, entry)
        if from_context and len(text.split()) > 6:
            # a longer question that names no trade ("est-ce que je garde mon salaire pendant la
            # formation ?") is not a follow-up on the last trade when a frequent question fits it well
            entry = faq_answer(kb, tracker, min_confidence=0.5, search=False)
            if entry is not None:
                return answer_with(dispatcher, entry)
        if metier is None and not unknown:
            # "les 3x8 c'est compatible avec des enfants ?" names no trade: a frequent question answers it
            entry = faq_answer(kb, tracker, min_confidence=0.2) or likely_faq(kb, tracker, dead_end=True)   # else: "De quel métier… ?"
            if entry is not None:
                return answer_with(dispatcher, entry)
        if metier is None:
            return self._ask_which(dispatcher, tracker, profile, unknown, aspect)
        pair = self._compared(tracker) if aspect == "fiche" else []
        if len(pair) == 2:      # "c quoi la différence entre soudeur et chaudronnier ?": both, side by side
            return self._compare(dispatcher, pair, profile)
        label = metier.label(profile.femme)
        text = {"fiche": self._sheet, "salaire": self._pay, "formation": self._training,
                "conditions": self._conditions, "demarrer": self._start}[aspect](metier, label, profile)
        buttons = [button(title, intent_name, metier=metier.id) for key, title, intent_name in (
            ("formation", "Comment s'y former", "ask_trade_training"),
            ("conditions", "Les conditions de travail", "ask_trade_conditions"),
            ("salaire", "Le salaire", "ask_trade_pay"),
        ) if key != aspect]
        buttons.append(button("Tester ce métier (immersion)", "ask_scheme", dispositif="pmsmp"))
        buttons.append(button("D'autres métiers", "ask_trade_ideas"))
        dispatcher.utter_message(text=bubble(text), buttons=buttons)
        return [SlotSet(METIER, metier.id), *context.subject_events("metier", metier.id),
                *self.offer("action_expliquer_dispositif", "dispositif:pmsmp")]

    def _ask_which(self, dispatcher, tracker, profile, unknown, aspect):
        kb = self.kb
        proposed = [kb.metiers[m] for m in as_list(tracker.get_slot(METIERS_PROPOSES)) if m in kb.metiers]
        # the trades the message's words point at ("il fait chaud dans une fonderie ?"), else the last
        # ones proposed, else the person's best three
        searched = [kb.metiers[h.id] for h in search_hits(kb, tracker)
                    if h.kind == "metier" and h.id in kb.metiers and h.score >= SEARCH_CHOICE][:3]
        choices = searched or proposed[-3:] or [r.metier for r in kb.recommend(profile, n=3)]
        if unknown:
            intro = (f"Je n'ai pas de fiche pour « {shorten(unknown, 40)} ». "
                     "Voici des métiers proches que je connais bien :")
        elif aspect == "salaire":
            fact = kb.facts("salaires")[:1]
            intro = (sentence(fact[0].texte) + " " if fact else "") + "Pour quel métier voulez-vous en savoir plus ?"
        else:
            intro = "De quel métier voulez-vous parler ? Par exemple :"
        intent = next((k for k, v in ASPECT_BY_INTENT.items() if v == aspect), "ask_trade_info")
        buttons = [button(cap(m.label(profile.femme)), intent, metier=m.id) for m in choices]
        # the message may not be about a trade at all ("il faut combien d'ancienneté ?" after a question
        # on Transitions Pro): the close frequent question is offered too
        question = next((h for h in search_hits(kb, tracker) if h.kind == "faq" and h.id in kb.faq
                         and h.score >= SEARCH_CHOICE and h.shared >= 2 and h.id != last_faq(tracker)), None)
        if question is not None and not unknown:
            buttons.insert(0, question_button(kb, question.id))
        buttons.append(button("Des idées de métiers pour moi", "ask_trade_ideas"))
        dispatcher.utter_message(text=bubble([intro, "Choisissez-en un ou écrivez son nom."]), buttons=buttons)
        return context.list_events("metier", [m.id for m in choices])

    def _compared(self, tracker: Tracker) -> List[Metier]:
        """Two known trades named in a message that compares them, else []."""
        text = (tracker.latest_message or {}).get("text") or ""
        if not COMPARE_RE.search(text):
            return []
        found: List[Metier] = []
        for value in context.latest_values(tracker, "metier"):
            m = self.kb.metiers.get(value) or self.kb.find_metier(value)
            if m is not None and m not in found:
                found.append(m)
        return found[:2] if len(found) >= 2 else []

    def _compare(self, dispatcher, pair: List[Metier], profile: Profile) -> List[Dict[str, Any]]:
        kb = self.kb
        lines = []
        for m in pair:
            levels = join_fr([kb.vocab_label("niveaux", a) for a in m.acces])
            lines.append(f"• {cap(m.label(profile.femme))} : {first_sentence(m.description, 170)}"
                         + (f" Accès : {levels}." if levels else ""))
        lines.append("Lequel voulez-vous voir en détail ?")
        buttons = [button(cap(m.label_f if profile.femme else m.label_m), "ask_trade_info", metier=m.id) for m in pair]
        buttons.append(button("Tester un métier (immersion)", "ask_scheme", dispositif="pmsmp"))
        dispatcher.utter_message(text=bubble(["Les deux, côte à côte :", *lines]), buttons=buttons)
        return context.list_events("metier", [m.id for m in pair])

    def _sheet(self, m: Metier, label: str, profile: Profile) -> List[str]:
        kb = self.kb
        levels = join_fr([kb.vocab_label("niveaux", a) for a in m.acces])
        lines = [f"{cap(label)} : {shorten(m.description, 200)}",
                 f"Accès : {levels}." if levels else "",
                 f"La réalité : {shorten(m.realite, 160)}"]
        if m.en_tension:
            lines.append("C'est un métier en tension : les entreprises cherchent des candidat·es.")
        lines.append("Voulez-vous savoir comment le tester quelques jours en entreprise ?")
        return lines

    def _pay(self, m: Metier, label: str, profile: Profile) -> List[str]:
        fact = self.kb.facts("salaires")[:1]
        rome = f" (code ROME {m.rome})" if m.rome else ""
        return [f"Je n'ai pas de grille de salaire fiable pour {label} : je préfère ne pas inventer de chiffre.",
                f"Repère : {self.kb.cite(fact[0])}" if fact else "",
                f"Votre conseiller France Travail peut vous donner le salaire d'embauche près de chez vous{rome}.",
                "Voulez-vous savoir comment tester ce métier quelques jours en immersion ?"]

    def _training(self, m: Metier, label: str, profile: Profile) -> List[str]:
        kb = self.kb
        levels = join_fr([kb.vocab_label("niveaux", a) for a in m.acces])
        lines = [f"Pour devenir {label}, on peut entrer au niveau {levels}." if levels else f"Pour devenir {label} :"]
        sourced = shown_sources(kb, m.field_sources("formations"))
        # no source of the base states the training paths (knowledge/metiers.yml): they are given as
        # usual paths to check, never under a source that does not contain them
        lines.append("Parcours habituels" + (f" (source : {sourced[0]})" if sourced else ", à confirmer avec votre conseiller") + " :")
        lines += [f"• {shorten(f, 110)}" for f in m.formations[:2]]
        publics = profile.publics
        if "jeune" in publics:
            lines.append("En apprentissage, vous êtes salarié·e et payé·e pendant la formation.")
        elif "reconversion" in publics:
            lines.append("En reconversion, la POEI finance une formation avant l'embauche quand une entreprise recrute.")
        lines.append("Voulez-vous d'abord le tester quelques jours en immersion ? Je vous explique comment.")
        return lines

    def _conditions(self, m: Metier, label: str, profile: Profile) -> List[str]:
        kb = self.kb
        conds = [kb.vocab_label("conditions", c) for c in m.conditions]
        shifts = {"travail_poste", "horaires_decales", "astreintes"} & set(m.conditions)
        hours = ("Horaires : " + join_fr([kb.vocab_label("conditions", c) for c in sorted(shifts)]) + "." if shifts else
                 "Horaires : sa fiche ne signale pas de travail posté ni de nuit, mais cela dépend de l'entreprise.")
        lines = [f"Conditions de travail de {label} : {join_fr(conds) or 'elles varient selon l’entreprise'}.", hours,
                 f"Pour être honnête : {shorten(m.realite, 160)}"]
        clashes = sorted({kb.vocab_label("conditions", x) for c in profile.real_constraints
                          for x in CLASHES.get(c, ()) if x in m.conditions})
        if clashes:
            lines.append(f"Avec vos contraintes, attention à : {join_fr(clashes)}. Certaines entreprises proposent "
                         "des horaires de journée : demandez-le.")
        lines.append("Le mieux pour vous faire une idée : une immersion de quelques jours. On en parle ?")
        return lines

    def _start(self, m: Metier, label: str, profile: Profile) -> List[str]:
        organisme = self.kb.vocab_label("organismes", choose_organisme(profile).organisme)
        first = shorten(m.formations[0], 120) if m.formations else ""
        return [f"Pour vous lancer vers le métier {de(label)} :",
                "1. Le tester quelques jours en entreprise avec une immersion (PMSMP) ;",
                f"2. Vous former : {first[:1].lower() + first[1:]} ;" if first else "2. Choisir une formation ;",
                f"3. En parler à {organisme}, qui prescrit l'immersion et les formations.",
                "Voulez-vous que je vous explique l'immersion ?"]


__all__ = ["ActionSuggestMetiers", "ActionMetierInfo", "resolve_metier", "other_kind_followup"]
