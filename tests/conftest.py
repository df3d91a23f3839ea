"""Shared fixtures: the real knowledge base (loaded once) and a pinned date."""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("CAP_TODAY", "2026-11-23")


@pytest.fixture(scope="session")
def kb():
    from actions.kb import get_knowledge

    return get_knowledge()
