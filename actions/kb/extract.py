"""Deterministic extraction of what a message says about the person and its subject (no Rasa import).

`extract(text, kb)` returns entities as Rasa expects them (entity, value, start, end, and a `role`
where it matters). It runs inside the NLU pipeline (components/profile_extractor.py), so
`rasa test nlu` measures it, and the dialogue actions only read entities, never raw text.

Values are canonical ids of knowledge/vocabulaire.yml (situations, interets, contraintes, niveaux),
of metiers.yml / dispositifs.yml, or normalised values:
  age         "43"
  lieu        the place's name ("Compiègne"), role "domicile" when said as where the person lives
              ("j'habite à", "je suis de", or a message that is only the place), role "correction"
              for "non pas Lyon, Mulhouse"
  situation   salarie, demandeur_emploi, lyceen, decrocheur, ... also inferred from indirect
              statements ("je suis aide-soignante depuis 15 ans" = salarie, "j'ai été licencié" =
              demandeur_emploi, "en première bac pro" = lyceen, "j'ai arrêté l'école en seconde" =
              decrocheur)
  proche      "enfant" when the person asks for their son or daughter ("mon fils a 15 ans")
  rang        "1", "2", "3", "dernier", "ce" (celui-là / ce métier): a reference to the list shown
  aspect      salaire, duree, demarrer, conditions, formation, femme: what a follow-up asks about
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Dict, Iterable, List, Match, Optional, Pattern, Sequence, Tuple

from .text import normalize

if TYPE_CHECKING:  # pragma: no cover
    from .loader import KnowledgeBase

Entity = Dict[str, object]

# ----------------------------------------------------------------------------------------------
# patterns on the raw (lower-cased) text; accents optional, SMS forms welcome
# ----------------------------------------------------------------------------------------------
_A = "[aàâ]"
_E = "[eéèê]"

AGE_PATTERNS: Sequence[Pattern[str]] = (
    re.compile(r"\b(?:j'?\s?ai|jai|g|j\s?ai|ai|a|aura[is]?|avoir|fais|age de|âgée? de|agee? de|(?:femme|fille|meuf|nana|mec|gars|homme|gar[cç]on|maman|papa|m[eè]re|p[eè]re|dame|monsieur|jeune) de)\s+(1[4-9]|[2-6]\d|7[0-5])\s*(?:ans?|an|piges?|balais)\b"),
    re.compile(r"\b(1[4-9]|[2-6]\d|7[0-5])\s*(?:ans?|piges?|balais)\b(?!\s*(?:d'|de |d |que |en |dans |chez |comme |au |a |à ))"),
    re.compile(r"\bmon [aâ]ge\s*(?::|c'?est|est)?\s*(1[4-9]|[2-6]\d|7[0-5])\b"),
)
BARE_NUMBER = re.compile(r"^\s*(?:j'?ai\s+)?(1[4-9]|[2-6]\d|7[0-5])\s*(?:ans?)?\s*[.!]?\s*$")

# (situation id, pattern): indirect statements first; the vocabulary's own forms come after
SITUATION_PATTERNS: Sequence[Tuple[str, Pattern[str]]] = (
    ("decrocheur", re.compile(rf"\b(?:j'?\s?ai|jai|g)\s+(?:tout\s+)?(?:arr{_E}t{_E}r?|l[aâ]ch{_E}r?|quitt{_E}r?|abandonn{_E}r?)\s+(?:l'?\s?{_E}cole|le lyc{_E}e|les cours|le coll{_E}ge|mes {_E}tudes|la fac|les {_E}tudes|mon (?:cap|bac|bts|apprentissage|contrat)|ma formation|l'apprentissage|en (?:seconde|2nde|premi{_E}re|1{_E}?re|[34](?:e|eme|ème)|troisi{_E}me|quatri{_E}me|cours d'ann{_E}e))")),
    ("decrocheur", re.compile(rf"\b(?:(?:j?veu[xt]?|veut|voudrais) (?:plus?|pas) (?:aller|retourner) (?:en cours|{_A} l'{_E}cole|au lyc{_E}e|au coll[eè]ge|en classe)|plus (?:{_A} l'{_E}cole|au lyc{_E}e|scolaris{_E})|d{_E}scolaris{_E}|d{_E}croch{_E}|sans (?:{_E}cole|formation)|rien (?:{_A} faire|depuis) .*(?:{_E}cole|lyc{_E}e)|sorti(?:e)? du syst{_E}me scolaire)")),
    ("lyceen", re.compile(rf"\b(?:en|je suis en|jsuis en|chui en|suis en)\s+(?:premi{_E}re|1{_E}?re|1ere|1re|terminale|term|tle|seconde|2nde|2de)\b(?! ann{_E}e| partie| fois| main| ligne| classe| cat)|\blyc{_E}e (?:pro|professionnel|g{_E}n{_E}ral|techno)|\bau lyc{_E}e\b(?!,? (?:j'?\s?(?:adorais|aimais|{_E}tais|avais|faisais)|c'{_E}tait))|\blyc{_E}en(?:ne)?\b|\bbac pro en cours\b|\bje pr{_E}pare (?:un|le|mon) (?:bac|cap)\b|"
                          rf"\b(?:je suis|jsuis|jsui|chui|suis) en (?:bac pro|bep)\b")),
    ("collegien", re.compile(rf"\b(?:en (?:3e|3eme|3ème|troisi{_E}me|4e|4eme)|au coll{_E}ge|coll{_E}gien(?:ne)?)\b")),
    ("etudiant", re.compile(rf"\b(?:{_E}tudiant(?:e)?|{_A} la fac|en (?:licence|bts|but|iut|master)(?! pro\b)|je fais (?:un|une) (?:bts|but|licence))\b")),
    ("apprenti", re.compile(rf"\b(?:je suis|jsuis|chui|suis)\s+(?:en alternance|apprenti(?:e)?|alternant(?:e)?|en apprentissage)\b")),
    ("demandeur_emploi", re.compile(rf"\b(?:licenci{_E}(?:e)?|au ch[oô]mage|ch[oô]meu(?:r|se)|sans (?:emploi|travail|boulot|job)|demandeu(?:r|se) d'emploi|je (?:cherche|recherche) (?:du|un) (?:travail|emploi|boulot|job|taf|poste)|en recherche d'emploi|fin de (?:contrat|cdd|mission)|(?:je suis|suis|jsuis|chui|j'?\s?me suis) inscrite? (?:{_A}|chez) (?:france travail|p[oô]le emploi)|au rsa|rupture conventionnelle|mon (?:cdd|contrat) (?:est fini|s'arr[eê]te|se termine)|plus de travail|perdu mon (?:travail|emploi|boulot|job)|j'?\s?(?:e\s)?trouve (?:pas|rien)(?: de (?:taf|travail|boulot|job|emploi|poste))?|je trouve pas de (?:taf|travail|boulot|job))")),
    ("parent_au_foyer", re.compile(rf"\b(?:(?:m[eè]re|p[eè]re|maman|papa|femme|homme) au foyer|cong{_E} parental|je m'occupe de mes enfants|(?:rest{_E}e?|arr[eê]t{_E}e?) (?:{_A} la maison|chez moi|de travailler) (?:pour|depuis|pendant)|{_E}lever mes enfants)")),
    # a job held, said indirectly: "je suis aide-soignante depuis 15 ans", "ça fait 20 ans que je suis caissière"
    ("salarie", re.compile(rf"\b(?:je suis|jsuis|chui|suis)\s+(?!en recherche|au ch|sans|demandeu|lyc|{_E}tudi|en premi|en term|en seconde|inscrit|int{_E}ress|une femme|un homme|maman|papa|m[eè]re|p[eè]re)[a-zà-ÿ'\- ]{{3,40}}?\s+depuis\s+(?:\d+|un|une|deux|trois|quatre|cinq|six|dix|quinze|vingt|longtemps|des ann{_E}es)")),
    ("salarie", re.compile(rf"\b(?:[cç]a fait|voil[aà])\s+(?:\d+|deux|trois|quatre|cinq|dix|quinze|vingt|des)\s+ans? (?:que je (?:suis|travaille|bosse)|dans)")),
    ("salarie", re.compile(rf"\b(?:je (?:travaille|bosse) (?:comme|dans|chez|en|depuis|{_A})|en (?:cdi|cdd)\b|(?:je suis|je fais de l'|je bosse en|je travaille en|en) int{_E}rim\b|int{_E}rimaire|salari{_E}(?:e)?\b|j'ai un (?:travail|emploi|boulot)|je suis (?:ouvri[eè]re?|employ{_E}e?|technicien(?:ne)?|cadre|vendeu(?:r|se)|caissi[eè]re?|infirmi[eè]re?|aide[- ]soignante?|agent|serveu(?:r|se)|cuisini[eè]re?|chauffeur|magasini[eè]re?|secr[eé]taire|comptable|ing[ée]nieure?|assistante?|commerciale?|manutentionnaire|pr[eé]paratri?ce?|auxiliaire|ash|atsem|coiffeu(?:r|se)|boulang[eè]re?|ma[cç]on|peintre|plombier|[eé]lectricien(?:ne)?|m[eé]canicien(?:ne)?)\b)")),
)
PAST_BEFORE = re.compile(rf"\b(?:depuis|d{_E}s|au temps d[ue]|quand j'{_E}tais|apr[eè]s)\s+(?:le |la |l'|au |en )?$")
PAST_AFTER = re.compile(rf"\s*,?\s*(?:j'?\s?(?:adorais|aimais|{_E}tais|avais|faisais)|c'{_E}tait|on (?:faisait|avait))\b")
# "je suis salariée, pas au chômage": a situation that is denied
NEGATED_BEFORE = re.compile(r"\b(?:pas|plus|jamais|ni)\s+(?:vraiment\s+|du tout\s+)?$")
# "ma fille" named as part of the person's own life is no request for her: "je dois récupérer ma fille à
# l'école", "les costumes du spectacle de ma fille", "avec ma fille on monte des kits"
PROCHE_AS_CONTEXT = re.compile(r"\b(?:de|du|d'|avec|chez|sans|r[ée]cup[ée]r\w*|d[ée]pos\w*|emm[eè]n\w*|am[eè]n\w*|cherch\w*|gard\w*|occupe[rs]? de|"
                               r"faire garder|garde de|[ée]l[eè]ve\w*|seule? avec)\s+$")
PROCHE_RE = re.compile(r"\b(?:mon fils|ma fille|mon gar[cç]on|mon enfant|mon neveu|ma ni[eè]ce|mon petit[- ]fils|ma petite[- ]fille)\b")
# a quality wanted less, not liked: "moins physique", "pas trop physique", "sans bouger"
LESS_RE = re.compile(r"(?:moins|pas trop|pas|peu|trop|sans|[ée]viter?)\s+(?:\w+\s+){0,2}$")
PROCHE_AGE_RE = re.compile(r"\b(?:mon fils|ma fille|mon gar[cç]on|mon enfant|mon neveu|ma ni[eè]ce|il|elle)\s+(?:a|aura|va avoir)\s+(1[4-9]|2[0-9])\s*ans\b")

# constraints said in words; checked before the vocabulary so that negations read right
CONSTRAINT_PATTERNS: Sequence[Tuple[str, Pattern[str]]] = (
    ("pas_de_nuit", re.compile(rf"\b(?:pas|jamais|plus|sans|aucun|ni)\b[^.!?]{{0,30}}\bnuits?\b|\bnuits?\b[^.!?]{{0,40}}\b(?:impossible|pas possible|non merci|c'est non|je peux pas|je ne peux pas|c'?\s?est (?:termin{_E}|fini|mort)|plus jamais|tr[eè]s peu pour moi|hors de question|j'en (?:peux|veux) plus)|\b(?:pas|sans) (?:d'|de )?horaires? (?:de nuit|d{_E}cal{_E}s)|\bhoraires (?:de jour|de journ{_E}e) (?:uniquement|seulement)\b|\b(?:que|uniquement|seulement) (?:la journ{_E}e|de jour|en journ{_E}e)\b|\bpas (?:les|de|d') ?(?:3x8|3 ?x ?8|2x8|horaires? post{_E}s?|travail post{_E}|postes? en {_E}quipe|{_E}quipes? altern\w*)")),
    ("pas_de_weekend", re.compile(rf"\b(?:pas|jamais|plus|sans|ni)\b[^.!?]{{0,25}}\b(?:week[- ]?ends?|we\b|samedis?|dimanches?)\b|\b(?:week[- ]?ends?|dimanches?)\b[^.!?]{{0,15}}\b(?:impossible|pas possible|non merci|je peux pas|je ne peux pas)")),
    ("pas_de_charges", re.compile(rf"\b(?:mal au dos|hernies?|cass\w* le dos|dos (?:fragile|bloqu{_E}|en vrac|abim{_E}|ab[iî]m{_E})|hernie discale|lombalgie|probl[eè]mes? de dos|mal aux (?:{_E}paules|genoux)|tendinite|(?:pas|plus|ni|peux pas|ne peux pas|ne peux plus|peut pas|sans)\b[^.!?]{{0,20}}\b(?:porter|port de charges?|charges? lourdes?|soulever)|porter lourd (?:c'est|est) (?:impossible|pas possible|interdit))")),
    ("sans_permis", re.compile(rf"\b(?:pas|plus|sans|aucun|ni)\b[^.!?]{{0,12}}\b(?:(?:le |de |mon )?permis?|voiture|v{_E}hicule|v{_E}hicul{_E}e?|caisse|moto|scooter)\b|\bpermis (?:suspendu|retir{_E}|annul{_E})|\bje (?:ne )?conduis pas\b|\ben (?:bus|transports? en commun|train) (?:uniquement|seulement)\b|\bpi[eé]ton(?:ne)?\b")),
    ("garde_enfants", re.compile(rf"\b(?:(?:r{_E}cup{_E}rer|chercher|aller chercher|d{_E}poser|garder|emmener) (?:mes|les|mon|ma|ses) (?:enfants?|gosses|petits?|fils|fille|loulous?|minots)|(?:mes|les) enfants? (?:{_A}|en) (?:l'{_E}cole|la cr[eè]che|la garderie)|(?:maman|papa|m[eè]re|p[eè]re|parent) (?:solo|seule?|c{_E}libataire|isol{_E}e?)|seule? avec (?:mes|mon|ma|deux|trois) (?:enfants?|gosses|fils|fille|petits?)|(?:maman|papa|m[eè]re|p[eè]re) de (?:jumeaux|jumelles|tripl{_E}s)|(?:mes|nos|des) (?:jumeaux|jumelles)|garde (?:d'|des )enfants?|(?:(?:un|deux|trois|quatre|\d) (?:enfants?|gosses)|(?:deux|trois|quatre|[2-9]) petits|une? petite? (?:de \d+ (?:ans|mois)|gar[cç]on|fille|b{_E}b{_E}))\b(?! (?:contrat|boulot|job|poste|salaire|peu|temps|souci|probl[eè]me|truc|mot|bout|coup))|enfants? en bas [aâ]ge|cr[eè]che|nounou|(?:chez (?:la|l'|une|mon|ma)|une|mon|ma|l') ?(?:nounou|assistante maternelle)|sortie d'{_E}cole|(?:{_A} )?16 ?h ?30|horaires? d'{_E}cole|(?:{_E}tre|rentrer|renter) (?:{_A} la maison|chez moi) (?:{_A}|avant|pour) \d{{1,2}} ?h)")),
    ("handicap", re.compile(rf"\b(?:rqth|allergi(?:e|que)s?|asthm(?:e|atique)|handicap(?:{_E}e?)?|en fauteuil|fauteuil roulant|malvoyante?|sourde?|malentendante?|reconnaissance (?:de )?travailleur handicap{_E}|travailleur handicap{_E}|invalidit{_E}|mdph|maladie (?:chronique|professionnelle)|probl[eè]me de sant{_E}|accident du travail|inaptitude|inapte)\b")),
    ("sans_diplome", re.compile(rf"\b(?:(?:pas|aucun|sans|ni)\b[^.!?]{{0,8}}\bdipl[oô]mes?|(?:j'?\s?ai|jai|g) (?:rien|aucun dipl[oô]me|pas (?:de|le|mon) (?:dipl[oô]me|bac|cap|brevet))|pas eu (?:le|mon) (?:bac|brevet|cap|dipl[oô]me)|rat{_E} (?:le|mon) (?:bac|brevet|cap)|non dipl[oô]m{_E}e?)\b")),
    ("temps_partiel", re.compile(rf"\b(?:temps partiel|mi[- ]?(?:temps|tps)|80 ?%|quelques heures par (?:jour|semaine)|pas (?:un|de) temps plein)\b")),
)

# the same constraints said indirectly: what the person cannot do, why, or what they want instead
_DAYS = r"(?:samedis?|dimanches?|week[- ]?ends?|weekends?|we|sam|dim|fins? de semaine)"   # "tous les sam et dim"
CONSTRAINT_HINTS: Sequence[Tuple[str, Pattern[str]]] = (
    ("pas_de_nuit", re.compile(rf"\b(?:(?:3 ?x ?8|2 ?x ?8|nuits?|horaires? de nuit|[ée]quipes? de nuit|travail de nuit)\b[^.!?]{{0,30}}"
                               rf"\b(?:non|jamais|plus(?! ou\b)|fini|d{_E}trui\w*|tue|peur|{_E}viter|interdit|donn{_E})|"
                               rf"(?:interdit|{_E}viter?|plus jamais)[^.!?]{{0,25}}\b(?:nuits?|travail de nuit)|"
                               rf"\b(?:travailler|bosser|horaires?|poste)[^.!?]{{0,15}}\b(?:en journ{_E}e|de jour|de journ{_E}e)\b|"
                               rf"\b(?:uniquement|seulement|que) (?:des )?horaires? de jour|\bde jour (?:uniquement|seulement)|(?:j'?\s?ai|jai) (?:d{_E}j{_A} )?donn{_E}[^.!?]{{0,25}}\bnuits?\b|dor[st]? la nuit comme tout le monde|rentre(?:r)? le soir et|\b(?:je veux|je voudrais|il me faut|que|uniquement|seulement)\b[^.!?]{{0,30}}\ben journ{_E}e\b|dors? (?:tr[eè]s )?mal|"
                               rf"\bfini[rs]? avant \d{{1,2}} ?h|apr[eè]s \d{{1,2}} ?h[^.!?]{{0,15}}\b(?:mort|crev|[ée]puis)|"
                               rf"dormir chez moi le soir|pas du (?:tout du )?soir|(?:travaille|bosse) (?:d{_E}j{_A} )?de nuit|"
                               rf"quand (?:les autres|tout le monde|les gens) dor\w+[^.!?]{{0,40}}(?:{_E}vite|pas|plus|d{_E}cale|fini|non|jamais|impossible)|"
                               rf"(?:rentr\w+|fini\w*|partir) avant (?:la nuit|qu'il fasse nuit|minuit|(?:19|2[0-4]) ?h)|"
                               rf"21 ?h ?- ?5 ?h|22 ?h ?- ?6 ?h|(?:arr[eê]ter|plus|fini\w*) (?:les |de )?(?:horaires? du soir|soir{_E}es|soirs)\b)")),
    ("pas_de_weekend", re.compile(rf"\b(?:garder|pr{_E}server|conserver|tiens? {_A}|tenons {_A}|tient {_A}) (?:(?:mes|nos|les|mon|notre|avoir|nos deux jours|mes deux jours)[^.!?]{{0,50}})?\b{_DAYS}\b")),
    ("pas_de_weekend", re.compile(rf"\b{_DAYS}\b[^.!?]{{0,40}}\b(?:sacr{_E}s?|r{_E}serv{_E}e?s?|off|libres?|tranquilles?|famille|pas dispo|indisponible|"
                                  rf"je (?:veux|voudrais) (?:plus|pas)|je l[aâ]che pas|pas y toucher|seul moment|tr[eè]s peu pour moi|pas pour moi|c'?\s?est mort)|"
                                  rf"\b(?:libre|repos|off|dispo)\w* (?:le|les) {_DAYS}|du lundi au vendredi|"
                                  rf"\b(?:match|march{_E}s|b{_E}n{_E}vole|pompier|autre (?:job|emploi|travail))[^.!?]{{0,30}}\b{_DAYS}\b|"
                                  rf"\b{_DAYS}\b[^.!?]{{0,15}}\b(?:match|march{_E}s|b{_E}n{_E}vole|pompier)|"
                                  rf"(?:tous|chaque) les {_DAYS}[^.!?]{{0,20}}(?:plus|pas|fini)|semaine de 5 jours|"
                                  rf"(?:retrouver|garder|avoir|lib{_E}rer|j'?\s?ai(?: enfin)?|j'aie(?: enfin)?|veux(?: enfin)?)(?: enfin)? mes {_DAYS}|j'en ai assez[^.!?]{{0,30}}{_DAYS}|dispo qu'en semaine|(?:que|uniquement|seulement) en semaine|(?:boulot|travail|job|taf|poste|emploi|bosser|travailler) en semaine|en semaine (?:seulement|uniquement)|horaires? de semaine|fin de semaine[^.!?]{{0,60}}non n{_E}gociable|fini\w* les {_DAYS}|{_DAYS}[^.!?]{{0,40}}j'en ai marre|"
                                  rf"(?:samedis?|dimanches?) de repos|(?:arr[eê]ter|plus|fini\w*)[^.!?]{{0,25}}\b(?:du |le |les )?{_DAYS}\b")),
    ("pas_de_charges", re.compile(rf"\b(?:rien de lourd|pas (?:tr[eè]s )?costaud|pas (?:beaucoup )?de force|port de charges?|"
                                  rf"charges? lourdes?|(?:sacs?|cartons?|colis|pi[eè]ces?) (?:de \d+ ?(?:kg|kilos)|lourde?s?)|"
                                  rf"max(?:imum)? \d+ ?(?:kg|kilos)|\d+ ?(?:kg|kilos)[^.!?]{{0,20}}(?:plus possible|impossible|max)|"
                                  rf"{_E}viter? de porter|(?:soul[eè]ve|porte)\w*[^.!?]{{0,50}}(?:non merci|fini|plus possible|impossible)|(?:soul[eè]ve|porte)\w* (?:pas|plus)\b|"
                                  rf"lombaires?|lumbago|sciatique|scoliose|dos (?:me l[aâ]che|foutu|cass{_E}|en compote)|"
                                  rf"op{_E}r{_E}e? (?:de |du |des )?(?:l'{_E}paule|dos|genou|[ée]paules)|manutention[^.!?]{{0,30}}(?:assez|fini|plus)|"
                                  rf"d{_E}charger des camions|me casser le dos|restrictions? m{_E}dicales?|(?:pas|peu) (?:du tout |bien |tr[eè]s |trop )?costaude?|"
                                  rf"(?:trucs?|choses?|objets?|colis|cartons?) lourds?[^.!?]{{0,20}}(?:mort|stop|impossible|pas pour moi|fini)|"
                                  rf"(?:pourrai|peux|pourrais) pas (?:manipuler|porter|soulever)|dos dit stop|d{_E}charger (?:les|des) (?:colis|camions|cartons))")),
    ("sans_permis", re.compile(rf"\b(?:jamais (?:eu|pass{_E}) (?:le |mon )?permis|permis[^.!?]{{0,15}}\b(?:suspendu|retir{_E}|annul{_E}|pas encore)|"
                               rf"retir{_E} (?:mon|le) permis|(?:rat{_E}|pass(?:e|er)|pas eu|pas|jamais eu) (?:le|mon) code\b|(?:que|juste) (?:mes jambes|mon v{_E}lo|ma trottinette)|"
                               rf"(?:qu'?|que |uniquement |seulement )(?:en |{_A} )?(?:bus|tram|train|v{_E}lo|pied|transports?)|"
                               rf"transports? en commun|(?:{_A}|en) v{_E}lo partout|partout {_A} v{_E}lo|desservi|"
                               rf"(?:pas|aucun) (?:de )?moyens? de (?:transport|locomotion)|voiture[^.!?]{{0,15}}\b(?:morte|en panne|cass{_E}e|plus)|"
                               rf"je (?:ne )?me d{_E}place (?:qu'|que |uniquement )|pas motoris|(?:trop jeune|pas l'{_A}ge) pour (?:le |passer le )?permis|"
                               rf"suspendu (?:le|mon) permis|accessible en (?:bus|tram|train|transports?)|"
                               rf"(?:y aller|m'?y rendre|me rendre|aller (?:au travail|bosser|travailler)|venir|me d{_E}placer|bouger) (?:qu'?\s?|uniquement |seulement )?(?:en|{_A}) (?:bus|tram|train|m{_E}tro|v{_E}lo|pied|transports?)|"
                               rf"\b(?:bus|tram|train|m{_E}tro|v{_E}lo)\b(?:\s*(?:et|ou|,)\s*(?:le |la |en )?(?:bus|tram|train|m{_E}tro|v{_E}lo)\b)+\s*(?:uniquement|seulement|c'est tout|point)|"
                               rf"pas de quoi me d{_E}placer|je me fais (?:d{_E}poser|emmener|conduire|amener|v{_E}hiculer)|on me (?:d{_E}pose|conduit|emm[eè]ne)|"
                               rf"en voiture[^.!?]{{0,25}}(?:c'?\s?est |c )?(?:mort|impossible|pas possible|compliqu{_E})|"
                               rf"voiture[^.!?]{{0,25}}(?:{_A} la casse|en panne|vol{_E}e|vendue|fourri[eè]re)|"
                               rf"permis[^.!?]{{0,25}}(?:toujours pas|pas encore|jamais) (?:pass{_E}|eu|r{_E}ussi)|suspension (?:de|du) permis|"
                               rf"(?:revendu|vendu|plus de) (?:ma|la|de) voiture|je me d{_E}place (?:en|{_A}) (?!voiture|auto\b|moto|scooter|fauteuil|b{_E}quilles)\w+)")),
    ("sans_diplome", re.compile(rf"\b(?:arr[eê]t{_E}r? (?:l'?\s?{_E}cole|les cours|le lyc{_E}e|le coll[eè]ge)|"
                                rf"(?:quitt{_E}|l[aâ]ch{_E}r?) (?:l'?\s?{_E}cole|le lyc{_E}e|les cours|le coll[eè]ge)[^.!?]{{0,25}}(?:sans rien|en (?:3|4|5|seconde|premi))|"
                                rf"d{_E}croch{_E}|(?<!la )(?<!une )sorti(?:e)? (?:du syst[eè]me scolaire|de l'{_E}cole)|(?:arr[eê]t|quitt|l[aâ]ch)\w*[^.!?]{{0,20}}\bavant (?:la fin|le bac|le brevet|le cap|d'avoir)|(?:m[eê]me )?pas (?:le|de) brevet|"
                                rf"(?:aucune|sans|pas de) qualification|sur le tas|niveau (?:dipl[oô]me )?(?:c'est )?z{_E}ro|"
                                rf"dipl[oô]me[^.!?]{{0,25}}(?:j'?\s?en ai pas|aucun)|jamais eu de papier|\bd{_E}co depuis|"
                                rf"(?:jamais|jamai|jam{_E}s?|jamé) eu (?:mon|le|de|un) (?:brevet|bac|cap|dipl[oô]me)|sorti\w* (?:du|de l'|de la) (?:coll[eè]ge|lyc{_E}e|{_E}cole) sans rien|"
                                rf"(?:sorti|parti|arr[eê]t{_E}|l[aâ]ch{_E}|quitt{_E})\w* (?:l'{_E}cole |le coll[eè]ge )?(?:de la |en |{_A} la )?(?:3e|3[eè]me|troisi[eè]me|4e|4[eè]me|5e|5[eè]me|6e|seconde)(?: sans rien)?|jamais rien pass{_E}|jamais (?:pass{_E}|eu|r{_E}ussi) (?:le moindre|aucun) (?:examen|dipl[oô]me)|(?:parti|sorti)e? de l'{_E}cole {_A} (?:1[3-6]) ans|"
                                rf"dernier bulletin[^.!?]{{0,15}}(?:3e|3[eè]me|troisi[eè]me|4e|quatri[eè]me|5e|seconde)|"
                                rf"niveau (?:d'?\s?)?(?:{_E}tudes?|scolaire|dipl[oô]mes?)[^.!?]{{0,15}}(?:n{_E}ant|z{_E}ro|rien|nul)|"
                                rf"(?:j'?\s?ai|jai|g) (?:que|juste|seulement) (?:le|mon) brevet|"
                                rf"(?:demande|exige|faut|faudrait)\w* (?:pas|aucun\w*) (?:de )?(?:formation|dipl[oô]me))")),
    ("garde_enfants", re.compile(rf"\b(?:(?:d{_E}pos|emm[eè]n|amen|r{_E}cup{_E}r|cherch)\w* (?:mon|ma|mes|les) (?:fils|fille|enfants?|gosses|petits?|loulous?)|"
                                 rf"garde (?:de |des )?(?:mes |mon |ma )?(?:gosses|enfants?|fils|fille)|trajets? (?:de l'|d')?{_E}cole|garde altern{_E}e|"
                                 rf"(?:je |j')(?:les|le|la|l') ?(?:d{_E}pos|emm[eè]n|am[eè]n|r{_E}cup{_E}r|cherch)\w* (?:{_A}|de|en) (?:l'{_E}cole|la cr[eè]che|la garderie|la nounou|la sortie|la maternelle)|"
                                 rf"sortie (?:de la |de l'|d')?(?:{_E}cole|maternelle|cr[eè]che)|garderie|(?<!assistante )maternelle|"
                                 rf"(?:petit|fils|fille|enfant)\w*[^.!?]{{0,25}}rentre manger|"
                                 rf"(?:les|mes) (?:petits|enfants|gosses|m[oô]mes|loulous|minots)[^.!?]{{0,12}}c'?\s?est moi|"
                                 rf"(?:la garde|je garde|j'?\s?ai) (?:de )?mes (?:(?:deux|trois|quatre|2|3|4) )?(?:neveux|ni[eè]ces|petits[- ]enfants|fr[eè]res et s\w+)|"
                                 rf"(?:je m'occupe|c'est moi(?: seule?)? qui (?:m'occupe|g[eè]re)|je g[eè]re) (?:seule? )?(?:des|de mes|les|mes) (?:enfants|petits|gosses))")),
    ("handicap", re.compile(rf"\b(?:{_E}pilep\w*|aah|diab{_E}t\w*|vois (?:tr[eè]s )?mal|je boite|accident (?:de (?:moto|voiture|scooter|v{_E}lo|la route)|grave)|(?:rester |{_E}tre )?debout[^.!?]{{0,35}}(?:impossible|plus possible|(?:je )?(?:ne )?(?:peux|tiens) (?:pas|plus))|b{_E}quilles|dys(?:praxi|lexi|phasi)\w*|scl{_E}rose|"
                            rf"(?:soucis|probl[eè]mes?) de sant{_E}|cancer|autis\w*|trouble\w* (?:psy|bipolaire|musculo)|bipolaire)")),
    ("temps_partiel", re.compile(rf"\b(?:(?:\d{{2}}|un \d{{2}}) ?h(?:eures)?(?: par)? semaine|(?:1\d|2\d|3[0-2]) ?h(?:eures)? (?:hebdo\w*|par semaine)|contrat de (?:1\d|2\d|30) ?h(?:eures)?|"
                                 rf"(?:un )?\d{{2}} ?%(?: max)?|(?:deux|trois|quatre|quelques|2|3|4) jours(?: et demi)? (?:par|dans la|la|/) ?semaine|"
                                 rf"que quelques heures|juste les matin{_E}es|(?:que|seulement|uniquement|juste) (?:le matin|les matins|les matin{_E}es|l'apr[eè]s[- ]midi)|(?:les |le )?matin(?:{_E}e)?s? (?:seulement|uniquement)|4/5 ?e?|"
                                 rf"retraite progressive|compl{_E}ment|pas {_A} 100 ?%|35 ?h(?:eures)?[^.!?]{{0,15}}trop|"
                                 rf"qu'?\s?{_A} c[oô]t{_E} de|temps r{_E}duit)")),
)
# the fallback for what the patterns above miss: a clause naming a constraint's topic together with a word
# that limits it ("les nuits c'est mort", "je dépends du TER", "j'ai pas la force pour…"), unless the clause
# accepts it ("les nuits ça me dérange pas") or is a question; health words need no limiting word
CONSTRAINT_TOPICS: Sequence[Tuple[str, Pattern[str]]] = (
    ("pas_de_nuit", re.compile(rf"\b(?:nuits?|nocturnes?|dor(?:t|ment|mir)|veiller|minuit|2[1-4] ?h(?:eures?)?\b|[0-4] ?h(?:eures?)? du mat(?:in)?\b|soir{_E}es?|soirs|soir tard|tard le soir|3 ?x ?8)")),
    ("pas_de_weekend", re.compile(rf"\b{_DAYS}\b")),
    ("pas_de_charges", re.compile(rf"\b(?:lourde?s?|charges?|porter|soulever|manutention|trimbal\w*|d{_E}placer des|force|costaud\w*|dos|{_E}paules?|genoux|colis|sacs?|"
                                  rf"poids|manipuler|palettes?|charger|cartons?)\b")),
    ("sans_permis", re.compile(rf"\b(?:permis|perm|(?:le|mon) code|(?:le|du) volant|voiture|v{_E}hicul\w*|conduire|bus|tram|ter|train|m{_E}tro|transports?|covoiturage|caisse)\b")),
    ("sans_diplome", re.compile(rf"\b(?:dipl[oô]m\w*|qualifs?|qualifications?|brevet)\b")),
    ("garde_enfants", re.compile(rf"\b(?:(?<!petits-)(?<!petits )enfants?|gosses|(?:mes|nos|les|des|aux) petits\b(?![- ]enfants)(?!\s+(?!(?:et|sont|ont|a|à|au|le|la|les|de|du|des|chez|qui|me|en|quand|pendant|apr[eè]s|avant|mais|donc|car|tout|tous|seuls?|ne|il|ils|je|ce|cet|sans)\b)[a-zéèêàç]{3,})|fils|fille|m[oô]mes|b{_E}b{_E}|faire garder|nounou|mercredis?|go[uû]ter|neveux|ni[eè]ces?|la garde de)\b")),
    ("temps_partiel", re.compile(rf"\b(?:mi[- ]?(?:temps|tps)|temps (?:partiel|plein)|plein temps|tps partiel|\d{{2}} ?h(?:eures)? par semaine)\b")),
)
_oe = "(?:oe|œ)"
HEALTH_RE = re.compile(rf"\b(?:avc|infarctus|perdu l'usage|usage d'un (?:{_oe}il|bras|main|jambe)|borgne|{_E}pilep\w*|paralys\w*|amput\w*|proth[eè]se|handicap\w*|invalid\w*|maladie|polyarthrite|fibromyalgie|s{_E}quelles?|chimio\w*)\b")
LIMIT_RE = re.compile(rf"\b(?:pas|plus|non|jamais|sans|aucune?|rien|sauf|marre|ras le bol|en ai assez|personne pour|z{_E}ro|loup[éè]\w*|rat{_E}|arr[eê]t\w*|mort|impossible|fini\w*|d{_E}pend\w*|{_E}vit\w*|refus\w*|du mal|peux plus|j'en peux plus|question|compliqu{_E}|galère|gal[eè]re|interdit|stop|limit{_E}e?|que (?:le|la|les|en)|seulement|uniquement|exclusivement|trop|tr[eè]s peu pour moi|hors de question|exclu\w*|r{_E}duit\w*|seule? (?:option|solution|moyen)|qu'?\s?une?|"
                      rf"(?:{_E}tre|sois|soit) (?:rentr{_E}e?s?|l{_A}|{_A} la maison) (?:pour|avant|{_A}))\b")
ACCEPT_RE = re.compile(rf"\b(?:pas (?:de |d')?(?:probl[eè]me|souci)|je veux bien|pas peur|(?:enfants|petits|gosses|ils|elles) sont (?:(?:maintenant|d[ée]j[àa]|tous) )?(?:grands|grandes|partis|parties|autonomes|ados|adultes|majeurs)|(?:me )?d{_E}range pas|me g[eê]ne pas|ok pour|[çc]a me va|sans (?:probl[eè]me|souci)|aucun (?:probl[eè]me|souci)|pas d'enfants?|pas encore d'enfants?|n'?ai pas d'enfants?|j'?\s?ai (?:le permis|une voiture|mon permis))\b")
QUESTION_ANY = re.compile(rf"\b(?:ou pas|ou non|plus ou (?:pas|moins)|combien|est[- ]ce|c'?\s?est (?:pay{_E}|combien|quoi|comment)|c pay{_E}|pay{_E}e? plus|major{_E}e?s?)\b")
IDIOM_RE = re.compile(r"\b(?:(?:job|m[ée]tier|travail|truc|boulot|milieu|taf) (?:de|d'|pour les) ?(?:filles?|femmes?|mecs?|gar[cç]ons?|hommes?)|sur (?:mon|le|son|ton) dos|dans mon dos|en petit comit[ée]|petits? (?:boulots?|jobs?|trucs?)|(?:avec|payer|paye|r[ée]gler) (?:les|mes|nos|des) charges|charges (?:sociales|fixes|locatives|du loyer|de famille)|charge mentale)\b")
_BUT = r"\b(?:mais|donc|par contre|sauf que)\b"
_KIN = r"(?:m[eè]re|p[eè]re|fr[eè]re|s(?:oe|œ)ur|mari|femme|copain|copine|coll[eè]gue|conjointe?|compagne|compagnon|ex|pote|amie?|voisine?|cousine?)"
# "leur mère n'a pas le permis", "ma collègue m'a dit qu'elle voulait pas de nuit" (but "ma mère veut pas
# que je bosse la nuit" is the person's own constraint)
THIRD_RE = re.compile(rf"\b(?:(?:mon|ma|leur|sa|son|notre|votre) {_KIN}\w* (?:qui )?|(?:qu')?(?:elle|il) )(?:n'a|ne|n'|voulai[st]|veut|disai[st]|dit|a dit)\b(?![^.,;!?]*\b(?:que je|qu'?\s?on me|que j'|me |moi)\b)[^.,;!?]{{0,40}}$")
CARE_JOB_RE = re.compile(rf"\b(?:auxiliaire|assistante maternelle|{_E}ducat\w+|pu{_E}ricult\w+|atsem|animat\w+|j'?\s?{_E}tais|j'ai {_E}t{_E})\b")
KEEPS_MY_CHILD_RE = re.compile(rf"\b(?:gard\w*|r{_E}cup{_E}r\w*|s'occupe\w*) (?:de )?(?:mon|ma|mes|nos|notre) (?:fils|fille|enfants?|petits?|b{_E}b{_E}|gosses|loulous?)\b")
CLAUSE_RE = re.compile(rf"(?:{_BUT})?(?:(?!{_BUT})[^.,;:!?])+[.,;:!?]?")   # clauses, cut at punctuation and "mais"
QUESTION_START = re.compile(rf"^\s*(?:est[- ]ce|c'?\s?est quoi|comment|pourquoi|quel(?:le)?s?|combien|o[uù]|qui|quand|y a[- ]t[- ]il|il y a|on peut(?!\s+(?:plus|pas|jamais)\b)|je peux(?!\s+(?:plus|pas|jamais|rien)\b)|peut[- ]on)\b")

NO_CONSTRAINT_RE = re.compile(rf"\b(?:(?:aucune?|pas de|sans|rien comme|zero|z{_E}ro) (?:contraintes?|souci|probl[eè]me particulier|limite)|rien de (?:sp{_E}cial|particulier)|je suis (?:dispo|disponible) (?:tout le temps|quand vous voulez|{_A} 100)|tout me va|pas de souci (?:pour|avec) (?:les horaires|ça))\b")

# what a person likes, in words the vocabulary may miss
INTEREST_PATTERNS: Sequence[Tuple[str, Pattern[str]]] = (
    ("manuel", re.compile(rf"\b(?:(?:de|avec) mes (?:mains|10 doigts|dix doigts)|manuel(?:le)?s?|bricol\w*|fabriqu(?:er|e|es|ais|ait|{_E}e?s?)|concret|du concret|souder|meuler|fa[çc]onner|doigts de f{_E}e|{_A} la main|constru(?:ire|is|isais|it|ite)|cabanes?|retap\w*|maquettes?|lego|pon[çc](?:er|age|e)|ferronnerie|(?:peins|peindre|sculpte|coule) |carrelage|placo|menuiserie|petits? bijoux|pose d'ongles|travailler (?:le bois|la p[aâ]te|le m[eé]tal|la mati[eè]re))\b")),
    ("precision", re.compile(rf"\b(?:pr{_E}cis(?:ion|e)?|minutie(?:ux|use)?|m{_E}ticuleu(?:x|se)|soign{_E}e?|rigoureu(?:x|se)|le d{_E}tail|(?:choses?|trucs?|gestes?|pi[eè]ces?|objets?) (?:fin(?:e|es|s)?|minutieu\w*|d{_E}licat\w*)|au (?:centi[eè]me|dixi[eè]me|micron)|exacte?|au (?:millim[eè]tre|mm|cm|centim[eè]tre|poil|d{_E}tail)(?: pr[eè]s)?|(?:mm|cm|millim[eè]tre|centim[eè]tre|d{_E}tail) pr[eè]s|maniaque|perfectionniste|fignol\w*|(?:bien|parfaitement) fai(?:t|te|ts|tes)|{_A} la loupe|horlog\w*)\b")),
    ("machines", re.compile(rf"\b(?:machines?|m{_E}cani(?:que|cien)|moteurs?|scooters?|mobylettes?|(?:d{_E}|re)mont\w* (?:les|des|un|une) (?:scooters?|moteurs?|v{_E}los?|motos?|voitures?|machines?)|engrenages?|rouages?|m{_E}canismes?|r{_E}gl\w* (?:un|une|les|des|la|le) (?:moteurs?|machines?|presses?|carburateurs?)|cal(?:er|age) (?:une|la|les) presses?|robots?|piloter (?:une|des|la|les) (?:machines?|lignes?|robots?|installations?)|usinage|usiner|d{_E}colletage|tournage|fraisage|presses?)\b")),
    ("electricite", re.compile(rf"\b(?:{_E}lectri(?:cit{_E}|que|cien)|{_E}lectronique|c[aâ]bl(?:er|age)|circuits?|soudure {_E}lectronique|armoires? {_E}lectriques?|capteurs?|leds?|ampoules?|arduino|domotique|courant (?:fort|faible)|fer {_A} souder|tableaux? {_E}lectriques?)\b")),
    ("informatique", re.compile(rf"\b(?:informatique|ordi(?:nateur)?s?|excel|tableurs?|macros?|python|raspberry|serveurs?|(?:monte|monter) (?:les |des |mon |mes )?pc|num{_E}rique|programm(?:er|ation)|coder|code|la tech|jeux vid{_E}o|logiciels?|tableaux de bord|power ?bi|base de donn{_E}es|data)\b")),
    ("depannage", re.compile(rf"\b(?:d{_E}pann(?:er|age)|maintenance|r{_E}par(?:er|ation|e|es|ais|ait|{_E}e?s?)|pannes?|r{_E}soudre (?:des|les) probl[eè]mes|diagnostic|trouv\w* (?:ce qui|d'o[uù]) ?|(?:remettre|remet|relancer) (?:en (?:marche|route|service))|(?:fais|faire|fait) repartir|en rade|(?:trucs?|machines?|appareils?) qui (?:marchent|marche|fonctionnent?) plus|ce qui (?:d{_E}conne|cloche|coince|bloque)|multim[eè]tre|quand (?:un truc|quelque chose|une machine|[çc]a) (?:l[aâ]che|tombe en panne|casse))")),
    ("creatif", re.compile(rf"\b(?:cr{_E}ati(?:f|ve|vit{_E})|dessin(?:er)?|design|cr{_E}er|cr{_E}ation|art(?:istique)?|inventer|imagin\w*|concevoir|mod{_E}lis\w*|figurines?|imprimante 3d|d{_E}co(?:ration)?)\b")),
    ("equipe", re.compile(rf"\b(?:en {_E}quipe|une (?:vraie |bonne )?{_E}quipe|le collectif|coll[eè]gues|(?:travailler|bosser) avec (?:les autres|du monde|des gens|d'autres (?:gens|personnes))|contact humain|le contact)\b")),
    ("autonomie", re.compile(rf"\b(?:autonom(?:e|ie)|(?:tout )?seule?\b(?! avec)|ind{_E}pendan(?:t|te|ce)|(?:qu'on|on) me (?:laisse (?:le |la |les )?(?:r{_E}soudre|g{_E}rer|faire|tranquille|bosser|travailler)|fiche la paix)|dans mon coin|personne (?:pour me surveiller|sur (?:mon|le) dos)|sans (?:{_E}tre sur mon dos|qu'on me tienne la main|chef sur le dos|personne sur (?:mon|le) dos))\b")),
    ("encadrement", re.compile(rf"\b(?:encadr(?:er|{_E}|ais)|manag(?:er|ement|{_E})|diriger|g{_E}rer une {_E}quipe|organiser|l'organisation|responsabilit{_E}s?|chef d'{_E}quipe|transmettre|former (?:les|des) (?:jeunes|nouveaux|apprentis)|tuteur|tutrice|coordonner|plannings?|motiver (?:les|l'|une|mes)|je dis {_A} (?:chaque|chacun)\w*|(?:piloter|g{_E}rer|mener) (?:des|les) projets)\b")),
    ("controle", re.compile(rf"\b(?:contr[oô]l(?:es?|er)|v{_E}rifi(?:er|cations?)|qualit{_E}|mesurer|inspecter|analyses?|v{_E}rifi\w*|autocontr[oô]les?|microm[eè]tre|valider (?:le|les) lots?|tout est carr{_E}|d{_E}busquer|nickel|impeccable|s'assurer|pointilleu(?:x|se)|(?:rep[eè]r\w*|trouv\w*|d{_E}busqu\w*) (?:les|toutes les|des|l') ?(?:erreurs?|d{_E}fauts?)|conformes?)\b")),
    ("physique", re.compile(rf"\b(?:bouger|(?:pas|jamais) (?:rester )?assis(?:e)?|physique|sporti(?:f|ve)|en mouvement|(?:me|se) d{_E}pense[rs]?|boxe|muscu(?:lation)?|costaude?)\b")),
    ("dehors", re.compile(rf"\b(?:dehors|ext{_E}rieur|plein air|grand air|chantiers?|d{_E}placements?)\b")),
    ("sciences", re.compile(rf"\b(?:sciences?|chimie|biologie|svt|dosages?|distillations?|titrages?|paillasse|\btp\b|r{_E}actions? chimiques?|labo(?:ratoire)?|physique[- ]chimie|exp{_E}riences)\b")),
    ("alimentation", re.compile(rf"\b(?:cuisine|cuisiner|alimentation|nourriture|p[aâ]tisserie|boulangerie|agroalimentaire|agro|bouffe|la p[aâ]te|produits (?:frais|alimentaires)|chocolat|plats?|cantine|traiteur|repas)\b")),
    ("conduite", re.compile(rf"\b(?:conduire|conduite d'engins|engins?|transpalettes?|gerbeurs?|dumpers?|tracteurs?|pelleteuses?|man(?:oe|œ)uvr\w*|reculer (?:le|un) (?:porteur|camion)|piloter (?:un|ce|des|le) (?:engin|dumper|camion|chariot|monstre)|chariots?|cariste|logistique|manutention)\b")),
    ("environnement", re.compile(rf"\b(?:l?{_E}cologie|{_E}colo|l?environnement|climat|transition {_E}cologique|recycl(?:age|er|e|ais)|plan[eè]te|d{_E}chets|z{_E}ro d{_E}chet|compost\w*|tri s{_E}lectif|protection de la nature)\b")),
    ("textile", re.compile(rf"\b(?:couture|coudre|couds|cousu|textile|tissus?|mode|cuir|v[eê]tements|fringues|retouches?|peaux|tricot(?:er|age|e)?|confection|ourlets?|fermetures? {_E}clair|robes?|broderie|brode[rs]?|retouch\w*|machine {_A} coudre)\b")),
)
# an interest counts only when liked: "j'aime", "ça me plaît", "passionné", "je préfère", "intéressé par",
# or in answer to the interests question; "je déteste / je n'aime pas" cancels it
LIKE_RE = re.compile(rf"\b(?:(?:reconversion|travailler|bosser|un (?:m{_E}tier|poste|travail|job|boulot)) dans (?:la|le|l'|les)|(?:il|elle|on) (?:aime|adore|kiffe|pr{_E}f[eè]re)|j'?\s?aime|jaime|j'adore|jadore|adore|aime bien|aimerai[st]?|me pla[iî]t|me plairai[st]|pr{_E}f[eè]re|pr{_E}f{_E}rerai[st]?|passionn{_E}e?|int{_E}ress{_E}e?|attir{_E}e?|j?kiff?e?\b(?!\s+(?:pas|plus|trop pas))|fan de|bon(?:ne)? (?:en|pour|avec)|dou{_E}e? (?:en|pour|avec)|je veux (?:travailler|bosser|faire)|plut[oô]t|envie de|ce qui me (?:pla[iî]t|branche|motive)|branch(?:e|é)|[çc]a me va|(?:je |j'?\s?)suis (?:tr[eè]s |plut[oô]t )?(?:manuel|minutieu|cr{_E}ati|sporti|rigoureu|autonome|organis{_E})|j'?\s?ai (?:encadr{_E}|dirig{_E}|g{_E}r{_E}|manag{_E}|form{_E})|"
                     # past likings, wishes and practice said without "j'aime": "j'adorais la chimie", "ça me
                     # tente", "c'est mon domaine", "je voudrais passer côté dépannage", "je couds beaucoup"
                     rf"j'?\s?(?:adorais|aimais|ai ador{_E})|pr{_E}f{_E}rais|fascin\w*|{_A} l'aise (?:sur|avec|en|dans)|ce que je sais (?:faire|bien faire)|je sais (?:faire|g{_E}rer)|mon point fort|(?:me )?f(?:ont|ait) pas peur|j'?\s?ai toujours \w+|me pla(?:isait|[iî]rait)|me (?:parle|tente|tenterait|dit bien|botte|motive|passionne)|"
                     rf"m'int{_E}resse(?:rait)?|mon (?:domaine|truc|dada)|ma passion|dans le sang|mieux c'est|"
                     rf"(?:je |j'?\s?)(?:voudrais|aimerais|souhaite|veux) (?:passer|travailler|bosser|faire|être|aller|un (?:poste|m{_E}tier|travail|job|boulot|truc|taf))|"
                     rf"je (?:cherche|recherche) (?:un|une) (?:poste|m{_E}tier|travail|job|boulot|emploi|truc|taf)|pr[eê]te? {_A} apprendre|"
                     rf"toujours (?:les|le|la|l')|j'?\s?ai (?:toujours )?(?:fait|travaill{_E}|bosse) (?:dans|sur|avec)|"
                     rf"je (?:fais|pratique|faisais) (?:de la|du|des|beaucoup|les|tout)|je (?:couds|bricole|dessine|cuisine|r{_E}pare|tricote|bidouille|mod{_E}lise|peins|coule|sculpte|code|programme|monte|soude|construis|fabrique|g[eè]re|v{_E}rifi\w*|dis {_A})\b|"
                     # what the person does or did with their hands, as a habit: "je retape mon voilier", "je
                     # conduisais le tracteur", "on monte des kits", "j'ai fabriqué une rampe", "je connais la pâte"
                     rf"(?:je|j'|on) (?:me |m')?(?:montais|remonte|retap\w*|d{_E}mont\w*|conduis(?:ais)?|ramasse|recycle|cousais|dessinais|codais|bricolais|r{_E}parais|fabriquais|construisais|occupe (?:du|de la|des|de l')|customise|ponce|assemble|r{_E}gle|c[aâ]ble|installe|monte|r{_E}pare|fabrique|construit|bricole)\b|"
                     rf"(?:j'?\s?ai|on a) (?:\w+ )?(?:fabriqu|construit|mont|r{_E}par|refait|retap|soud|cousu|dessin|cod|install|c[aâ]bl|assembl|bricol)\w*|"
                     rf"c'?\s?est (?:toute )?ma vie|{_A} fond dans|je vis pour|je connais (?:bien |par c(?:oe|œ)ur )?(?:la|le|les|l')|ce que je (?:veux|voudrais) garder|"
                     # time given to it, or the best of a past job: "je passe mes aprem à démonter des scoots",
                     # "mon délire c'est l'aérographe", "le meilleur moment c'était le gerbeur", "jamais aussi bien que sur l'eau"
                     rf"(?:je |j')?pass(?:e|ais) (?:mes|tout mon|tous mes|toutes mes|des|mon) (?:aprem\w*|apr[eè]s[- ]midi|journ{_E}es|soir{_E}es|soirs|week[- ]?ends?|samedis|dimanches|vacances|temps libre|nuits|heures)|"
                     rf"mon d{_E}lire|(?:le )?meilleur moment|j'?\s?ai l'habitude (?:de|des|d')|habitu{_E}e? {_A}|jamais (?:aussi|plus) (?:bien|heureu\w*) que|ma bible|ce qui me fait (?:vibrer|kiffer)|"
                     rf"mon kif+|j'?\s?aime quand|ce que j'?\s?aimais|[çc]a me conna[iî]t|me manque|m'a (?:toujours )?manqu{_E}|je suis bien quand|c'est moi qu(?:i|')|chez moi j'?\s?ai|je voudrais (?:changer|avoir|{_E}tre))")
# words that name no liking where they stand: "un transpalette électrique" is driving, not electricity;
# "depuis le collège" and "un job de fille" say nothing of what the person likes
NOT_INTEREST_RE = re.compile(rf"\b(?:(?<=transpalette )|(?<=transpalettes )|(?<=gerbeur )|(?<=chariot ))(?:{_E}lectriques?)\b")
DISLIKE_RE = re.compile(rf"\b(?:d{_E}teste|n'?aime (?:pas|plus|vraiment pas)|aime pas|kiff?e? pas|horreur|pas (?:trop )?(?:fan|mon truc)|supporte pas|{_E}viter)\b")

DIPLOMA_RE = re.compile(rf"\b(?:j'?\s?ai(?: eu| juste| seulement| que| obtenu| d{_E}croch{_E})?|jai|g|avec|titulaire d'?(?:un|une)?|dipl[oô]m{_E}e? d'?(?:un|une)?|j'ai obtenu|j'ai eu|j'?\s?ai fait|jai fait|g fait|niveau)\s+(?:un |une |le |la |mon |ma |l')?(cap|bep|bac ?pro|bac techno|bac g{_E}n{_E}ral|bac|bts|but|dut|licence(?: pro)?|master|brevet|titre pro(?:fessionnel)?|bac ?\+ ?[2-5]|dipl[oô]me d'ing{_E}nieur)\b")
# a diploma held, said without a verb: "CAP en poche", "bac pro obtenu en 2019", or as a short item of a list
# of facts ("55 ans, Bordeaux, master de finance"); not "un CAP cuisine m'intéresse" (a wish)
_DIPLOMA_NAMES = rf"(cap|bep|bac ?pro|bac techno|bac g{_E}n{_E}ral|bts|but|dut|licence(?: pro)?|master|titre pro(?:fessionnel)?)"
HELD_DIPLOMA_RE = re.compile(rf"\b{_DIPLOMA_NAMES}(?: [\w'-]+){{0,3}} (?:en poche|obtenu|valid{_E}|r{_E}ussi|d{_E}croch{_E})\b|"
                             rf"(?:^|[,;:]\s*){_DIPLOMA_NAMES}(?: (?:de|en|d'|des)\s?[\w'-]+| [\w-]+)?\s*(?=[,;.!]|$)")
# an engineer by title holds an engineer's degree ("je suis ingénieure informatique", "ingénieur de
# formation"; live turn, 2026-12-04: an engineer got a warehouse job first)
ENGINEER_RE = re.compile(rf"\b(?:je suis|jsuis|suis|chui|ancien(?:ne)?|ex-?|en tant qu'|comme)\s*(ing{_E}nieure?)\b(?! (?:commercial|d'affaires))|"
                         rf"\b(ing{_E}nieure?) (?:de formation|dipl[oô]m{_E}e?)\b")
DIPLOMA_IDS = {"cap": "cap", "bep": "cap", "titre pro": "cap", "titre professionnel": "cap", "brevet": "sans_diplome",
               "bac": "bac_pro", "bacpro": "bac_pro", "bac pro": "bac_pro", "bac techno": "bac_pro",
               "bac general": "bac_pro", "bts": "bts_but", "but": "bts_but", "dut": "bts_but", "bac 2": "bts_but",
               "bac 3": "licence", "licence": "licence", "licence pro": "licence", "master": "ingenieur",
               "bac 5": "ingenieur", "bac 4": "licence", "diplome d ingenieur": "ingenieur"}

FEMALE_RE = re.compile(rf"\b(?:je suis une (?:femme|fille|maman|m[eè]re|dame|jeune femme|meuf|nana)|(?:jsuis|chui|jsui|suis) une (?:femme|fille|meuf|nana|maman|m[eè]re)|en tant que (?:femme|fille|maman|m[eè]re)|une femme comme moi|(?:je suis|jsuis|chui) (?:inscrite|licenci{_E}e|salari{_E}e|dipl[oô]m{_E}e|int{_E}ress{_E}e|motiv{_E}e|seule|divorc{_E}e|mari{_E}e|demandeuse|ch[oô]meuse|ouvri[eè]re|caissi[eè]re|vendeuse|serveuse|aide[- ]soignante|infirmi[eè]re|secr[eé]taire|assistante|lyc{_E}enne|{_E}tudiante|apprentie|alternante|coll{_E}gienne|maman|m[eè]re))\b")
MALE_RE = re.compile(rf"\b(?:je suis un (?:homme|mec|gar[cç]on|papa|p[eè]re|monsieur)|en tant qu'homme|(?:je suis|jsuis|chui) (?:inscrit|licenci{_E}|salari{_E}|int{_E}ress{_E}|motiv{_E}|demandeur|ch[oô]meur|ouvrier|vendeur|serveur|lyc{_E}en|{_E}tudiant|apprenti|alternant|coll{_E}gien|papa|p[eè]re))\b")

LIST_REFERENCE_RE = re.compile(r"^\s*(?:et\s+)?(?:le|la|du|au|sur le|sur la|plut[oô]t le|plut[oô]t la)\s+[1-9]\s*[?!.]*\s*$", re.I)
RANG_PATTERNS: Sequence[Tuple[str, Pattern[str]]] = (
    ("1", re.compile(rf"\b(?:le |la |du |au |sur le |sur la )?(?:premi[eè]re?|1er|1ere|1re|n°? ?1|num{_E}ro (?:1|un))\b|\ble 1\b")),
    ("2", re.compile(rf"\b(?:le |la |du |au |sur le |sur la )?(?:deuxi[eè]me|second(?:e)?|2e|2eme|2ème|n°? ?2|num{_E}ro (?:2|deux))\b|\ble 2\b|\b(?:celui|celle) du milieu\b")),
    ("3", re.compile(rf"\b(?:le |la |du |au |sur le |sur la )?(?:troisi[eè]me|3e|3eme|3ème|n°? ?3|num{_E}ro (?:3|trois))\b|\ble 3\b")),
    ("dernier", re.compile(r"\b(?:le |la |du )?derni[eè]re?\b")),
    ("ce", re.compile(rf"\b(?:celui[- ]?(?:l[aà]|ci)|celle[- ]?(?:l[aà]|ci)|ce m{_E}tier|ce dispositif|ce truc|ce programme|cette formation|cette immersion|ce poste|ce boulot|ce job)\b")),
)
# in "en première bac pro" or "la première fois", "première" is not a reference to a list
RANG_NOT = re.compile(rf"\b(?:en|ma|mon) (?:premi[eè]re|1[eè]?re|seconde|terminale)\b|premi[eè]re fois|premier (?:emploi|boulot|job|travail)|derni[eè]re ann{_E}e|dernier (?:emploi|poste|boulot|job|contrat)")

ASPECT_PATTERNS: Sequence[Tuple[str, Pattern[str]]] = (
    ("salaire", re.compile(rf"\b(?:pay{_E}e?s?|payant|gratuit|co[uû]te|paie|paye|salaires?|gagne[rs]?|r{_E}mun{_E}r(?:{_E}e?|ation)|combien (?:on|je) (?:touche|gagne)|thunes?|fric|argent|sous|smic|brut|net|indemnis{_E}e?|allocation)\b")),
    ("duree", re.compile(rf"\b(?:dure|durer|dur{_E}e|combien de temps|long(?:temps)?|nombre d'heures|combien d'heures|semaines?|jours?)\b")),
    ("demarrer", re.compile(rf"\b(?:trouver (?:un|une|mon|ma) (?:patron|employeur|entreprise|cfa|maître d'apprentissage)|commencer|d{_E}marrer|(?:m'|s')?inscrire|inscription|d{_E}marches?|postuler|candidater|candidature|par o[uù]|je fais comment|comment (?:je fais|on fait|faire|ça marche|ca marche|proc{_E}der)|la suite|{_E}tapes?|qui (?:contacter|appeler)|o[uù] (?:aller|m'adresser|demander)|(?:faut|je dois|on doit) aller o[uù]|aller o[uù] pour|se lancer|me lancer)\b")),
    ("conditions", re.compile(rf"\b(?:horaires?|en journ{_E}e|de jour|conditions|p{_E}nible|fatigant|dur physiquement|physiquement|physique|dangereu(?:x|se)|bruit|bruyant|chaud|chaleur|froid|debout|3x8|2x8|nuit|week[- ]?end)\b")),
    ("formation", re.compile(rf"\b(?:formation|former|se former|me former|dipl[oô]mes? (?:pour|qu'il faut|n{_E}cessaire)|quel(?:le)? (?:dipl[oô]me|niveau)|faut (?:un |le |quel )?(?:dipl[oô]me|bac|cap)|{_E}tudes|apprendre|cap|bac pro|bts)\b")),
    ("femme", re.compile(rf"\b(?:pour (?:une|les) (?:femmes?|filles?|nanas?)|(?:une|les|des) (?:femmes?|filles?|nanas?) (?:peu(?:t|vent)|c'est|y|qui)|m{_E}tier d'homme|en tant que femme)\b")),
)

MONTHS_RE = re.compile(rf"\b(janvier|f{_E}vrier|fevrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d{_E}cembre|decembre|cette semaine|semaine prochaine|ce mois[- ]ci|mois prochain)\b")


# vocabulary values too vague to be named in a sentence, and forms people type that the vocabulary lacks
# only the organisations a person is oriented to are named as such (Transitions Pro, the GEIQ, a CFA…
# are answered as schemes or frequent questions)
SKIP_FORMS = {"organismes": ("employeur", "opco", "cfa", "geiq", "etablissement_scolaire", "transitions_pro", "fnep")}
EXTRA_FORMS = {"organismes": (("pole emploi", "france_travail"), ("pôle emploi", "france_travail"),
                              ("mission locale", "mission_locale"), ("missions locales", "mission_locale"),
                              ("cap emploi", "cap_emploi"), ("france travail", "france_travail"))}


@dataclass(frozen=True)
class Found:
    entity: str
    value: str
    start: int
    end: int
    role: Optional[str] = None

    def as_rasa(self, text: str) -> Entity:
        out: Entity = {"entity": self.entity, "value": self.value, "start": self.start, "end": self.end,
                       "confidence_entity": 1.0, "extractor": "ProfileExtractor"}
        if self.role:
            out["role"] = self.role
        return out


def _lower(text: str) -> str:
    """Lower-case with the same length as the input (offsets stay valid); typographic apostrophes folded."""
    return unicodedata.normalize("NFC", text).replace("’", "'").replace("`", "'").lower()


# SMS spellings and contractions read as the words they stand for, before any pattern ("g pa d voiture",
# "jpeux pas le wk", "chui dispo qd tu veux"); each pattern then needs only the written form
SMS_WORDS: Dict[str, str] = {
    "pa": "pas", "d": "de", "g": "j'ai", "jai": "j'ai", "c": "c'est", "qd": "quand", "kan": "quand",
    "tt": "tout", "tte": "toute", "ts": "tous", "bcp": "beaucoup", "wk": "week-end", "wknd": "week-end",
    "wkd": "week-end", "ds": "dans", "pr": "pour", "tjrs": "toujours", "tjs": "toujours", "jms": "jamais",
    "jamai": "jamais", "jamé": "jamais", "ya": "il y a", "jsuis": "je suis", "jsui": "je suis", "chui": "je suis",
    "chuis": "je suis", "jpeux": "je peux", "jpx": "je peux", "jveux": "je veux", "jvx": "je veux",
    "jvoudrais": "je voudrais", "jvoudré": "je voudrais", "jpourrais": "je pourrais", "jsais": "je sais",
    "jfais": "je fais", "jbosse": "je bosse", "jtravaille": "je travaille", "jcherche": "je cherche",
    "jhabite": "j'habite", "jaime": "j'aime", "jadore": "j'adore", "jdois": "je dois", "jprends": "je prends",
    "jprefere": "je préfère", "jpréfère": "je préfère", "jkiffe": "je kiffe", "jsors": "je sors",
    "jreprends": "je reprends", "jme": "je me", "jle": "je le", "jla": "je la", "jles": "je les",
    "mtn": "maintenant", "dc": "donc", "ke": "que", "ki": "qui", "koi": "quoi", "nn": "non",
    "ptit": "petit", "ptite": "petite", "ptits": "petits", "ptites": "petites", "tps": "temps",
}
SMS_PHRASES: Dict[str, str] = {"je peu": "je peux", "jpeu": "je peux", "on peu": "on peut", "tu peu": "tu peux",
                               "full time": "temps plein", "full-time": "temps plein", "part time": "temps partiel",
                               "part-time": "temps partiel"}
_SMS_RE = re.compile(r"(?<![\w'])(?:" + "|".join(sorted(map(re.escape, {**SMS_PHRASES, **SMS_WORDS}), key=len, reverse=True))
                     + r")(?![\w'])")


def _sms_expand(low: str) -> Tuple[str, List[int]]:
    """The lowered text with SMS words written out, and for each character of it (plus one past the end)
    its offset in `low`, so that spans found in the expansion point at the person's own words."""
    if not _SMS_RE.search(low):
        return low, list(range(len(low) + 1))
    out: List[str] = []
    back: List[int] = []
    last = 0
    for m in _SMS_RE.finditer(low):
        out.append(low[last:m.start()])
        back.extend(range(last, m.start()))
        word = m.group()
        repl = SMS_PHRASES.get(word) or SMS_WORDS[word]
        out.append(repl)
        back.extend(m.start() + min(i, len(word) - 1) for i in range(len(repl)))
        last = m.end()
    out.append(low[last:])
    back.extend(range(last, len(low) + 1))
    return "".join(out), back


def sms_expand(text: str) -> str:
    """The message lowered, SMS spellings written out ("g pa d permis" -> "j'ai pas de permis")."""
    return _sms_expand(_lower(text))[0]


def _span_of_form(low: str, form: str) -> Optional[Tuple[int, int]]:
    """Where a normalised vocabulary form occurs as whole words in the raw text (accent-insensitive)."""
    words = form.split()
    if not words:
        return None
    pattern = r"[\s'\-]+".join(_accent_insensitive(w) for w in words)
    m = re.search(rf"(?<![\w]){pattern}(?![\w])", low)
    return (m.start(), m.end()) if m else None


_ACCENTS = {"a": "aàâä", "e": "eéèêë", "i": "iîï", "o": "oôö", "u": "uùûü", "c": "cç", "y": "yÿ"}


def _accent_insensitive(word: str) -> str:
    return "".join(f"[{_ACCENTS[ch]}]" if ch in _ACCENTS else re.escape(ch) for ch in word)


# a subject set aside right before its name: "pas de la POEI", "pas du CAP", "non, pas l'apprentissage"
NOT_THIS_RE = re.compile(r"\b(?:pas|plus|non|ni)\s+(?:de la |du |de l'|des |de |le |la |l'|les |un |une )?$")


class Extractor:
    """Built once per knowledge base; `extract` is pure and fast (regexes + the KB's indexes)."""

    def __init__(self, kb: "KnowledgeBase") -> None:
        self.kb = kb
        # vocabulary forms people type, longest first; forms of 3 letters or fewer are too ambiguous
        self._vocab_forms: Dict[str, List[Tuple[str, str]]] = {}
        for vocab in ("situations", "interets", "contraintes", "filieres", "organismes"):
            forms = [(f, v) for f, v in kb.vocab_index[vocab].forms() if len(f) > 3 and v not in SKIP_FORMS.get(vocab, ())]
            forms += [(normalize(f), v) for f, v in EXTRA_FORMS.get(vocab, ())]
            self._vocab_forms[vocab] = sorted(forms, key=lambda fv: -len(fv[0]))
        self._subject_forms = {
            entity: sorted(((f, t) for f, t in index.forms() if len(f) > 2), key=lambda ft: -len(ft[0]))
            for entity, index in (("metier", kb.metier_index), ("dispositif", kb.dispositif_index))}

    # -- public ---------------------------------------------------------------------------------
    def extract(self, text: Optional[str], asked: Optional[str] = None) -> List[Found]:
        """Entities of one message. `asked` (the profile question just asked, if any) only helps with
        bare answers ("43", "non") when the caller knows it; the NLU component calls it without."""
        if not text or not text.strip():
            return []
        text = text[:2000]
        low = _lower(text)
        found: List[Found] = []
        found += self._age(low, asked)
        found += self._place(text)
        sms, back = _sms_expand(low)
        read = self._situation(sms) + self._constraints(sms) + self._interests(sms, asked) + self._diploma(sms)
        found += [replace(f, start=back[f.start], end=back[max(f.start, f.end - 1)] + 1) for f in read]
        found += self._genre(low)
        found += self._subjects(low)
        found += self._vocab(low, "filiere", "filieres")
        found += self._vocab(low, "organisme", "organismes")
        found += self._simple(low, "rang", RANG_PATTERNS, exclude=RANG_NOT)
        aspects = self._simple(low, "aspect", ASPECT_PATTERNS)
        if "?" not in low and not QUESTION_START.search(low) and not QUESTION_ANY.search(low):
            # "je ne peux plus rester debout longtemps", "je bosse trois jours par semaine" say no aspect asked
            # about (live turn, 2026-12-04: the first got the duration of the last scheme shown)
            aspects = [f for f in aspects if not (f.value == "duree" and re.fullmatch(r"long(?:temps)?|semaines?|jours?", low[f.start:f.end]))]
        found += aspects
        m = MONTHS_RE.search(low)
        if m:
            found.append(Found("mois", m.group(1), m.start(1), m.end(1)))
        return found

    # -- parts ----------------------------------------------------------------------------------
    def _age(self, low: str, asked: Optional[str]) -> List[Found]:
        proche = PROCHE_AGE_RE.search(low)
        if proche:
            return [Found("age", proche.group(1), proche.start(1), proche.end(1), role="proche")]
        for pattern in AGE_PATTERNS:
            m = pattern.search(low)
            if m:
                # "depuis 15 ans", "il y a 10 ans", "15 ans d'expérience" are durations, not ages
                before = low[max(0, m.start(1) - 12):m.start(1)]
                if re.search(r"(?:depuis|il y a|pendant|fait|bout de|plus de|moins de|dans|boss[ée]|travaill[ée]|pass[ée]|durant|en|(?:j'?\s?ai|jai|g) plus)\s*$", before):
                    continue
                # "j'ai lâché l'école à 16 ans": the age of a past event, not the person's
                if re.search(r"(?:[ée]cole|lyc[ée]e|cours|[ée]tudes|coll[eè]ge|bac|cap|brevet|permis|fac)\s+(?:[àa]|vers|a l'[âa]ge de|à l'[âa]ge de)\s*$", before):
                    continue
                # "j'ai 30 ans de couture", "20 ans dans le bâtiment": experience, not an age
                if re.match(r"\s*(?:ans?|piges?)?\s*(?:d'|de |dans |chez |en tant|comme |au (?!fait|passage|total)|à l'|a l'|à la |a la )", low[m.end(1):m.end(1) + 16]):
                    continue
                return [Found("age", m.group(1), m.start(1), m.end(1))]
        if asked == "age":
            m = BARE_NUMBER.match(low)
            if m:
                return [Found("age", m.group(1), m.start(1), m.end(1))]
        return []

    def _place(self, text: str) -> List[Found]:
        if LIST_REFERENCE_RE.match(text):
            return []   # "le 2" after a list is the second item, not the Aisne
        mention = self.kb.places.find_mention(text)
        if mention is None:
            return []
        role = "correction" if mention.correction else ("domicile" if (mention.home or mention.whole) else None)
        return [Found("lieu", mention.place.name, mention.start, mention.end, role=role)]

    def _situation(self, low: str) -> List[Found]:
        out: List[Found] = []
        for sid, pattern in SITUATION_PATTERNS:
            m = next((m for m in pattern.finditer(low) if not NEGATED_BEFORE.search(low[max(0, m.start() - 12):m.start()])), None)
            if m:
                out.append(Found("situation", sid, m.start(), m.end()))
                break
        if not out:
            for form, sid in self._vocab_forms["situations"]:
                span = _span_of_form(low, form)
                # scheme words ("alternance", "apprentissage") are a situation only when said of oneself
                if span and (PAST_AFTER.match(low[span[1]:]) or PAST_BEFORE.search(low[:span[0]])
                             or re.match(r"\s+(?:ann[ée]e|partie|fois|main|ligne|cat[ée]gorie)\b", low[span[1]:])):
                    continue   # "au lycée j'adorais la bio" is a memory, not a situation
                if span and (sid != "apprenti" or re.search(r"\b(?:je suis|jsuis|suis|chui)\s+(?:en\s+)?$", low[:span[0]])):
                    if sid == "demandeur_emploi" and re.search(r"france travail|p[oô]le emploi", form) and \
                            not re.search(r"inscrit", low):
                        continue   # naming France Travail is not saying one is unemployed
                    out.append(Found("situation", sid, *span))
                    break
        m = next((m for m in PROCHE_RE.finditer(low) if not PROCHE_AS_CONTEXT.search(low[:m.start()])), None)
        if m:
            out.append(Found("proche", "enfant", m.start(), m.end()))
        return out

    def _constraints(self, low: str) -> List[Found]:
        out: List[Found] = []
        seen = set()
        for cid, pattern in (*CONSTRAINT_PATTERNS, *CONSTRAINT_HINTS):
            m = next((m for m in pattern.finditer(low) if not _accepted(low, m.start(), cid)
                      and not _asked_about(low, m.start())), None)
            if m and cid not in seen:
                seen.add(cid)
                out.append(Found("contrainte", cid, m.start(), m.end()))
        for form, cid in self._vocab_forms["contraintes"]:
            if cid in seen:
                continue
            span = _span_of_form(low, form)
            if span and not _accepted(low, span[0], cid) and not _asked_about(low, span[0]):
                seen.add(cid)
                out.append(Found("contrainte", cid, *span))
        for cid, start, end in _limited_topics(low):
            if cid not in seen:
                seen.add(cid)
                out.append(Found("contrainte", cid, start, end))
        if not out:
            m = NO_CONSTRAINT_RE.search(low)
            if m:
                out.append(Found("contrainte", "aucune", m.start(), m.end()))
        return out

    def _interests(self, low: str, asked: Optional[str]) -> List[Found]:
        liking = LIKE_RE.search(low) is not None or asked == "interets"
        if not liking:
            return []
        low = NOT_INTEREST_RE.sub(lambda m: " " * len(m.group()), low)   # same length: offsets stay valid
        out: List[Found] = []
        seen = set()
        dislike = DISLIKE_RE.search(low)
        for iid, pattern in INTEREST_PATTERNS:
            for m in pattern.finditer(low):
                if dislike and dislike.start() < m.start() and not LIKE_RE.search(low[dislike.end():m.start()]) \
                        and not re.match(r"(?:pas|jamais)\b", m.group()):
                    continue   # "je n'aime pas les machines" (but "j'aime pas rester assise" says: physique)
                if LESS_RE.search(low[max(0, m.start() - 20):m.start()]):
                    continue   # "un métier moins physique", "pas trop physique"
                if iid not in seen:
                    seen.add(iid)
                    out.append(Found("interet", iid, m.start(), m.end()))
                break
        for form, iid in self._vocab_forms["interets"]:
            if iid in seen:
                continue
            span = _span_of_form(low, form)
            if span and not (dislike and dislike.start() < span[0]) and not LESS_RE.search(low[max(0, span[0] - 20):span[0]]):
                seen.add(iid)
                out.append(Found("interet", iid, *span))
        return out

    def _diploma(self, low: str) -> List[Found]:
        m = DIPLOMA_RE.search(low) or HELD_DIPLOMA_RE.search(low)
        if not m:
            engineer = ENGINEER_RE.search(low)
            return [Found("diplome", "ingenieur", engineer.start(1), engineer.end(1))] if engineer else []
        g = next(i for i in range(1, (m.lastindex or 1) + 1) if m.group(i))
        key = normalize(m.group(g))
        level = DIPLOMA_IDS.get(key) or DIPLOMA_IDS.get(key.replace(" ", ""))
        return [Found("diplome", level, m.start(g), m.end(g))] if level else []

    def _genre(self, low: str) -> List[Found]:
        m = FEMALE_RE.search(low)
        if m:
            return [Found("genre", "femme", m.start(), m.end())]
        m = MALE_RE.search(low)
        if m:
            return [Found("genre", "homme", m.start(), m.end())]
        return []

    def _subjects(self, low: str) -> List[Found]:
        out: List[Found] = []
        haystack = f" {normalize(low)} "
        for entity, forms in self._subject_forms.items():
            taken: List[Tuple[int, int]] = []
            seen = set()
            for form, target in forms:
                if target in seen or f" {form} " not in haystack:
                    continue
                span = _span_of_form(low, form)
                if span is None or any(s < span[1] and span[0] < e for s, e in taken):
                    continue   # a shorter form inside a longer one already found
                if form == "pro a" and re.search(r"bac\s*$", low[:span[0]]):
                    continue   # "bac pro à Thiers" is not Pro-A
                taken.append(span)
                seen.add(target)
                out.append(Found(entity, target, *span))
        # "je parlais du PTP, pas de la POEI": the subject set aside gives way to the one meant
        kept = [f for f in out if not NOT_THIS_RE.search(low[max(0, f.start - 14):f.start])]
        return kept if any(f.entity == e.entity for f in kept for e in out if e not in kept) else out

    def _vocab(self, low: str, entity: str, vocab: str) -> List[Found]:
        for form, vid in self._vocab_forms.get(vocab, ()):
            span = _span_of_form(low, form)
            if span:
                return [Found(entity, vid, *span)]
        return []

    def _simple(self, low: str, entity: str, patterns: Iterable[Tuple[str, Pattern[str]]],
                exclude: Optional[Pattern[str]] = None) -> List[Found]:
        cleaned = exclude.sub(lambda m: " " * len(m.group()), low) if exclude else low
        for value, pattern in patterns:
            m = pattern.search(cleaned)
            if m:
                return [Found(entity, value, m.start(), m.end())]
        return []


def _clause_at(low: str, at: int) -> Tuple[List[Match[str]], Optional[int]]:
    """The clauses of the message and the index of the one around position `at` (None if none is)."""
    clauses = list(CLAUSE_RE.finditer(low))
    return clauses, next((k for k, c in enumerate(clauses) if c.start() <= at < c.end()), None)


def _is_question(clause: str) -> bool:
    return bool(clause.rstrip().endswith("?") or QUESTION_START.match(clause) or QUESTION_ANY.search(clause))


def _accepted(low: str, at: int, cid: str = "") -> bool:
    """Whether the clause around position `at` does not make what it names a constraint of the person's:
    it accepts it ("les nuits ne me font pas peur"), says it of someone else ("leur mère n'a pas le
    permis", "ma collègue voulait pas de nuit"), or names childcare as a job ("auxiliaire en crèche")."""
    clauses, k = _clause_at(low, at)
    if k is None:
        return False
    clause = clauses[k]
    text = clause.group()
    if ACCEPT_RE.search(text) and not re.search(r"\b(?:tant que|du moment que|si (?:je|on))\b", text):
        return True
    after = clauses[k + 1].group() if k + 1 < len(clauses) else ""
    if _says_of_it(after) and ACCEPT_RE.search(after):
        return True   # "mes enfants, ça me pose pas de souci"
    if THIRD_RE.search(low[clause.start():at]):
        return True
    return cid == "garde_enfants" and bool(CARE_JOB_RE.search(text)) and not KEEPS_MY_CHILD_RE.search(text)


# in a question, what turns a condition into the person's limit ("je peux éviter les nuits ?", "des postes
# sans nuit ?"); without it the question is about the condition itself ("le travail de nuit c payé plus ?")
QUESTION_LIMIT_RE = re.compile(rf"\b(?:pas|sans|jamais|aucune?|{_E}vit\w*|refus\w*|impossible|peux plus|(?:ne|n') ?\w+ (?:pas|plus)|interdit|dispens\w*|exempt\w*|que de (?:jour|matin)|(?:postes?|emplois?|boulots?|jobs?|m{_E}tiers?) (?:{_A}|en) (?:temps partiel|mi[- ]temps|(?:1\d|2\d|3[0-2]) ?h(?:eures?)?))\b")


def _asked_about(low: str, at: int) -> bool:
    """Whether the clause around position `at` asks about a condition without saying it is a limit of the
    person's: "le travail de nuit c payé plus ?", "c'est quoi les 3x8 ?" are questions, not constraints."""
    clauses, k = _clause_at(low, at)
    if k is None:
        return False
    text = clauses[k].group()
    return _is_question(text) and not QUESTION_LIMIT_RE.search(text) and not re.search(r"\b(?:je|j'|moi|mon|ma|mes)\b", text)


# a short clause that says something of the one before: "les nuits, c'est non", "mes enfants, ça va"
_SAYS_OF_IT = re.compile(r"\s*(?:c'?\s?est|c |[çc]a|et [çc]a|tout [çc]a|(?:mais |et )?(?:ils|elles) sont|je n'?y arrive|j'?\s?y arrive|je (?:ne )?peux|j'?\s?peux|tr[eè]s peu pour moi|non merci|hors de question|pas question|jamais de la vie|surtout pas|impossible)\b")


def _says_of_it(clause: str) -> bool:
    return bool(_SAYS_OF_IT.match(clause)) and len(clause.split()) <= 8


def _summary_after(clauses, k: int) -> str:
    """A later clause of the same sentence that sums up a list: "les fûts, les sacs, tout ça c'est fini"."""
    for clause in clauses[k + 1:k + 6]:
        if re.match(r"\s*tout [çc]a\b", clause.group()):
            return clause.group()
        if clause.group().rstrip()[-1:] in ".!?":
            return ""
    return ""


def _limited_topics(low: str) -> List[Tuple[str, int, int]]:
    """(constraint id, start, end) for each clause that names a constraint's topic and limits it."""
    out: List[Tuple[str, int, int]] = []
    clauses = list(CLAUSE_RE.finditer(low))
    for k, clause in enumerate(clauses):
        text = clause.group()
        after = _summary_after(clauses, k) or (clauses[k + 1].group() if k + 1 < len(clauses) else "")
        if _is_question(text) or ACCEPT_RE.search(text):
            continue
        health = HEALTH_RE.search(text)
        if health:
            out.append(("handicap", clause.start() + health.start(), clause.start() + health.end()))
        limited = _limit_in(text) or (
            _says_of_it(after) and _limit_in(after) and not ACCEPT_RE.search(after))
        if not limited:
            continue
        text = IDIOM_RE.sub(lambda m: " " * len(m.group()), text)
        for cid, pattern in CONSTRAINT_TOPICS:
            m = pattern.search(text)
            if m and not _accepted(low, clause.start() + m.start(), cid):
                out.append((cid, clause.start() + m.start(), clause.start() + m.end()))
    return out


# "autant le code que les circuits", "plus la mécanique que l'électricité": a comparison, not "only"
COMPARISON_RE = re.compile(r"\b(?:autant|aussi|plus|moins|tant|plut[oô]t|m[eê]me|ainsi)\b[^.!?]{0,40}\bque\s+(?:le|la|les|en)\b")


def _limit_in(text: str) -> bool:
    """A word that limits what the clause names, a comparison's "que les" aside."""
    for m in LIMIT_RE.finditer(text):
        if m.group().startswith("que ") and COMPARISON_RE.search(text):
            continue
        return True
    return False


_EXTRACTOR: Optional[Extractor] = None


def get_extractor(kb: Optional["KnowledgeBase"] = None) -> Extractor:
    """The extractor of the shared knowledge base (built on first use)."""
    global _EXTRACTOR
    if kb is not None:
        return Extractor(kb)
    if _EXTRACTOR is None:
        from . import get_knowledge
        _EXTRACTOR = Extractor(get_knowledge())
    return _EXTRACTOR
