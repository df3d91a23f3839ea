"""French places resolver: communes, postcodes, départements, régions (pure Python, stdlib only).

Reads the generated tables of ``knowledge/lieux/`` (see ``scripts/build_places.py``) and answers:

* ``PlaceIndex.resolve(text)``: one place mention ("Thiers", "63300", "le 63", "Puy-de-Dôme",
  "st etienne", "Lyon 3e", "Bretagne"...) -> ``Place`` or ``None``;
* ``PlaceIndex.find_in_text(text)``: the best place mentioned in a free sentence ("j'habite à
  montceau les mines depuis 3 ans", "je suis dans le 93", "non pas Lyon, Mulhouse").

Matching is case- and accent-insensitive, folds hyphens/apostrophes/spaces, reads "st"/"ste" as
"saint"/"sainte", accepts names with or without their leading article ("Le Creusot" / "creusot"),
tolerates one typo in names of 6 letters or more when only one name is that close, and resolves
homonyms by the largest population. In sentences, a commune whose name is a common French word
("Sens", "Bar", "Job", "Eu", "Orange"...) only counts when introduced ("à Sens", "sur Bar",
"près de Sens", "de Sens", "j'habite Sens") or when it is the whole message.
"""
from __future__ import annotations

import gc
import importlib.util
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

__all__ = ["Place", "PlaceIndex", "PlaceMention", "distance_km", "normalize_place"]


@dataclass(frozen=True)
class Place:
    kind: str                   # "commune" | "departement" | "region"
    name: str
    code: str                   # INSEE commune code, département code or région code
    departement: str            # département code ("" for a région)
    departement_name: str
    region: str                 # région code
    lat: float
    lon: float
    postcode: Optional[str] = None
    approximate: bool = False   # coordinates are a chef-lieu's, not the place's own
    region_name: str = ""
    population: int = 0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


# ------------------------------------------------------------------------------------------------
# normalisation
# ------------------------------------------------------------------------------------------------
_LIGATURES = (("œ", "oe"), ("æ", "ae"), ("ß", "ss"), ("ø", "o"), ("ł", "l"), ("đ", "d"), ("’", "'"))


def _fold(text: str) -> str:
    """Lower case, ligatures spelt out, accents removed (NFKD then ASCII)."""
    text = text.lower()
    for a, b in _LIGATURES:
        if a in text:
            text = text.replace(a, b)
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"[^\W_]+")
_ARTICLES = ("les ", "le ", "la ", "l ")
_SAINT = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}


def _norm_token(token: str) -> str:
    t = _NON_ALNUM.sub("", _fold(token))
    return _SAINT.get(t, t)


def normalize_place(text: str) -> str:
    """'Saint-Étienne' -> 'saint etienne'; 'St Étienne' -> 'saint etienne'; "L'Isle" -> 'l isle'."""
    words = _NON_ALNUM.sub(" ", _fold(str(text))).split()
    return " ".join(_SAINT.get(w, w) for w in words)


def _strip_article(key: str) -> str:
    for art in _ARTICLES:
        if key.startswith(art) and len(key) > len(art):
            return key[len(art):]
    return key


_BULK_ARTICLE = re.compile(r"^(?:les|le|la|l) (?=\S)", re.M)
_BULK_NON_ALNUM = re.compile(r"[^0-9a-z\n]+")
_BULK_SAINT = re.compile(r"\b(st|ste|sts|stes)\b")


def _bulk_normalize(names: Sequence[str]) -> List[str]:
    """normalize_place() over many names at once (one pass of each string operation)."""
    big = _BULK_NON_ALNUM.sub(" ", _fold("\n".join(names)))
    big = _BULK_SAINT.sub(lambda m: _SAINT[m.group(1)], big)
    return [" ".join(line.split()) if "  " in line or line[:1] == " " or line[-1:] == " " else line
            for line in big.split("\n")]


def _group(keys: Sequence[str]) -> Dict[str, List[int]]:
    out: Dict[str, List[int]] = {}
    for i, k in enumerate(keys):
        lst = out.get(k)
        if lst is None:
            out[k] = [i]
        else:
            lst.append(i)
    return out


def _within_one_edit(a: str, b: str) -> bool:
    """Damerau-Levenshtein distance <= 1 (one insertion, deletion, substitution or swap)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1:] == b[i + 1:]:
            return True
        return i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    return a[i:] == b[i + 1:]


# ------------------------------------------------------------------------------------------------
# vocabulary
# ------------------------------------------------------------------------------------------------
# French function words: never a place on their own, lower case, even after "à" ("à plus", "y").
_FUNCTION_WORDS = frozenset("""
a ai aie aient ais ait alors as au aucun aucune aujourd auquel aura aurai auraient aurais aurait
auras aurez auriez aurions aurons auront aussi autre autres aux avaient avais avait avant avec avez
aviez avions avoir avons ayant bah beaucoup ben bien bientot bon bonne c ca car ce ceci cela celle
celles celui cependant certain certaine certains ces cet cette ceux chacun chaque chez ci combien
comme comment contre d dans de dedans dehors depuis des deja desormais deux devant doit donc dont du
elle elles en encore entre es est et etaient etais etait etant ete etes etions etre eu eue eues eus
eut eux fait faire fais faut fois fut h ha hein hors hum i ici il ils j jamais je jusqu jusque l la
le les leur leurs lui m ma mais mal me meme memes mes moi moins mon n ne ni non nos notre nous o
oh ok on ont ou oui par parce parfois pas peu peut peux plus plutot pour pourquoi pouvoir puis
puisque qu quand que quel quelle quelles quels qui quoi rien s sa sans se sera serai seraient serais
serait seras serez seriez serions serons seront ses si sien soi soit son sont sous suis sur t ta
tant te tes toi ton tous tout toute toutes tres trop tu un une unes uns va vais vas vers voici
voila vont vos votre vous vu y yes aime aimer ans an vie vendre oui bien faire nous plus
""".split())

# Communes whose normalised name (without article) is an ordinary French word or a frequent word or
# first name ("job", "grave", "tech", "mouais", "nicole"); found by crossing the single-word commune
# names with a French dictionary (Debian wfrench) and word frequencies (wordfreq, zipf >= 2.5),
# then removing large towns mostly used as such (Paris, Bordeaux, Rennes, Limoges, Périgueux...).
# Plus the département/région names that are ordinary words ("nord", "cher", "manche"...).
_COMMON_COMMUNE_WORDS = frozenset("""
abondance abondant acq acy ade afa agneaux agy aigle aignan aigre aiguilles aiguillon aire aires aix
alan ales alex allan allegre allier allies allons alloue ames amy anche andouille ange angles anglet
angoisse anjou anse appelle aragon arceau arches arcs ardentes ares argentine armes arques arroses
ars arx athee attaques aubaine aube aubin aucun auge aurons autels autruche aveux avion aviron
avoine avril avy ayn aze azur azy baby baccarat bach baffe bains bais baleine ballon ballons balzac
bannieres bans bar bard barde barges barils baron baronnie barras barre barry bars bart basses
bastide baties bats baud baume bax bay baye beauce beaulieu beaux belvedere benet bergeres bernard
berne bert besace besson bey bez biches bidon bief bille billy bio blanc blond bo boe bois boisseau
bologne bonhomme bonne bonnes bonnet bordes bords borne bosse bou bouchon boue bouee bougon
bouillante bouille bouillie bouillon boulon boulot bouquet bourdon bourg bourguignon bourguignons
boursieres bouteille boyer boz bran branches bras breches bretagne breves brie brigue broc brosses
brou brousse broye broyes bru brunet brusque bruyere bruyeres bry bu buc bue buffon buis buisson
bulle bulles bun bure bus by cabanes cagnotte cahuzac caille caire cales camarade came camembert
campagne canari cannelle capelle cardan cars casses cassis cause cavalerie caves cazeneuve celle
celles cellier cendre centre centres cerbere cercueil cerise cerisiers cesse chablis chaise chalon
chambre champagne champenoise champs change chantes chapeau chapelle chapelles charge charme charmee
charmes charron chars chas chassant chatain chateau chatelain chatelaine chatte chaudiere chaume
chaussee chauve chaux chemin cheminot chene cher cheres chevaline cheville chevrier chiche chirac
choisies choux cierges cieux cigogne cintre cires citerne clans claviers clefs cloue coinces
colle collegien cologne colombe colombier colonne combes combles compas compote comte conde condom confort
conte contes contre contres coquille corbeil corbeilles corbieres cordon corn corps cos costa cote
coteau couches coudes couleuvre courant courbes couronne cours courtes couture coutures cox crans
creances creche creuse crevant crique crisse croix crosses croutes cry cultures cuq cures cuve cuves
cuvier cuy dangers dauphin degre demie denier deserts detroit devise diamant die dole don donjon
doree doue douillet doux douze drap dry dun dunes duras dye dyo ecaille echelle echelles eclaires
ecole ecorces ecueil ecurie eix elbeuf embrun engins ens entrelacs epargnes epine epineuse eps erp
err erre escale escales espere esse est estampes estivaux etables etain etais etalon etangs eth
etoile eu eup eus evans eve eze falaise fau faucon faux fay fel fermete ferre fete feux feves fey
fiefs fille fins fleche fleure fleurie florentin flotte folie folies folles fontaine fontaines
fontenay fontes force forestiere forge forges forteresse fos fosse fosses fougere fougeres four
fourches fourneaux fours frais francs frette fribourg frise fronton fry fye gaillard gaillarde gan
garde garrigues gars gas gemeaux genets ger germaine geu gex gez gilles giron givre gland gonds
gorges gosier gousse gouts gouttieres gouvernes graces grand grange granges gras grasse grave gray
grenade gres grignon grillon grimaud grues gua gueux guise gy gye habit haies halles ham hamel
hanches hans havre hayes hem heres herisson hermes his hommes hopital hotellerie houilles houlette
houx huez ifs ige irai irais iron island isola issus ize jalons jardin jarret jas jax job joyeuse
joyeux juif julienne jumeaux jumelles jure jury lacoste lacs lagarde laguiole lama lance landes
landry lange laps lasse laurie lay laye laz lee lent lentilles leon leves levier ley liege lies
ligne lilas lime limon linge lisses llo loge loges loire lombard long lor lorette lorrain lot
louches loue louer loupe loupes lourde lourdes luc lucy lue luisant lutter lux luxe luzerne lye lys
mache machine macon madeleine mage magenta mages magnan magne maille maillet maillot maire
maisonneuve maisons mana manche manoir marchais marche marches marges marie marigot marin marines
marne marnes marques marquise marre mars martel martinet martyre mary mas mathieu matignon maure
mauves maux mee mene mens menus mer mere merles messe meursault mey migre minerve minot mire
mirepoix miroir moire moisson mole molles monastere monceaux monnaie mons mont montagne monte
montebourg montreal monts morte mortiers motte mouais mouchard mouche mouches mouettes moule
moulinet mousse mousson mouton moyen mun munster mure mures murs mus muy nages nay neuilly neuville
ney nicole nivelle noe nord noue noyer noyers nuits oie omet oms ondes ongles oo oraison orange ore
orgueil ormes orne ornes ors orx ota ouest our oust oye oz oze paille palais palme pannes parc parce
parent pas passa passage pauvres pavie peintre peintures pelouse penne perche percy pere peri perron
persan pey piano pierre pierres pieux pilles pin pince pins pis pla place places plaigne plaine
plaisance plaisir plan planche planches planes planques plans plats pleure pleurs poil poisson
poissons poix pommier pommiers pompidou pont pontet ponts porcherie port porta portes poses
possession pouilly precheur precieux pres priez prince provins publier puits pure puy py pys
quarante quartier quintal quinte racines rai raids ramasse rance rancon rang raves raymond real
recourt regina relevant remy rene reunion reveillon rhodes ri riche richelieu riez rions ris rivas
rives riviere rivieres rix roc roche rocher roches roe rohan rom romain romaine romans ronde
roquefort roques roquette roquettes rouet rouge rouille rousses routes routier roux rue rustiques ry
rye sablons sabres sache sai saignes saillant sains saint sales salins salle salles salon samson
sana sancerre sand saules saurais sauvages sauve selles sen sens sentinelle sequestre serez serpent
serre serres sers servais serval servant servies seuil sieges signes simple sion somme son sor sos
souche soudan soude souille soulages soupir sourd souterraine soyons still sud suisse sully sure sus
suzanne sy syndicat table tablier tache taillee taillis talon tampon tartre tasse taule tavernes
tech temple tende tendon tendu teneur termes ternes terrasse tesson this thons tierce tilleul titre
tombe tonnerre touche touches tour tourne tournes tours toussaint tox trait trans tresses treve
treves tricot trimer trinite tronche union ur urs urt ury us uz uza vaillant vains val valentine
vallee vals vanne vans var vaucluse vaudeville vaux vay velu venere venise ventes ventouse ver
verdier vereux verger verges vergne verne verriere verrieres verrue vers vert very veuve vey vez
vienne viens vieux vif vignes ville villers villes villiers violes vire vitre vives vivier viviers
vix vogue voisines vou voue voyer vry vue y yves
loupe
""".split())

# "à côté de", "à cause de", "à part", "sur place"... : never a commune after "à"/"sur" in lower case
_FIXED_AFTER_PREPOSITION = frozenset("""
cote cause part place pied pieds fond peu bientot temps force partir travers propos condition
moins tout toute rien faire voir vendre louer venir bord jour nouveau terme point cheval velo
mi plein domicile distance court long vie fois peine priori gauche droite fin cours charge
mon ma mes ton ta tes son sa ses notre votre leur leurs cette ce ces un une deux trois
""".split())

# Frequent French words (and words of this bot's domain) that are one typo away from a town of
# 2,000+ inhabitants: never read as a misspelt place ("à demain" is not Denain, "salarié" not Salazie).
# Computed from wordfreq's top French words and the knowledge base vocabulary.
_NO_TYPO_WORDS = frozenset("""
accueil agences alberta angeles anthony arbres argent assaut attaque attaquer aurais baisse balade
bassin beaute belges besoin blancs blesse bloque bourse bourses bremse cahiers caisse carbone carlos
cartes casser causes cendres center chance changer changez chantiers chants charbon charles charlie
chaude chiens cintrez claire coeurs collegiens collier commerce connerie conquete coquilles courte
courts couteau couvert cretin creuser decide demain domaine domine donner donnera donnes douzaine
ecrire epaules etudes events fesses filiere francis freins garcons garder gardes gardez gauche
general gentille georges gerard gestes glaces graisse grande grands graves grosse guinee hebergement
heritage jardins langues lecture legers leviers levres lisant listes longues lourds louvre luttes
machines manches manges manieres manuel marais maries marquis matches medias mention mentor mercure
merveille metaux mettra miller montes monteur montre morceau moules moulin nacelle naitre nestle
ordres papiers pardon parlais passages patron paysage personne pertes pervers plainte plaintes
plancher pompes pompiers portee portees porter portez poulet presse presses prives prouve province
publie publiee publies rebelles regles relais reveil revele riches rouges russes sainte saints
salarie salons salope savoir seance septieme serais sergent serment seront servent signee signer
signez sociaux solaire sommes sommet soumise souterrains suggeres talent toucher traite traits
tranche travaux trieur vedette vendue version veuille vieille village
""".split())

# words after a number that show it is not a département ("le 14 juillet", "j'ai 19 ans")
_NOT_AFTER_DEP_NUMBER = frozenset("""
ans an euros euro eur e h heures heure min minutes mn km kilometres metres m mois jours jour semaines
semaine fois pour pourcent janvier fevrier mars avril mai juin juillet aout septembre octobre
novembre decembre prochain dernier ou et a personnes salaries ans
""".split())

# People's names for régions, old régions and abbreviations -> current région code
_REGION_ALIASES = {
    "paca": "93", "provence": "93", "cote d azur": "93", "provence alpes cote d azur": "93",
    "idf": "11", "ile de france": "11", "region parisienne": "11",
    "aura": "84", "auvergne": "84", "rhone alpes": "84",
    "bfc": "27", "bourgogne": "27", "franche comte": "27",
    "hdf": "32", "picardie": "32", "nord pas de calais": "32",
    "haute normandie": "28", "basse normandie": "28",
    "alsace": "44", "lorraine": "44", "champagne ardenne": "44",
    "aquitaine": "75", "limousin": "75", "poitou charentes": "75", "poitou": "75",
    "midi pyrenees": "76", "languedoc roussillon": "76", "languedoc": "76",
    "centre": "24", "centre val de loire": "24",
    "pays de loire": "52",
    "reunion": "04",
}

# Paris / Lyon / Marseille municipal arrondissements: (commune key, INSEE prefix, count)
_ARRONDISSEMENTS = {"paris": ("751", 20), "lyon": ("6938", 9), "marseille": ("132", 16)}
_ORDINAL = re.compile(r"^(\d{1,2})(?:e|er|ere|eme|ieme|em|me)?$")
_DEP_NUMBER = re.compile(r"^(?:0?[1-9]|[1-8]\d|9[0-5]|2a|2b|97[1-46])$")
_POSTCODE = re.compile(r"^\d{5}$")

# words that may precede a mention to introduce it
_INTRO = frozenset({"a", "au", "aux", "sur", "vers", "habite", "habiter", "habitons", "habitez", "vis",
                    "vit", "reside", "residence", "pres", "proche", "environs", "autour", "ville",
                    "commune", "secteur", "region", "originaire"})
_AREA_INTRO = frozenset({"dans", "en", "departement", "dept", "dpt", "dep", "region", "du", "le", "la",
                         "les", "l", "de", "des"})
_FILLER = frozenset({"a", "au", "aux", "en", "dans", "le", "la", "les", "l", "sur", "vers", "de", "d",
                     "du", "des", "pres", "j", "habite", "ville", "commune", "departement", "region",
                     "code", "postal", "cp", "dept", "dpt", "dep"})
_HOME_VERBS = frozenset({"habite", "habitons", "habitez", "vis", "vit", "vivons", "reside", "suis", "sommes",
                         "demenage", "emmenage", "installe", "installee", "domicilie", "domiciliee"})
_PREFIX_STOP = frozenset({"de", "d", "du", "des", "la", "le", "les", "l", "sur", "en", "et", "sous", "lez",
                          "les", "saint", "sainte", "aux", "au"})
# adjectives that open many commune names and many sentences: alone, they name no place
_PREFIX_ADJECTIVES = frozenset({"petit", "petite", "petits", "petites", "grand", "grande", "grands", "grandes",
                                "gros", "grosse", "vieux", "vieille", "bon", "bonne", "beau", "belle", "haut",
                                "haute", "bas", "basse", "nouveau", "nouvelle", "neuf", "neuve", "long", "longue",
                                "franc", "bel", "vrai", "vraie", "plein", "pleine", "mal"})
_NEGATORS = frozenset({"pas", "plus", "ni", "sauf", "hors"})
_NEGATION_SKIP = frozenset({"a", "au", "aux", "en", "dans", "le", "la", "les", "l", "de", "d", "du",
                            "des", "sur", "vers", "c", "est", "habite", "vis", "j", "suis", "je", "n",
                            "ne", "ce", "pres", "sur"})
_CORRECTION_MARKERS = frozenset({"non", "pas", "plutot", "enfin", "pardon", "correction", "erreur",
                                 "oups", "rectification", "finalement"})

# a name shared by a département/région and a commune means the area, unless the commune is at least
# this big ("Paris", "Vienne") or the context says it is a town ("à Vienne")
_AREA_OVER_COMMUNE_BELOW = 10000

# typo tolerance only towards communes at least this big (else "coucou" -> Couzou, "bisous" -> Bizous)
_FUZZY_MIN_POPULATION = 2000

_KIND_RANK = {"postcode": 0, "commune": 1, "departement": 2, "region": 3}


@dataclass
class _Mention:
    kind: str            # "postcode" | "commune" | "departement" | "region"
    place: Place
    start: int
    end: int
    negated: bool = False
    key: str = ""
    home: bool = False


@dataclass(frozen=True)
class PlaceMention:
    """The best place of a sentence, where it is (character offsets) and how it is said."""
    place: Place
    start: int
    end: int
    home: bool           # "j'habite à X", "je suis de X"
    whole: bool          # the message is nothing but the place ("Thiers", "à Lyon", "63300")
    correction: bool     # "non pas Lyon, Mulhouse"


# ------------------------------------------------------------------------------------------------
# index
# ------------------------------------------------------------------------------------------------
class PlaceIndex:
    """All communes, départements and régions, with the lookups the bot needs."""

    def __init__(self, communes: Sequence[Sequence[str]], departements: Sequence[Sequence[str]],
                 regions: Sequence[Sequence[str]]):
        # communes: rows of (insee, nom, departement, codes_postaux, lat, lon, population, coord)
        bad = next((row for row in communes if len(row) < 8), None)
        if bad is not None:
            raise ValueError(f"ligne de communes.tsv incomplète : {bad!r}")
        cols = [list(c) for c in zip(*communes)] if communes else [[] for _ in range(8)]
        self._setup(cols, departements, regions)

    def _setup(self, cols: Sequence[Sequence[str]], departements: Sequence[Sequence[str]],
               regions: Sequence[Sequence[str]]) -> None:
        # built column-wise with bulk string operations so that ~35,000 communes load fast
        self._c_code: List[str] = cols[0]
        self._c_name: List[str] = cols[1]
        self._c_dep: List[str] = cols[2]
        self._c_pc: List[str] = cols[3]
        self._c_lat: List[float] = list(map(float, cols[4]))
        self._c_lon: List[float] = list(map(float, cols[5]))
        self._c_pop: List[int] = [int(x) if x else 0 for x in cols[6]]
        self._c_approx: List[bool] = [x == "departement" for x in cols[7]]
        self._by_insee: Dict[str, int] = {c: i for i, c in enumerate(self._c_code)}
        keys = _bulk_normalize(self._c_name)
        bare = _BULK_ARTICLE.sub("", "\n".join(keys)).split("\n")
        self._by_key: Dict[str, List[int]] = _group(keys)          # full normalised name
        self._by_key_bare: Dict[str, List[int]] = _group(         # name without its leading article
            [b if b != k else "" for b, k in zip(bare, keys)])
        self._by_key_bare.pop("", None)
        self._by_postcode: Dict[str, List[int]] = {}
        for i, pcs in enumerate(self._c_pc):
            if "," in pcs:
                for pc in pcs.split(","):
                    self._by_postcode.setdefault(pc, []).append(i)
            elif pcs:
                self._by_postcode.setdefault(pcs, []).append(i)
        pop = self._c_pop
        for table in (self._by_key, self._by_key_bare, self._by_postcode):
            for lst in table.values():
                if len(lst) > 1:
                    lst.sort(key=lambda j: -pop[j])

        self._regions: Dict[str, Tuple[str, str]] = {}   # code -> (name, chef-lieu INSEE or "")
        for row in regions:
            self._regions[row[0]] = (row[1], row[2] if len(row) > 2 else "")
        self._deps: Dict[str, Place] = {}
        for row in departements:
            code, name, region = row[0], row[1], row[2]   # row[3] = chef-lieu (INSEE)
            self._deps[code] = Place(
                kind="departement", name=name, code=code, departement=code, departement_name=name,
                region=region, lat=float(row[4]), lon=float(row[5]), postcode=None, approximate=True,
                region_name=self._regions.get(region, ("", ""))[0])
        self._dep_by_key: Dict[str, str] = {}
        for code, p in self._deps.items():
            key = normalize_place(p.name)
            self._dep_by_key[key] = code
            self._dep_by_key.setdefault(_strip_article(key), code)
        self._region_by_key: Dict[str, str] = {}
        for code, (name, _) in self._regions.items():
            key = normalize_place(name)
            self._region_by_key[key] = code
            self._region_by_key.setdefault(_strip_article(key), code)
        for alias, code in _REGION_ALIASES.items():
            if code in self._regions:
                self._region_by_key.setdefault(alias, code)
        self._region_places: Dict[str, Place] = {}
        self._max_words = max((k.count(" ") + 1 for k in self._by_key), default=1)
        self._max_words = max(self._max_words, *(k.count(" ") + 1 for k in self._dep_by_key),
                              *(k.count(" ") + 1 for k in self._region_by_key))
        # lazy structures
        self._fuzzy_buckets: Optional[Dict[str, List[str]]] = None
        self._prefix_best: Optional[Dict[str, int]] = None
        self._stop_words: Optional[frozenset] = None

    # -- loading -----------------------------------------------------------------------------------
    @classmethod
    def load(cls, directory: Path) -> "PlaceIndex":
        directory = Path(directory)

        def read(name: str, header: str) -> List[List[str]]:
            with open(directory / name, encoding="utf-8") as fh:
                first = fh.readline().rstrip("\n")
                if not first.startswith(header):
                    raise ValueError(f"{name} : en-tête inattendu {first!r}")
                return [line.rstrip("\n").split("\t") for line in fh if line.strip()]

        with open(directory / "communes.tsv", encoding="utf-8") as fh:
            header = fh.readline().rstrip("\n").split("\t")
            body = fh.read()
        if header[:8] != ["insee", "nom", "departement", "codes_postaux", "lat", "lon", "population", "coord"]:
            raise ValueError(f"communes.tsv : en-tête inattendu {header!r}")
        width = len(header)
        flat = body.rstrip("\n").replace("\n", "\t").split("\t") if body.strip() else []
        if len(flat) % width:
            raise ValueError("communes.tsv : nombre de colonnes incohérent")
        cols = [flat[k::width] for k in range(8)]
        departements = read("departements.tsv", "code\tnom\tregion\tchef_lieu")
        regions = read("regions.tsv", "code\tnom")
        if not flat or not departements or not regions:
            raise ValueError(f"référentiel des lieux vide dans {directory}")
        index = cls.__new__(cls)
        gc_was_enabled = gc.isenabled()
        gc.disable()   # tens of thousands of small lists: the cyclic GC would rescan them over and over
        try:
            index._setup(cols, departements, regions)
        finally:
            if gc_was_enabled:
                gc.enable()
        return index

    # -- places ------------------------------------------------------------------------------------
    def _commune(self, i: int, postcode: Optional[str] = None) -> Place:
        dep = self._deps.get(self._c_dep[i])
        pcs = self._c_pc[i].split(",") if self._c_pc[i] else []
        if postcode is None and pcs:
            postcode = pcs[0]
        return Place(
            kind="commune", name=self._c_name[i], code=self._c_code[i], departement=self._c_dep[i],
            departement_name=dep.name if dep else "", region=dep.region if dep else "",
            lat=self._c_lat[i], lon=self._c_lon[i], postcode=postcode, approximate=self._c_approx[i],
            region_name=dep.region_name if dep else "", population=self._c_pop[i])

    def _region(self, code: str) -> Optional[Place]:
        if code not in self._regions:
            return None
        place = self._region_places.get(code)
        if place is None:
            name, chef = self._regions[code]
            i = self._by_insee.get(chef) if chef else None
            if i is None:   # no chef-lieu column: the most populous commune of the région
                deps = {d for d, p in self._deps.items() if p.region == code}
                cands = [j for j, d in enumerate(self._c_dep) if d in deps]
                i = max(cands, key=lambda j: self._c_pop[j]) if cands else None
            lat, lon = (self._c_lat[i], self._c_lon[i]) if i is not None else (0.0, 0.0)
            place = Place(kind="region", name=name, code=code, departement="", departement_name="",
                          region=code, lat=lat, lon=lon, postcode=None, approximate=True,
                          region_name=name)
            self._region_places[code] = place
        return place

    def commune_by_insee(self, code: str) -> Optional[Place]:
        i = self._by_insee.get(str(code).strip().upper())
        return self._commune(i) if i is not None else None

    def departement(self, code: str) -> Optional[Place]:
        c = str(code).strip().upper()
        if c.isdigit() and len(c) == 1:
            c = "0" + c
        return self._deps.get(c)

    def region(self, code: str) -> Optional[Place]:
        return self._region(str(code).strip())

    def departements(self) -> List[Place]:
        return list(self._deps.values())

    def regions(self) -> List[Place]:
        return [p for p in (self._region(c) for c in self._regions) if p]

    def communes(self, min_population: int = 0) -> List[Place]:
        return [self._commune(i) for i in range(len(self._c_code)) if self._c_pop[i] >= min_population]

    def stats(self) -> str:
        approx = sum(self._c_approx)
        return (f"{len(self._c_code)} communes ({approx} aux coordonnées approchées), "
                f"{len(self._deps)} départements, {len(self._regions)} régions")

    def __len__(self) -> int:
        return len(self._c_code)

    # -- lookups by key ------------------------------------------------------------------------------
    def _commune_ids(self, key: str) -> List[int]:
        return self._by_key.get(key) or self._by_key_bare.get(key) or []

    def _best_commune(self, key: str) -> Optional[int]:
        ids = self._commune_ids(key)
        best = ids[0] if ids else None
        upgrade = self._prefix_upgrade(key, best)
        return upgrade if upgrade is not None else best

    def _prefix_upgrade(self, key: str, exact: Optional[int]) -> Optional[int]:
        """'Clermont' -> Clermont-Ferrand, 'Montceau' -> Montceau-les-Mines, 'Aix' -> Aix-en-Provence:
        the largest commune whose name starts with these words, when it is much bigger."""
        if len(key) < 3 or key.rsplit(" ", 1)[-1] in _PREFIX_STOP or key in ("saints", "saintes") \
                or key in _PREFIX_ADJECTIVES:   # "Petit souci : …" is not Petit-Bourg
            return None
        if self._prefix_best is None:
            best: Dict[str, int] = {}
            for table in (self._by_key, self._by_key_bare):
                for k, ids in table.items():
                    words = k.split(" ")
                    for n in range(1, min(len(words), 4)):
                        p = " ".join(words[:n])
                        j = best.get(p)
                        if j is None or self._c_pop[ids[0]] > self._c_pop[j]:
                            best[p] = ids[0]
            self._prefix_best = best
        j = self._prefix_best.get(key)
        if j is None:
            return None
        pop = self._c_pop[j]
        if exact is None:
            return j if pop >= 5000 else None
        return j if pop >= 20000 and pop >= 10 * max(self._c_pop[exact], 1) else None

    def _dep_code_from_number(self, token: str) -> Optional[str]:
        t = token.lower()
        if not _DEP_NUMBER.match(t):
            return None
        t = t.upper()
        if len(t) == 1:
            t = "0" + t
        return t if t in self._deps else None

    def _arrondissement(self, city_key: str, ordinal: str) -> Optional[int]:
        spec = _ARRONDISSEMENTS.get(city_key)
        m = _ORDINAL.match(ordinal)
        if not spec or not m:
            return None
        n = int(m.group(1))
        prefix, count = spec
        if not 1 <= n <= count:
            return None
        code = f"{prefix}{n:02d}" if len(prefix) == 3 else f"{prefix}{n}"
        return self._by_insee.get(code)

    def _fuzzy(self, key: str, dep: Optional[str] = None) -> Optional[Tuple[str, str]]:
        """(kind, key) of the only name within one edit of ``key``, else None."""
        if len(key.replace(" ", "")) < 6 or key in _NO_TYPO_WORDS:
            return None
        if self._fuzzy_buckets is None:
            buckets: Dict[str, List[Tuple[str, str]]] = {}
            for kind, table in (("commune", self._by_key), ("commune", self._by_key_bare),
                                ("departement", self._dep_by_key), ("region", self._region_by_key)):
                for k in table:
                    if len(k) >= 5:
                        buckets.setdefault(k[0], []).append((kind, k))
            self._fuzzy_buckets = buckets  # type: ignore[assignment]
        found = set()
        for kind, k in self._fuzzy_buckets.get(key[0], ()):  # type: ignore[union-attr]
            if abs(len(k) - len(key)) <= 1 and _within_one_edit(key, k):
                if kind == "commune":
                    ids = self._commune_ids(k)
                    if dep and not any(self._c_dep[i] == dep for i in ids):
                        continue
                    if not dep and self._c_pop[ids[0]] < _FUZZY_MIN_POPULATION:
                        continue   # a typo is only guessed towards a town people are likely to name
                found.add((kind, k))
        if len(found) == 1:
            return found.pop()
        # the same name without/with article (e.g. "abymes" and "les abymes") is one candidate
        communes = {k for kind, k in found if kind == "commune"}
        targets = {tuple(self._commune_ids(k)) for k in communes}
        if found and len(found) == len(communes) and len(targets) == 1:
            return ("commune", sorted(communes)[0])
        return None

    def _stopwords(self) -> frozenset:
        if self._stop_words is None:
            words = set(_FUNCTION_WORDS)
            try:  # spaCy's French stop words, read from its source file without importing spaCy
                spec = importlib.util.find_spec("spacy")
                if spec and spec.submodule_search_locations:
                    path = Path(list(spec.submodule_search_locations)[0]) / "lang" / "fr" / "stop_words.py"
                    if path.exists():
                        ns: Dict[str, object] = {}
                        exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), ns)
                        words |= {_norm_token(w) for w in ns.get("STOP_WORDS", ())}  # type: ignore[union-attr]
            except Exception:  # pragma: no cover - optional
                pass
            self._stop_words = frozenset(w for w in words if w)
        return self._stop_words

    def _is_common(self, key: str) -> bool:
        bare = _strip_article(key)
        return " " not in bare and (bare in _COMMON_COMMUNE_WORDS or bare in self._stopwords() or len(bare) <= 3)

    # -- resolve -----------------------------------------------------------------------------------
    def resolve(self, text: str) -> Optional[Place]:
        """One place mention -> Place (commune, postcode, département name/number, région)."""
        if not text or not isinstance(text, str):
            return None
        raw = unicodedata.normalize("NFC", text[:5000]).strip()
        if not raw or len(raw) > 200:
            return self.find_in_text(raw) if raw and len(raw) <= 5000 else None
        tokens = [t for t in (_norm_token(m.group()) for m in _WORD.finditer(raw)) if t]
        if not tokens:
            return None
        full = " ".join(tokens)
        if full in self._by_key or full in self._dep_by_key or full in self._region_by_key:
            return self._by_name(full)   # "Ville-en-Sallaz", "Le Creusot": a name as it is written
        area_context = False
        commune_context = False
        # leading prepositions / articles: "à Thiers", "dans le 63", "en Bretagne", "le Creusot"
        while len(tokens) > 1 and tokens[0] in ("a", "au", "aux", "en", "dans", "sur", "vers", "pres", "de",
                                               "d", "du", "des", "departement", "dept", "dpt", "dep",
                                               "region", "commune", "ville", "code", "postal", "cp"):
            if tokens[0] in ("en", "dans", "departement", "dept", "dpt", "dep", "region"):
                area_context = True
            elif tokens[0] in ("a", "au", "aux", "commune", "ville"):
                commune_context = True
            tokens = tokens[1:]
        key = " ".join(tokens)
        # postcode
        if len(tokens) == 1 and _POSTCODE.match(key):
            ids = self._by_postcode.get(key)
            return self._commune(ids[0], postcode=key) if ids else None
        if len(tokens) == 2 and tokens[0].isdigit() and tokens[1].isdigit() and len(tokens[0]) == 2 \
                and len(tokens[1]) == 3:
            ids = self._by_postcode.get(tokens[0] + tokens[1])
            if ids:
                return self._commune(ids[0], postcode=tokens[0] + tokens[1])
        # département number: "63", "le 63", "2A", "971"
        bare_tokens = tokens[1:] if len(tokens) == 2 and tokens[0] in ("le", "la", "l") else tokens
        if len(bare_tokens) == 1:
            dep = self._dep_code_from_number(bare_tokens[0])
            if dep:
                return self._deps[dep]
        # Lyon 3e, Paris 15, Marseille 8ème (arrondissement)
        if len(tokens) >= 2 and tokens[0] in _ARRONDISSEMENTS:
            i = self._arrondissement(tokens[0], tokens[1])
            if i is not None and all(t in ("arrondissement", "arr", "arrdt") for t in tokens[2:]):
                return self._commune(i)
        if len(tokens) == 1 and tokens[0] in self._stopwords() and raw == raw.lower():
            return None
        place = self._by_name(key, area_context, commune_context)
        if place is not None:
            return place
        fuzzy = self._fuzzy(key)
        if fuzzy:
            return self._by_name(fuzzy[1], area_context or fuzzy[0] != "commune", commune_context)
        if len(tokens) > 1:
            return self.find_in_text(raw)
        return None

    def _by_name(self, key: str, area_context: bool = False, commune_context: bool = False) -> Optional[Place]:
        commune = self._best_commune(key)
        dep = self._dep_by_key.get(key)
        region = self._region_by_key.get(key)
        if (dep or region) and commune is not None and self._c_pop[commune] < _AREA_OVER_COMMUNE_BELOW \
                and (not commune_context or (dep or "").startswith("97")):
            area_context = True   # "Bretagne", "La Réunion": the région/département, not the village
        if area_context or commune is None:
            if dep:
                return self._deps[dep]
            if region:
                return self._region(region)
        if commune is not None:
            return self._commune(commune)
        return None

    def commune_in_departement(self, name: str, departement: str) -> Optional[Place]:
        """The commune of that name in that département (homonyms elsewhere are ignored)."""
        dep = str(departement).strip().upper()
        if dep.isdigit() and len(dep) == 1:
            dep = "0" + dep
        key = normalize_place(name)
        if not key:
            return None
        for k in (key, _strip_article(key)):
            for table in (self._by_key, self._by_key_bare):
                for i in table.get(k, ()):
                    if self._c_dep[i] == dep:
                        return self._commune(i)
        fuzzy = self._fuzzy(key, dep=dep)
        if fuzzy and fuzzy[0] == "commune":
            for i in self._commune_ids(fuzzy[1]):
                if self._c_dep[i] == dep:
                    return self._commune(i)
        place = self.resolve(name)
        return place if place is not None and place.departement == dep else None

    # -- free text ---------------------------------------------------------------------------------
    def find_in_text(self, text: str) -> Optional[Place]:
        """Best place mentioned in a sentence: postcode > commune > département > région (a place
        where the person lives, "j'habite à X", before another one of the same kind); in a
        correction ("non pas Lyon, Mulhouse", "pas le 69 mais le 42") the last place not negated."""
        found = self.find_mention(text)
        return found.place if found else None

    def find_mention(self, text: str) -> Optional["PlaceMention"]:
        """Like `find_in_text`, with where the mention is in the text and whether it is said as the
        person's home ("j'habite à X", "je vis dans le 63") or is the whole message ("Thiers")."""
        if not text or not isinstance(text, str):
            return None
        text = unicodedata.normalize("NFC", text[:5000])
        matches = [m for m in _WORD.finditer(text) if _norm_token(m.group())]
        origs = [m.group() for m in matches]
        toks = [_norm_token(o) for o in origs]
        if not toks:
            return None
        mentions: List[_Mention] = []
        i = 0
        n = len(toks)
        while i < n:
            m = self._mention_at(toks, origs, i)
            if m is not None:
                m.negated = self._negated(toks, m.start)
                m.home = self._home(toks, m.start)
                mentions.append(m)
                i = m.end
            else:
                i += 1
        if not mentions:
            return None
        mentions = self._merge(mentions)
        alive = [m for m in mentions if not m.negated]
        if not alive:
            return None
        correction = any(m.negated for m in mentions) or any(t in _CORRECTION_MARKERS for t in toks)
        if correction:
            best = alive[-1]
        else:
            best = min(alive, key=lambda m: (_KIND_RANK[m.kind], not m.home, m.start))
        return PlaceMention(best.place, matches[best.start].start(), matches[best.end - 1].end(), best.home,
                            self._whole_message(toks, best.start, best.end), correction)

    def _merge(self, mentions: List[_Mention]) -> List[_Mention]:
        """Fold what only confirms or specifies a commune into it: "Escoutoux 63300" -> Escoutoux
        (postcode 63300); "Thiers (63)" -> Thiers; "Saint-Denis de La Réunion" -> Saint-Denis (974)."""
        out: List[Optional[_Mention]] = list(mentions)
        # a département / région right after a commune picks the homonym that lies there
        for c_idx, c in enumerate(out):
            if c is None or c.kind != "commune" or not c.key:
                continue
            for a_idx in range(c_idx + 1, min(c_idx + 3, len(out))):
                a = out[a_idx]
                if a is None or a.kind not in ("departement", "region") or a.start - c.end > 4 \
                        or a.negated != c.negated:
                    continue
                if a.place.code in (c.place.departement, c.place.region):
                    break
                field = self._c_dep if a.kind == "departement" else None
                for i in self._commune_ids(c.key):
                    dep = self._c_dep[i]
                    inside = dep == a.place.code if field is not None else \
                        self._deps[dep].region == a.place.code if dep in self._deps else False
                    if inside:
                        out[c_idx] = _Mention("commune", self._commune(i), c.start, c.end, c.negated, c.key, c.home)
                        break
                break
        # a postcode of a commune named in the same sentence
        for k, m in enumerate(out):
            if m is None or m.kind != "postcode":
                continue
            for c_idx, c in enumerate(out):
                if c is None or c.kind != "commune" or c.negated != m.negated:
                    continue
                i = self._by_insee[c.place.code]
                if m.place.postcode in self._c_pc[i].split(","):
                    out[c_idx] = _Mention("commune", self._commune(i, postcode=m.place.postcode),
                                          c.start, c.end, c.negated, c.key, c.home or m.home)
                    out[k] = None
                    break
        kept = [m for m in out if m is not None]
        communes = [m for m in kept if m.kind in ("commune", "postcode")]
        return [m for m in kept if not (m.kind in ("departement", "region") and any(
            c.negated == m.negated and m.place.code in (c.place.departement, c.place.region) for c in communes))]

    def _negated(self, toks: Sequence[str], start: int) -> bool:
        j = start - 1
        steps = 0
        while j >= 0 and steps < 4:
            t = toks[j]
            if t in _NEGATORS:
                return True
            if t == "que" and "plutot" in toks[max(0, j - 6):j]:
                return True   # "plutôt Thiers que Clermont", "plutôt que Lyon"
            if t == "de" and j > 1 and toks[j - 1] == "lieu" and toks[j - 2] == "au":
                return True
            if t not in _NEGATION_SKIP:
                return False
            j -= 1
            steps += 1
        return False

    def _home(self, toks: Sequence[str], start: int) -> bool:
        """'j'habite à X', 'je vis dans le 63', 'je suis sur Thiers': where the person lives."""
        j = start - 1
        steps = 0
        while j >= 0 and steps < 4:
            if toks[j] in _HOME_VERBS:
                return True
            if toks[j] not in _NEGATION_SKIP:
                return False
            j -= 1
            steps += 1
        return False

    def _introduced(self, toks: Sequence[str], origs: Sequence[str], start: int) -> bool:
        """Is the mention at ``start`` introduced like a place ("à X", "sur X", "près de X",
        "habite X", "de X" with a capital)?"""
        j = start - 1
        if j >= 0 and toks[j] in ("le", "la", "les", "l"):   # "à la Crèche", "vers le Creusot"
            j -= 1
        if j < 0:
            return False
        prev = toks[j]
        if prev in _INTRO:
            return True
        if prev in ("de", "d", "du", "des"):
            if j >= 1 and toks[j - 1] in ("pres", "proche", "cote", "autour", "environs", "originaire",
                                          "viens", "venu", "venue", "arrive", "loin"):
                return True
            return origs[start][:1].isupper()
        return False

    def _whole_message(self, toks: Sequence[str], start: int, end: int) -> bool:
        """Nothing but the mention and small words around it ("Sens", "à Sens", "le 63")."""
        return all(t in _FILLER for k, t in enumerate(toks) if k < start or k >= end)

    def _town_context(self, toks: Sequence[str], start: int) -> bool:
        j = start - 1
        if j >= 0 and toks[j] in ("le", "la", "les", "l"):
            j -= 1
        return j >= 0 and toks[j] in ("a", "au", "aux", "commune", "ville", "mairie")

    def _area_context(self, toks: Sequence[str], start: int) -> bool:
        j = start - 1
        while j >= 0 and toks[j] in ("le", "la", "les", "l", "de", "d", "du", "des"):
            if toks[j] in ("du", "des"):
                return True
            j -= 1
        return j >= 0 and toks[j] in ("dans", "en", "departement", "dept", "dpt", "dep", "region")

    def _mention_at(self, toks: Sequence[str], origs: Sequence[str], i: int) -> Optional[_Mention]:
        t = toks[i]
        n = len(toks)
        # postcode: "63300", "63 300" after "code postal"/"cp"
        if t.isdigit():
            if len(t) == 5:
                ids = self._by_postcode.get(t)
                if ids:
                    return _Mention("postcode", self._commune(ids[0], postcode=t), i, i + 1)
            if len(t) == 2 and i + 1 < n and len(toks[i + 1]) == 3 and toks[i + 1].isdigit():
                code = t + toks[i + 1]
                if code in self._by_postcode and (
                        (i > 0 and toks[i - 1] in ("postal", "cp")) or self._whole_message(toks, i, i + 2)):
                    return _Mention("postcode", self._commune(self._by_postcode[code][0], postcode=code), i, i + 2)
        # département number: "dans le 93", "du 42", "département 63", or the whole message
        dep = self._dep_code_from_number(t)
        if dep:
            nxt = toks[i + 1] if i + 1 < n else ""
            prev = toks[i - 1] if i > 0 else ""
            prev2 = toks[i - 2] if i > 1 else ""
            ok = (prev in ("departement", "dept", "dpt", "dep", "du")
                  or (prev == "le" and prev2 in ("dans", "habite", "vis", "suis", "viens", "sur", "de", "est"))
                  or self._whole_message(toks, i, i + 1))
            if ok and nxt not in _NOT_AFTER_DEP_NUMBER:
                return _Mention("departement", self._deps[dep], i, i + 1)
        # Paris / Lyon / Marseille + arrondissement
        if t in _ARRONDISSEMENTS and i + 1 < n:
            j = self._arrondissement(t, toks[i + 1])
            if j is not None:
                end = i + 2
                if end < n and toks[end] in ("arrondissement", "arr", "arrdt"):
                    end += 1
                return _Mention("commune", self._commune(j), i, end)
        # names, longest first
        for size in range(min(self._max_words, n - i), 0, -1):
            m = self._name_mention(" ".join(toks[i:i + size]), toks, origs, i, i + size)
            if m is not None:
                return m
        # one typo, only right after "à"/"sur"/"vers"/"habite"/"près de": "j'habite à Mulhose"
        if t not in self._stopwords() and self._introduced(toks, origs, i):
            for size in range(min(4, n - i), 0, -1):
                key = " ".join(toks[i:i + size])
                if len(key) < 6 or toks[i + size - 1] in self._stopwords():
                    continue
                fuzzy = self._fuzzy(key)
                if fuzzy and not self._is_common(fuzzy[1]):
                    m = self._name_mention(fuzzy[1], toks, origs, i, i + size)
                    if m is not None:
                        return m
        return None

    def _name_mention(self, key: str, toks: Sequence[str], origs: Sequence[str], start: int,
                      end: int) -> Optional[_Mention]:
        if key in ("le", "la", "les", "l", "saint", "sainte"):
            return None
        full_ids = self._by_key.get(key)
        commune_ids = full_ids or self._by_key_bare.get(key) or []
        dep = self._dep_by_key.get(key)
        region = self._region_by_key.get(key)
        prefix = None
        common = self._is_common(key)
        if not commune_ids and not dep and not region:
            if common:
                return None
            prefix = self._prefix_upgrade(key, None)
            if prefix is None:
                return None
        area = self._area_context(toks, start)
        introduced = self._introduced(toks, origs, start)
        whole = self._whole_message(toks, start, end)
        capital = origs[start][:1].isupper()
        if common:
            if key in self._stopwords() and not (capital and (introduced or whole)):
                return None
            if not (introduced or whole or (area and (dep or region))):
                return None
            prev = toks[start - 1] if start > 0 else ""
            nxt = toks[end] if end < len(toks) else ""
            if not capital and not whole and (key in _FIXED_AFTER_PREPOSITION or nxt in ("de", "d", "du", "des")):
                return None
            if full_ids and not capital and not whole and _strip_article(key) != key and not self._home(toks, start):
                return None   # "à la loupe" is not La Loupe (28), unless said as home ("j'habite à la loupe")
            if commune_ids and not (dep or region):
                # "à la campagne" is not Campagne (40), "à Tech" is not Le Tech: with a common word,
                # the article must be the commune's own ("à La Grave", "au Tech")
                if full_ids and prev in ("le", "la", "les", "l", "au", "aux") and not capital:
                    return None
                if not full_ids and prev not in ("au", "aux") and not whole:
                    return None
                if not full_ids and not capital and not whole and not self._home(toks, start):
                    return None   # "je vais au marché" is not La Marche (58) unless said as home (live turn, 2026-12-04)
            if not full_ids and not (dep or region) and prev not in ("au", "aux", "le", "la", "les", "l"):
                return None   # "Pierre" alone is not La Pierre
        elif prefix is not None and not (introduced or whole or capital):
            return None
        elif not commune_ids and not (capital or area or introduced or whole):
            return None   # "une quiche lorraine" is not the région
        town = self._town_context(toks, start)
        small = bool(commune_ids) and self._c_pop[commune_ids[0]] < _AREA_OVER_COMMUNE_BELOW and (
            not town or (dep or "").startswith("97"))   # "à la Réunion" is the island
        if (dep or region) and (area or small or not commune_ids) and prefix is None:
            if dep:
                return _Mention("departement", self._deps[dep], start, end, key=key)
            place = self._region(region)  # type: ignore[arg-type]
            return _Mention("region", place, start, end, key=key) if place else None
        best = prefix if prefix is not None else self._best_commune(key)
        if best is None:
            return None
        return _Mention("commune", self._commune(best), start, end, key=key if prefix is None else "")
