"""(1) A young person's journey, done with the quick-reply buttons, up to a trade sheet."""
import re


def test_parcours_jeune_jusqu_a_la_fiche_metier(journey):
    steps = journey["steps"]
    # the buttons' titles were shown as the person's own messages, and what they typed too
    user = " | ".join(journey["user_texts"])
    for said in ("Trouver un métier pour moi", "17", "Thiers", journey["chosen"]):
        assert said in user, f"« {said} » devait apparaître comme message de la personne : {user}"
    assert not any(re.search(r"/\w+|\{", t) for t in journey["user_texts"]), \
        f"une commande interne (/intent…) est visible : {journey['user_texts']}"
    # three trades proposed, each with its button
    assert len(journey["trades"]) == 3 and len(set(journey["trades"])) == 3, journey["trades"]
    for title in journey["trades"]:
        assert title.lower() in steps["contrainte"].lower(), f"le métier « {title} » n'est pas décrit dans la proposition"
    # the trade sheet of the chosen trade
    fiche = steps["fiche"]
    assert journey["chosen"].split(" / ")[0].lower() in fiche.lower(), fiche
    assert "Accès" in fiche, f"la fiche métier doit indiquer l'accès : {fiche!r}"
    assert re.search(r"réalité", fiche, re.I), fiche
