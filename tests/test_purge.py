"""Retention (scripts/purge.py): conversations whose last event is older than RETENTION_DAYS go, whole."""
import sqlite3
import time

from bot.numbers import HandoffTable
from scripts import purge
from tests.test_export_story import SCHEMA

DAY = 86400.0


def _store(path, rows):
    con = sqlite3.connect(path)
    con.execute(SCHEMA)
    con.executemany("INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', ?, '{}')", rows)
    con.commit()
    con.close()


def _senders(path):
    con = sqlite3.connect(path)
    try:
        return sorted({r[0] for r in con.execute("SELECT sender_id FROM events")})
    finally:
        con.close()


def test_old_conversations_are_deleted_recent_ones_kept(tmp_path):
    now = time.time()
    db = tmp_path / "trackers.db"
    _store(db, [("ancienne", now - 40 * DAY), ("ancienne", now - 35 * DAY),
                ("reprise", now - 40 * DAY), ("reprise", now - 2 * DAY),        # active again: kept whole
                ("recente", now - 1.5 * DAY)])
    handoff = HandoffTable(tmp_path / "handoff.db")
    handoff.register("AAAA-AAAA", "ancienne")
    handoff.register("BBBB-BBBB", "recente")
    env = {"RETENTION_DAYS": "30", "TRACKER_DB": str(db), "HANDOFF_DB": str(tmp_path / "handoff.db")}

    dry = purge.purge_all(env, now=now, dry_run=True)
    assert dry == {"days": 30, "conversations": 1, "numbers": 1}
    assert _senders(db) == ["ancienne", "recente", "reprise"], "a dry run deletes nothing"

    assert purge.purge_all(env, now=now) == {"days": 30, "conversations": 1, "numbers": 1}
    assert _senders(db) == ["recente", "reprise"]
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM events WHERE sender_id = 'reprise'").fetchone()[0] == 2
    con.close()
    assert handoff.lookup("AAAA-AAAA") is None and handoff.lookup("BBBB-BBBB") == "recente"

    # a shorter retention removes more; the setting is in days
    assert purge.purge_all(dict(env, RETENTION_DAYS="1"), now=now)["conversations"] == 2
    assert _senders(db) == []


def test_missing_databases_and_bad_settings_are_harmless(tmp_path):
    env = {"RETENTION_DAYS": "pas un nombre", "TRACKER_DB": str(tmp_path / "absent.db"),
           "HANDOFF_DB": str(tmp_path / "absent2.db")}
    assert purge.purge_all(env) == {"days": 30, "conversations": 0, "numbers": 0}
    assert purge.retention_days({"RETENTION_DAYS": "0"}) == 1
