"""Fixtures shared by the knowledge-layer tests."""
import shutil

import pytest

from actions.kb.loader import knowledge_dir


@pytest.fixture
def knowledge_copy(tmp_path):
    """A copy of knowledge/ (places linked, not copied) that a test can break."""
    target = tmp_path / "knowledge"
    shutil.copytree(knowledge_dir(), target, ignore=shutil.ignore_patterns("lieux"))
    (target / "lieux").symlink_to(knowledge_dir() / "lieux")
    return target
