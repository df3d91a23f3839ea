"""Mixed initiative: any message fills any profile slot, with context (actions/slots.py)."""
from actions.kb import get_knowledge
from actions.kb.extract import get_extractor
from actions.slots import profile_updates


def updates(text, slots=None, intent="inform"):
    entities = [f.as_rasa(text) for f in get_extractor().extract(text)]
    return profile_updates(slots or {}, entities, intent, text, get_knowledge())


def test_several_facts_in_one_message():
    got = updates("J'ai 43 ans, j'habite à Compiègne")
    assert got["age"] == "43" and got["lieu"] == "Compiègne" and got["lieu_code"] == "commune:60159"


def test_indirect_situation_and_gender():
    got = updates("Bonjour, je suis aide-soignante depuis 15 ans et je voudrais changer de métier", intent="greet")
    assert got["situation"] == "salarie" and got["genre"] == "femme" and "age" not in got


def test_bare_answers_read_with_the_question_asked():
    assert updates("43", {"derniere_question": "age"})["age"] == "43"
    assert updates("non", {"derniere_question": "contraintes"}, intent="deny")["contraintes"] == ["aucune"]
    assert updates("la mécanique", {"derniere_question": "interets"})["interets"] == ["machines"]
    assert "age" not in updates("43")


def test_searching_elsewhere_does_not_move_home():
    got = updates("des événements à Lyon", {"lieu": "Thiers", "lieu_code": "commune:63430"}, intent="ask_events")
    assert "lieu" not in got
    assert updates("j'habite à Lyon, y a des événements ?", intent="ask_events")["lieu"] == "Lyon"


def test_correction_replaces_the_place():
    got = updates("non pas Thiers, Mulhouse", {"lieu": "Thiers", "lieu_code": "commune:63430"})
    assert got["lieu"] == "Mulhouse"


def test_constraints_accumulate_and_none_stands_alone():
    got = updates("je ne peux pas travailler de nuit", {"contraintes": ["aucune"]})
    assert got["contraintes"] == ["pas_de_nuit"]
    got = updates("et j'ai pas le permis", {"contraintes": ["pas_de_nuit"]})
    assert got["contraintes"] == ["pas_de_nuit", "sans_permis"]
    assert updates("je n'ai pas de diplôme")["diplome"] == "sans_diplome"


def test_skip_marks_the_question_declined():
    got = updates("je préfère ne pas le dire", {"derniere_question": "age"}, intent="skip")
    assert got["skipped"] == ["age"]


def test_parent_asking_for_a_child():
    got = updates("mon fils a 15 ans, il aime la mécanique")
    assert got["age"] == "15" and got["proche"] == "enfant" and got["interets"] == ["machines"]


def test_only_changes_are_returned():
    assert updates("j'ai 43 ans", {"age": "43"}) == {}


def test_a_constraint_said_without_its_usual_words_reaches_the_slot_through_the_examples():
    from actions.kb import get_knowledge
    from actions.slots import profile_updates
    kb = get_knowledge()
    out = profile_updates({}, [], "inform", "le mercredi j'ai les petits toute la journée", kb)
    assert out.get("contraintes") == ["garde_enfants"]
    # a question about night work is not a constraint
    assert "contraintes" not in profile_updates({}, [], "ask_trade_conditions", "c'est quoi le travail de nuit ?", kb)


def test_a_question_naming_a_region_does_not_move_the_person():
    """Live turn (2026-12-04, r09): "c'est pas que dans le nord les usines ?" turned Nice into the Nord."""
    home = {"lieu": "Nice", "lieu_code": "commune:06088"}
    assert "lieu" not in updates("c'est pas que dans le nord les usines ?", home, intent="ask_trade_info")
    assert updates("en fait j'habite à Lille maintenant", home)["lieu"] == "Lille"
    assert updates("Lille", {}, intent="inform")["lieu"] == "Lille"


def test_the_person_s_own_words_are_kept_for_the_trades_but_not_questions_dislikes_or_constraints():
    """The affinity of actions/kb/affinity.py compares these words with the trades' sheets."""
    said = updates("Je passe mes journées à customiser des baskets. Y a des métiers où on fait ça ?")
    assert said["propos"] == ["Je passe mes journées à customiser des baskets."]
    kept = updates("la vente ça me saoule grave mais j'adore la cuisine", {"propos": ["bac pro courant fort"]})
    assert kept["propos"] == ["bac pro courant fort", "j'adore la cuisine"]
    assert "propos" not in updates("c'est quoi la soudure ?")
    assert "propos" not in updates("j'ai mal au dos, je ne peux pas porter lourd")
    assert "propos" not in updates("j'ai 43 ans")
    many = {"propos": [f"phrase numéro {i} sur la mécanique" for i in range(8)]}
    assert len(updates("je démonte les scooters de mes potes", many)["propos"]) == 8


def test_a_liking_said_with_a_constraint_in_the_same_message_is_read():
    """Held-out profile H (dev): the constraint used to stop the liking reader for the whole message."""
    out = updates("Je dois les récupérer à 16h30. J'adore monter les meubles en kit et faire des puzzles de 2000 pièces.")
    assert "garde_enfants" in out["contraintes"]
    assert {"manuel", "precision"} & set(out["interets"])


def test_a_liking_in_other_words_is_read_and_a_rejected_one_is_not():
    assert "alimentation" in updates("le dimanche je fais des gâteaux pour toute la famille")["interets"]
    assert "machines" not in (updates("la mécanique ça me dit rien")).get("interets", [])
    assert "manuel" not in updates("je ne me vois pas en atelier").get("interets", [])


def test_each_part_of_a_message_is_read_for_its_own_constraint():
    # the extractor reads the hernia; the Saturday, said in other words, comes from the classifier
    out = updates("j'ai une hernie discale, et le samedi c'est sacré, je suis à la buvette du club de rugby toute la journée")
    assert out.get("contraintes") == ["pas_de_charges", "pas_de_weekend"]
    # a message that states a constraint and then asks keeps the constraint
    out = updates("le soir après 21h je dors, je me lève tôt pour la boulangerie. vous avez quoi ?")
    assert out.get("contraintes") == ["pas_de_nuit"]


def test_a_place_alone_or_someone_else_s_constraint_is_no_constraint_of_the_person():
    assert "contraintes" not in updates("je suis près de Rennes, qu'est-ce que je pourrais faire ?")
    assert "contraintes" not in updates("Je suis près de Rennes. Qu'est-ce que je pourrais faire ?")
    assert "contraintes" not in updates("mon frère n'a pas le permis, moi je l'ai depuis 2019 et j'ai une voiture")


def test_a_pain_is_no_liking():
    # live turn (2026-12-04): "jai mal aux poignets parfois" noted « vous aimez le travail précis »
    assert "interets" not in updates("jai mal aux poignets parfois")
    assert updates("j'aime la couture mais j'ai mal au dos").get("interets") == ["textile"]
