"""A stereotype about women in industry, said as a question or along with another request."""
import re

# the question carries the stereotype ("l'industrie c'est pas pour les femmes ?", "un métier d'homme, non ?")
DOUBT_RE = re.compile(r"\bpas (?:fait )?pour (?:les |des )?(?:femmes|filles|nanas|meufs)|m[ée]tiers? d'hommes?|"
                      r"(?:c'?\s?est|c'?\s?[ée]tait|c) (?:que )?pour les (?:hommes|mecs|gar[cç]ons)|(?:un )?monde d'hommes|"
                      r"r[ée]serv[ée]e? aux hommes|que des (?:hommes|mecs)|(?:femmes|filles) (?:ne )?(?:peuvent|savent) pas", re.I)


OPEN_TO_WOMEN = "l'industrie est ouverte aux femmes comme aux hommes ; ce qui compte, ce sont les compétences."


def stereotype_answer(text: str) -> str:
    """The one line that answers a stereotype said along with another request ("c'est quoi les métiers pour
    moi ? on m'a dit que l'usine c'était pour les hommes"), or ""."""
    return f"Non, c'est un préjugé : {OPEN_TO_WOMEN}" if DOUBT_RE.search(text or "") else ""
