"""Nearest events: distance and date window, nearest first; synthetic events only when asked."""
import datetime as dt

from actions.kb.loader import load_knowledge
from scripts.synthetic_events import generate


def test_events_near_belfort_in_november_2024(kb):
    belfort = kb.places.resolve("Belfort")
    hits = kb.events_near(belfort, 50, dt.date(2024, 11, 1), dt.date(2024, 11, 30))
    assert hits and hits[0].event.commune == "Belfort" and hits[0].distance_km < 5
    assert [h.distance_km for h in hits] == sorted(h.distance_km for h in hits)


def test_date_window_excludes_past_events(kb):
    belfort = kb.places.resolve("Belfort")
    assert kb.events_near(belfort, 100, dt.date(2026, 11, 23), dt.date(2027, 3, 1)) == []


def test_radius_is_respected(kb):
    brest = kb.places.resolve("Brest")
    for h in kb.events_near(brest, 30, None, None, limit=50):
        assert h.distance_km <= 30


def test_synthetic_events_are_never_loaded_by_default(kb, tmp_path):
    assert not any(e.synthetique for e in kb.evenements)
    extra = generate(200, seed=3, places=kb.places)
    big = load_knowledge(extra_events=extra, places=kb.places)
    assert len(big.evenements) == len(kb.evenements) + 200
    assert sum(e.synthetique for e in big.evenements) == 200
    lyon = kb.places.resolve("Lyon")
    assert all(h.distance_km <= 300 for h in big.events_near(lyon, 300, None, None, limit=20))
