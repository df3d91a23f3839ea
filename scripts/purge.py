"""Retention: delete the conversations older than RETENTION_DAYS days (default 30).

    python scripts/purge.py [--days N] [--db .data/trackers.db] [--handoff .data/handoff.db] [--dry-run]
    python scripts/purge.py --db postgresql://user@host:port/db   (the scale-out tracker store, make test-scale)

A conversation is deleted as a whole (every event of its sender id) when its *last* event is older
than the limit; the conversation numbers of the hand-off table (bot/numbers.py) go with it, and
numbers older than the limit too. Run by scripts/supervise.py at start and every hour (so by
`make run`); the web page forgets its own conversation after the same number of days.
"""
from __future__ import annotations

import argparse
import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Dict, Optional

ROOT = Path(__file__).resolve().parents[1]
DAY_S = 86400.0


def retention_days(env: Dict[str, str]) -> int:
    try:
        return max(1, int(env.get("RETENTION_DAYS") or 30))
    except ValueError:
        return 30


def _is_postgres(db) -> bool:
    return str(db).startswith(("postgresql://", "postgres://"))


def purge_trackers(db, days: int, now: Optional[float] = None, dry_run: bool = False) -> list:
    """Sender ids deleted from a tracker store of Rasa's SQLTrackerStore schema (table events): a SQLite
    file, or a PostgreSQL URL (postgresql://user@host:port/db, the scale-out setup of make test-scale)."""
    cutoff = (now or time.time()) - days * DAY_S
    if _is_postgres(db):
        import psycopg2

        con = psycopg2.connect(str(db))
        mark, exists = "%s", "SELECT 1 FROM information_schema.tables WHERE table_name = 'events'"
    else:
        if not Path(db).is_file():
            return []
        con = sqlite3.connect(db, timeout=10)
        mark, exists = "?", "SELECT 1 FROM sqlite_master WHERE type='table' AND name='events'"
    try:
        cur = con.cursor()
        cur.execute(exists)
        if not cur.fetchone():
            return []
        cur.execute(f"SELECT sender_id FROM events GROUP BY sender_id HAVING MAX(timestamp) < {mark}", (cutoff,))
        old = [r[0] for r in cur.fetchall()]
        if old and not dry_run:
            cur.executemany(f"DELETE FROM events WHERE sender_id = {mark}", [(s,) for s in old])
            con.commit()
        return old
    finally:
        con.close()


def purge_handoff(db: Path, days: int, senders: list, now: Optional[float] = None, dry_run: bool = False) -> int:
    if not Path(db).is_file():
        return 0
    cutoff = (now or time.time()) - days * DAY_S
    con = sqlite3.connect(db, timeout=10)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='handoff'").fetchone():
            return 0
        where = "created < ?" + (f" OR sender_id IN ({','.join('?' * len(senders))})" if senders else "")
        params = [cutoff, *senders]
        if dry_run:
            return con.execute(f"SELECT COUNT(*) FROM handoff WHERE {where}", params).fetchone()[0]
        with con:
            return con.execute(f"DELETE FROM handoff WHERE {where}", params).rowcount
    finally:
        con.close()


def purge_all(env: Optional[Dict[str, str]] = None, now: Optional[float] = None, dry_run: bool = False) -> dict:
    env = dict(os.environ if env is None else env)
    days = retention_days(env)
    tracker_db = env.get("TRACKER_DB") or ROOT / ".data" / "trackers.db"
    tracker_db = tracker_db if _is_postgres(tracker_db) else Path(tracker_db)
    handoff_db = Path(env.get("HANDOFF_DB") or ROOT / ".data" / "handoff.db")
    senders = purge_trackers(tracker_db, days, now, dry_run)
    numbers = purge_handoff(handoff_db, days, senders, now, dry_run)
    return {"days": days, "conversations": len(senders), "numbers": numbers}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--days", type=int, default=None, help="default: RETENTION_DAYS or 30")
    ap.add_argument("--db", default=None, help="tracker store: a SQLite file or a postgresql:// URL "
                    "(default: TRACKER_DB or .data/trackers.db)")
    ap.add_argument("--handoff", default=None, help="hand-off table (default: HANDOFF_DB or .data/handoff.db)")
    ap.add_argument("--dry-run", action="store_true", help="count, delete nothing")
    ap.add_argument("--ahead-days", type=float, default=0,
                    help="as if today were N days later (to check the retention, make test-scale)")
    args = ap.parse_args(argv)
    env = dict(os.environ)
    if args.days is not None:
        env["RETENTION_DAYS"] = str(args.days)
    if args.db:
        env["TRACKER_DB"] = args.db
    if args.handoff:
        env["HANDOFF_DB"] = args.handoff
    r = purge_all(env, now=time.time() + args.ahead_days * DAY_S, dry_run=args.dry_run)
    verb = "à supprimer" if args.dry_run else "supprimés"
    print(f"[purge] rétention {r['days']} j : {r['conversations']} conversation(s), {r['numbers']} numéro(s) {verb}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
