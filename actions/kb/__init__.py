"""Knowledge layer of Cap Industrie: pure Python (no Rasa import), loaded from knowledge/*.yml."""
from .loader import KnowledgeBase, get_knowledge, load_knowledge  # noqa: F401
from .schema import KnowledgeError  # noqa: F401
