"""The deterministic extractor, from the raw sentence to canonical entity values (no Rasa)."""
import pytest

from actions.kb import get_knowledge
from actions.kb.extract import Extractor


@pytest.fixture(scope="module")
def ex():
    return Extractor(get_knowledge())


def values(ex, text, entity, asked=None):
    return [f.value for f in ex.extract(text, asked=asked) if f.entity == entity]


@pytest.mark.parametrize("text, situation", [
    ("Bonjour, je suis aide-soignante depuis 15 ans et je voudrais changer de métier", "salarie"),
    ("ça fait 20 ans que je suis caissière", "salarie"),
    ("j'ai été licencié en mars", "demandeur_emploi"),
    ("je suis au chômage", "demandeur_emploi"),
    ("je cherche du travail", "demandeur_emploi"),
    ("je suis en première bac pro", "lyceen"),
    ("jsuis en 1ere bac pro", "lyceen"),
    ("j'ai arrêté l'école en seconde", "decrocheur"),
    ("jai lache lecole a 16 ans", "decrocheur"),            # live turns, 2026-12-04
    ("jai pas de diplome, jai arreté en 4eme", "decrocheur"),
    ("je suis en alternance", "apprenti"),
])
def test_situations_said_indirectly(ex, text, situation):
    assert values(ex, text, "situation")[:1] == [situation]


def test_in_a_bac_pro_is_at_school_but_holding_one_is_not(ex):
    assert "lyceen" in values(ex, "g 17 ans je suis en bac pro mais ca me plait pas trop", "situation")
    assert "lyceen" not in values(ex, "j'ai un bac pro commerce", "situation")


def test_scheme_words_are_not_a_situation(ex):
    assert values(ex, "c'est quoi l'alternance ?", "situation") == []
    assert values(ex, "c'est quoi l'alternance ?", "dispositif") == ["apprentissage"]


@pytest.mark.parametrize("text, age", [
    ("J'ai 43 ans, j'habite à Compiègne", ["43"]),
    ("g 17 ans", ["17"]),
    ("je suis aide-soignante depuis 15 ans", []),          # a duration, not an age
    ("mon fils a 15 ans", ["15"]),
])
def test_ages(ex, text, age):
    assert values(ex, text, "age") == age


def test_bare_number_is_an_age_only_when_asked(ex):
    assert values(ex, "43", "age") == []
    assert values(ex, "43", "age", asked="age") == ["43"]


@pytest.mark.parametrize("text, constraint", [
    ("je ne peux pas travailler de nuit", "pas_de_nuit"),
    ("pas les week-ends", "pas_de_weekend"),
    ("j'ai mal au dos", "pas_de_charges"),
    ("je ne peux pas porter lourd", "pas_de_charges"),
    ("j'ai pas le permis", "sans_permis"),
    ("je dois récupérer mes enfants à 16 h 30", "garde_enfants"),
    ("je suis en fauteuil", "handicap"),
    ("j'ai une RQTH", "handicap"),
    ("je n'ai pas de diplôme", "sans_diplome"),
    ("aucune contrainte", "aucune"),
])
def test_constraints_become_vocabulary_ids(ex, text, constraint):
    assert constraint in values(ex, text, "contrainte")


@pytest.mark.parametrize("text", [
    "le travail de nuit c payé plus ou pas",
    "les 3x8 c'est payé plus ou moins pareil ?",
    "c quoi le travail de nuit",
])
def test_a_question_about_night_work_is_no_constraint(ex, text):
    assert "pas_de_nuit" not in values(ex, text, "contrainte")


def test_no_raw_phrase_reaches_a_constraint(ex):
    vocab = set(get_knowledge().vocab["contraintes"]) | {"aucune"}
    for text in ("pas de travail de nuit", "pas de, travail de nuit", "je veux pas bosser la nuit ni le week-end"):
        assert set(values(ex, text, "contrainte")) <= vocab


def test_interests_need_a_liking_and_respect_dislikes(ex):
    assert values(ex, "j'aime le travail précis et minutieux", "interet") == ["precision"]
    assert values(ex, "je n'aime pas les machines, je préfère l'informatique", "interet") == ["informatique"]
    assert values(ex, "la mécanique", "interet") == []
    assert values(ex, "la mécanique", "interet", asked="interets") == ["machines"]


def test_places_with_roles(ex):
    found = {f.entity: f for f in ex.extract("j'ai 34 ans, deux enfants, j'habite près de Lisieux")}
    assert found["lieu"].value == "Lisieux" and found["lieu"].role == "domicile"
    search = [f for f in ex.extract("des événements à Lyon") if f.entity == "lieu"][0]
    assert search.value == "Lyon" and search.role is None
    fix = [f for f in ex.extract("non pas Lyon, Mulhouse") if f.entity == "lieu"][0]
    assert fix.value == "Mulhouse" and fix.role == "correction"


def test_compound_commune_resolves_whole(ex):
    assert values(ex, "je vis à Cournon-d'Auvergne", "lieu") == ["Cournon-d'Auvergne"]


def test_references_and_aspects_of_follow_ups(ex):
    assert values(ex, "dis m'en plus sur le premier", "rang") == ["1"]
    assert values(ex, "et le deuxième ?", "rang") == ["2"]
    assert values(ex, "je suis en première bac pro", "rang") == []
    assert values(ex, "et ça paie combien ?", "aspect") == ["salaire"]
    assert values(ex, "ok et je fais comment pour commencer", "aspect") == ["demarrer"]


def test_trades_and_schemes_named(ex):
    assert values(ex, "tourneur fraiseur commande numérique", "metier") == ["tourneur_fraiseur"]
    assert values(ex, "c'est quoi la POEI", "dispositif") == ["poei"]
    assert values(ex, "slt jsuis en 1ere bac pro a thiers", "dispositif") == []   # "pro a" is not Pro-A here


def test_offsets_point_at_the_mention(ex):
    text = "J'ai 43 ans, j'habite à Compiègne"
    for f in ex.extract(text):
        assert 0 <= f.start < f.end <= len(text)
    place = [f for f in ex.extract(text) if f.entity == "lieu"][0]
    assert text[place.start:place.end] == "Compiègne"


def test_hostile_text_never_raises(ex):
    for text in ("", " ", "<script>alert(1)</script>", "x" * 10000, "😀" * 50, "\x00\x1f", "'; DROP TABLE events;--"):
        ex.extract(text)


def test_the_age_of_a_past_event_is_not_the_person_s(ex):
    # live turn (2026-12-04): "jai lache lecole a 16 ans" noted the person as 16
    assert values(ex, "jai lache lecole a 16 ans", "age") == []
    assert values(ex, "j'ai 19 ans, j'ai quitté le lycée à 17 ans", "age") == ["19"]


def test_years_of_experience_are_not_an_age():
    from actions.kb.extract import get_extractor
    found = {(f.entity, f.value) for f in get_extractor().extract("j'ai 30 ans de couture industrielle")}
    assert not any(entity == "age" for entity, _ in found)
    assert ("age", "45") in {(f.entity, f.value) for f in get_extractor().extract("j'ai 45 ans et je cherche")}


def test_a_quality_wanted_less_is_not_an_interest():
    from actions.kb.extract import get_extractor
    found = {(f.entity, f.value) for f in get_extractor().extract("je cherche un métier moins physique dans l'industrie")}
    assert ("interet", "physique") not in found
    assert ("interet", "physique") in {(f.entity, f.value) for f in get_extractor().extract("j'aime le travail physique")}


@pytest.mark.parametrize("text, constraint", [
    ("je veux arrêter les horaires du soir", "pas_de_nuit"),
    ("finis les week-ends, je veux mes samedis", "pas_de_weekend"),
    ("on m'a suspendu le permis pour 6 mois", "sans_permis"),
    ("j'ai jamais eu mon brevet", "sans_diplome"),
    ("porter des trucs lourds c'est mort pour moi", "pas_de_charges"),
])
def test_constraints_said_indirectly(ex, text, constraint):
    assert constraint in {f.value for f in ex.extract(text) if f.entity == "contrainte"}


@pytest.mark.parametrize("text, constraint", [
    ("le soir tard c'est fini pour moi", "pas_de_nuit"),
    ("je dépends du bus pour tout", "sans_permis"),
    ("j'ai pas de qualif", "sans_diplome"),
    ("personne pour garder mes petits le mercredi, c'est compliqué", "garde_enfants"),
    ("depuis mon infarctus je dois faire attention", "handicap"),
    ("les cartons lourds, c'est non", "pas_de_charges"),
    ("le dimanche je bosse plus, terminé", "pas_de_weekend"),
])
def test_a_topic_said_with_a_limit_is_a_constraint(ex, text, constraint):
    assert constraint in values(ex, text, "contrainte")


@pytest.mark.parametrize("text", [
    "les nuits ça me dérange pas",
    "je n'ai pas d'enfants",
    "je veux pas qu'on soit sur mon dos toute la journée",
    "est-ce qu'on travaille le week-end dans l'agroalimentaire ?",
    "le travail de nuit c'est payé plus ou pas",
    "j'ai le permis, pas de souci pour me déplacer",
])
def test_a_topic_accepted_asked_or_idiomatic_is_no_constraint(ex, text):
    assert values(ex, text, "contrainte") in ([], ["aucune"])


@pytest.mark.parametrize("text, interest", [
    ("la chimie ça me tente bien", "sciences"),
    ("j'ai adoré fabriquer des meubles", "manuel"),
    ("j'aime pas rester assise toute la journée", "physique"),
    ("je voudrais passer côté maintenance", "depannage"),
    ("je couds depuis toute petite", "textile"),
    ("c'est mon domaine, les contrôles", "controle"),
    ("ce que je sais faire c'est motiver une équipe et faire les plannings", "encadrement"),
])
def test_likings_said_without_j_aime(ex, text, interest):
    assert interest in values(ex, text, "interet")


def test_durations_and_sentence_openers_are_not_profile_facts(ex):
    assert values(ex, "j'ai bossé 30 ans dans le bâtiment", "age") == []
    assert values(ex, "Petit souci : je n'ai pas de voiture", "lieu") == []
    assert values(ex, "au lycée j'adorais la bio", "situation") == []
    assert values(ex, "je dois aller à la sortie de l'école à 16h30", "contrainte") == ["garde_enfants"]


@pytest.mark.parametrize("text", [
    "mon frère n'a pas le permis",
    "ma copine m'a dit qu'elle voulait pas bosser de nuit",
    "mes enfants sont grands maintenant",
    "j'étais auxiliaire de puériculture en crèche",
    "les horaires de nuit ne me font pas peur",
    "mes petits-enfants je les vois jamais",
    "je me déplace en fauteuil roulant",
])
def test_someone_else_s_situation_a_job_or_an_acceptance_is_no_constraint(ex, text):
    assert not {"sans_permis", "pas_de_nuit", "garde_enfants"} & set(values(ex, text, "contrainte"))


def test_a_constraint_someone_else_sets_for_the_person_is_theirs(ex):
    assert "pas_de_nuit" in values(ex, "mon père veut pas que je travaille la nuit", "contrainte")
    assert "pas_de_nuit" in values(ex, "tant que je suis rentrée avant 23h ça me va, après non", "contrainte")


def test_a_list_reference_is_no_place_and_weariness_is_a_limit(ex):
    assert values(ex, "le 2", "lieu") == [] and values(ex, "le 2", "rang") == ["2"]
    assert values(ex, "dans le 02", "lieu") == ["Aisne"]
    found = values(ex, "serveuse, marre des soirées et des week ends", "contrainte")
    assert "pas_de_nuit" in found and "pas_de_weekend" in found


def test_an_age_said_in_passing_is_an_age(ex):
    assert values(ex, "j'ai 45 ans au fait", "age") == ["45"]
    assert values(ex, "j'ai 20 ans au garage", "age") == []   # experience, not an age


def test_a_negated_liking_is_none_and_past_leading_is_one(ex):
    assert "alimentation" not in values(ex, "jfais un cap cuisine mais jkiffe pas", "interet")
    assert "encadrement" in values(ex, "j'ai encadré des équipes, je suis rigoureux", "interet")
    assert "precision" in values(ex, "j'ai encadré des équipes, je suis rigoureux", "interet")


@pytest.mark.parametrize("text, interest", [
    ("le week-end je retape des vieilles mobylettes", "manuel"),
    ("petite, je conduisais déjà le tracteur de mon oncle", "conduite"),
    ("avec ma fille on monte des kits électroniques avec des leds", "electricite"),
    ("j'ai construit ma terrasse tout seul", "manuel"),
    ("je connais la pâte à pain par coeur", "alimentation"),
    ("régler un carburateur, c'est toute ma vie", "machines"),
    ("je suis à fond dans le zéro déchet", "environnement"),
    ("reprendre un ourlet au millimètre près, j'adore", "textile"),
    ("reprendre un ourlet au millimètre près, j'adore", "precision"),
])
def test_likings_said_as_what_the_person_does(ex, text, interest):
    assert interest in values(ex, text, "interet")


@pytest.mark.parametrize("text", [
    "Ce que je veux garder, c'est mon autonomie",          # "garder" is no childcare
    "les 3x8 j'en ai fait, ça me pose aucun souci",        # an acceptance in the next clause
    "mes enfants, ça me pose pas de souci",
    "je regarde les pièces à la loupe et je remonte des petits mécanismes",   # a magnifying glass, no kids
])
def test_what_is_kept_accepted_or_looked_at_is_no_constraint(ex, text):
    assert values(ex, text, "contrainte") in ([], ["aucune"])


def test_an_idiom_is_no_commune():
    ex = Extractor(get_knowledge())
    assert values(ex, "je vérifie tout à la loupe", "lieu") == []
    assert values(ex, "j'habite à La Loupe", "lieu") == ["La Loupe"]


@pytest.mark.parametrize("text, constraint", [
    ("je suis diabétique", "handicap"),
    ("je peux plus conduire depuis mon retrait de permis", "sans_permis"),
    ("on m'a suspendu, je peux plus prendre le volant", "sans_permis"),
    ("g jamé eu mon brevet", "sans_diplome"),
    ("j'ai la garde de mes trois nièces", "garde_enfants"),
    ("de jour uniquement s'il vous plaît", "pas_de_nuit"),
    ("mes samedis sont réservés au foot", "pas_de_weekend"),
    ("il me reste 2 jours et demi par semaine", "temps_partiel"),
    ("les sacs de ciment, les parpaings, tout ça c'est fini", "pas_de_charges"),
])
def test_more_constraints_said_in_the_person_s_words(ex, text, constraint):
    assert constraint in values(ex, text, "contrainte")


@pytest.mark.parametrize("text, level", [
    ("conducteur offset, CAP en poche", "cap"),
    ("55 ans, Bordeaux, master de finance", "ingenieur"),
    ("45 ans, bac pro, Lyon", "bac_pro"),
    ("bac pro obtenu en 2019", "bac_pro"),
])
def test_a_diploma_held_said_without_a_verb(ex, text, level):
    assert values(ex, text, "diplome") == [level]


def test_a_diploma_wished_for_is_not_held(ex):
    assert values(ex, "un CAP cuisine m'intéresse", "diplome") == []
    assert values(ex, "je passe un BTS, c'est dur", "diplome") == []


def test_a_child_named_in_the_person_s_own_life_is_no_request_for_the_child(ex):
    assert values(ex, "je couds les costumes du spectacle de ma fille", "proche") == []
    assert values(ex, "je dois récupérer ma fille à l'école à 16h30", "proche") == []
    assert values(ex, "ma fille a 16 ans, elle cherche un apprentissage", "proche") == ["enfant"]
    assert values(ex, "c'est pour mon fils", "proche") == ["enfant"]


@pytest.mark.parametrize("text", [
    "le travail de nuit c payé plus ?", "est ce que la nuit on gagne plus", "c'est quoi les 3x8 ?",
    "le week-end c'est majoré ?", "faut le permis pour être cariste ?", "les horaires de nuit ça commence à quelle heure ?",
])
def test_a_question_about_a_condition_is_no_constraint_of_the_person(ex, text):
    """Asking what night work pays does not say one refuses nights (it set pas_de_nuit in a live test)."""
    assert values(ex, text, "contrainte") == []


@pytest.mark.parametrize("text, constraint", [
    ("est-ce que je peux éviter les nuits ?", "pas_de_nuit"),
    ("y a des postes sans travail de nuit ?", "pas_de_nuit"),
    ("je veux pas bosser le week-end, c'est possible ?", "pas_de_weekend"),
    ("j'ai pas le permis, c'est grave ?", "sans_permis"),
    ("j'ai mal au dos, on porte lourd ?", "pas_de_charges"),
])
def test_a_question_that_states_a_limit_keeps_the_constraint(ex, text, constraint):
    assert constraint in values(ex, text, "contrainte")


@pytest.mark.parametrize("text, constraint", [
    ("g pa d permis", "sans_permis"),                                   # SMS spellings written out
    ("jpeux pa bosser le wk", "pas_de_weekend"),
    ("chui dispo qu'en journée, jpeux pas la nuit", "pas_de_nuit"),
    ("jveux pas de full time", "temps_partiel"),
    ("Le travail en équipe de nuit, très peu pour moi.", "pas_de_nuit"),   # a short clause that refuses
    ("Un poste à plein temps, c'est trop lourd pour moi en ce moment.", "temps_partiel"),
    ("Il me faut un poste de 25 heures hebdomadaires maximum.", "temps_partiel"),
    ("Vous avez des postes à 20 h par semaine ?", "temps_partiel"),     # a question asking for such jobs
    ("Je voudrais des horaires de journée exclusivement.", "pas_de_nuit"),
    ("c'est moi seule qui gère les petits le soir", "garde_enfants"),
    ("une semaine sur deux je les dépose à l'école à 8h30", "garde_enfants"),
    ("je dois coller aux horaires de la nounou qui garde ma fille", "garde_enfants"),
    ("depuis mon accident de voiture, rester debout longtemps m'est impossible", "handicap"),
    ("j'ai quitté le lycée avant la fin de la seconde", "sans_diplome"),
])
def test_constraints_said_in_sms_or_indirectly(ex, text, constraint):
    assert constraint in values(ex, text, "contrainte"), text


@pytest.mark.parametrize("text", [
    "J'ai codé un petit jeu en Python",                 # "un petit" is no child
    "j'étais assistante maternelle pendant dix ans",    # childcare as a past job
    "le travail de nuit c payé plus ?",                 # a question about a condition
    "c'est quoi les horaires de journée dans une usine ?",
])
def test_no_constraint_from_these(ex, text):
    assert values(ex, text, "contrainte") == [], text


def test_sms_words_keep_the_spans_on_the_person_s_words(ex):
    text = "g pa d voiture"
    found = [f for f in ex.extract(text) if f.entity == "contrainte"]
    assert found and 0 <= found[0].start < found[0].end <= len(text)


@pytest.mark.parametrize("text, interest", [
    ("je passe mes aprem à démonter des moteurs avec mon cousin", "machines"),
    ("mon délire c'est le dessin, je remplis des carnets", "creatif"),
    ("le meilleur moment c'était quand je conduisais le chariot", "conduite"),
    ("je suis jamais aussi bien que quand je bricole", "manuel"),
])
def test_likings_said_through_time_given_or_a_best_moment(ex, text, interest):
    assert interest in values(ex, text, "interet"), text


def test_the_subject_set_aside_gives_way_to_the_one_meant(ex):
    """Live turn (2026-12-04, r03): "Je parlais du PTP, pas de la POEI !" stayed on the POEI."""
    said = "Je parlais du PTP, pas de la POEI ! Combien de temps dure un PTP et suis-je payée ?"
    assert values(ex, said, "dispositif") == ["ptp"]
    assert values(ex, "pas de la POEI", "dispositif") == ["poei"]          # nothing else named: kept
    assert sorted(values(ex, "la poei ou la pmsmp ?", "dispositif")) == ["pmsmp", "poei"]


def test_live_turns_of_2026_12_04(ex):
    """What a helper's live conversations found: a habit is a liking, "faut aller où" asks how to start."""
    assert "encadrement" in values(ex, "j'ai l'habitude de manager une équipe de 12 personnes", "interet")
    assert values(ex, "ok et faut aller ou pour ça", "aspect") == ["demarrer"]


def test_a_wish_said_with_un_truc_is_a_liking(ex):
    """Live turn (2026-12-04, evening): "je veux un truc manuel et précis" noted nothing and got an FAQ."""
    assert sorted(values(ex, "je veux un truc manuel et précis", "interet")) == ["manuel", "precision"]
    assert sorted(values(ex, "jcherche un taf précis", "interet")) == ["precision"]


def test_a_duration_word_in_a_statement_asks_no_aspect(ex):
    # live turn (2026-12-04): "je ne peux plus rester debout longtemps" got the duration of the last scheme
    assert values(ex, "Je travaillais dans le BTP comme maçon. Je ne peux plus rester debout longtemps.", "aspect") == []
    assert values(ex, "et ça dure longtemps ?", "aspect") == ["duree"]
    assert values(ex, "combien de jours", "aspect") == ["duree"]


def test_an_engineer_by_title_holds_an_engineer_s_degree(ex):
    # live turn (2026-12-04): "je suis ingénieure informatique" read no level, and got a warehouse job first
    assert values(ex, "Bonjour, je suis ingénieure informatique, 38 ans, à Toulouse.", "diplome") == ["ingenieur"]
    assert values(ex, "ingénieur de formation, je cherche autre chose", "diplome") == ["ingenieur"]
    assert values(ex, "je voudrais devenir ingénieur", "diplome") == []


@pytest.mark.parametrize("text", [
    "On m'a collé des astreintes la nuit pendant 3 ans",                        # no "La Colle-sur-Loup"
    "J'aimerais savoir quels débouchés existent pour quelqu'un qui aime autant le code que les circuits",
    "Les clients se font rares, je ne m'en sors plus avec les charges.",
    "je suis restée à la maison 15 ans pour élever mes enfants, ils sont grands maintenant",
])
def test_words_that_only_look_like_a_place_or_a_constraint(ex, text):
    # held-out set K, read after its measurement (2026-12-04)
    assert values(ex, text, "contrainte") == [] and values(ex, text, "lieu") == []


def test_night_work_ended_is_a_constraint(ex):
    assert values(ex, "On m'a collé des astreintes la nuit pendant 3 ans, c'est terminé pour moi", "contrainte") == ["pas_de_nuit"]


def test_evenings_ended_are_no_night_work(ex):
    # live turn (2026-12-04): "les coupures et les soirs c'est fini pour moi" got « je n'ai pas compris »
    assert values(ex, "Je voudrais sortir de la restauration, les coupures et les soirs c'est fini pour moi", "contrainte") == ["pas_de_nuit"]
    assert values(ex, "les soirs ça me va", "contrainte") == []


@pytest.mark.parametrize("text, constraint", [
    ("Je suis maman de jumeaux de 2 ans et leur père ne s'en occupe pas du tout.", "garde_enfants"),
    ("La médecine du travail a limité le poids que j'ai le droit de manipuler.", "pas_de_charges"),
    ("Tout ce qui est palettes à charger à la main, je ne peux pas.", "pas_de_charges"),
    ("Ma compagne travaille en semaine, on tient à avoir nos deux jours de repos ensemble en fin de semaine.", "pas_de_weekend"),
    ("je tiens à garder mes samedis pour le club", "pas_de_weekend"),
])
def test_constraints_said_indirectly_k(ex, text, constraint):
    # held-out set K, read after its measurement (2026-12-04)
    assert values(ex, text, "contrainte") == [constraint]


def test_an_acceptance_is_no_constraint_and_a_market_no_place(ex):
    assert values(ex, "je veux bien faire les nuits", "contrainte") == []
    assert values(ex, "je tiens à mon samedi matin au marché", "lieu") == []     # not La Marche (58)
    assert values(ex, "j'habite au tech", "lieu") == ["Le Tech"]


@pytest.mark.parametrize("text, constraint", [
    ("Pour aller travailler, ma seule option c'est le TER.", "sans_permis"),
    ("g pa le permi, c mon pote ki m'emmene quand il peut", "sans_permis"),
    ("Il faut que je sois rentrée pour le goûter de ma fille de 6 ans.", "garde_enfants"),
    ("ca me va de commencer a 5h du mat mais finir a 2h du matin non merci", "pas_de_nuit"),
])
def test_constraints_said_indirectly_j(ex, text, constraint):
    # set J, a working set since its second measurement (2026-12-04)
    from actions.kb import get_knowledge
    from actions.slots import profile_updates
    entities = [f.as_rasa(text) for f in ex.extract(text)]
    assert profile_updates({}, entities, "inform", text, get_knowledge()).get("contraintes") == [constraint]
