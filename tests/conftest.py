"""Shared fixtures: the real knowledge base (loaded once), a pinned date, the stack of make run (started once)."""
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


@pytest.fixture(scope="session")
def make_run(tmp_path_factory):
    """The stack of `make run` for tests/browser and tests/stack (tests/make_run.py), one per session."""
    from tests.make_run import make_run_stack

    with make_run_stack(tmp_path_factory.mktemp("stack")) as stack:
        yield stack
