"""A Redis lock store whose ticket updates are atomic across Rasa instances (RasaHQ/rasa#9213).

Rasa 3.6's `RedisLockStore` keeps a conversation's ticket lock as one JSON value and changes it by reading
it, changing it in Python and writing it back (issue a ticket, finish serving one, drop expired ones,
delete the lock when nobody waits). In one process that is safe: nothing awaits between the read and the
write. With two instances sharing the Redis, two reads can happen before either write: both instances
get ticket 0 and both run a turn of the same conversation at once; the SQL tracker store then keeps
only one of the two turns (`make test-scale` lost 9 of 402 messages that way, all of them messages of a
conversation sent to both instances at once).

Here every read-modify-write is one optimistic Redis transaction (WATCH the key, MULTI, write, EXEC; start
again if another instance wrote in between), so tickets are issued in one order for all instances.

    lock_store:
      type: bot.lock_store.AtomicRedisLockStore
      url: 127.0.0.1
      port: 6379
      db: 1
"""
from __future__ import annotations

import json
from typing import Any, Callable, Optional, Text

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore

MAX_ATTEMPTS = 200   # each attempt is two round trips to a local Redis; contention ends in a few


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Any = None, **kwargs: Any) -> None:
        if endpoint_config is not None:   # built by Rasa from endpoints.yml (`type: bot.lock_store…`)
            kwargs = {"host": endpoint_config.url or "localhost", **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)

    def _transaction(self, conversation_id: Text,
                     change: Callable[[Optional[TicketLock]], Optional[TicketLock]]) -> Optional[TicketLock]:
        """Apply `change` to the stored lock atomically: it returns the lock to store, or None to delete it.
        Returns what was stored."""
        from redis.exceptions import WatchError

        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            for _ in range(MAX_ATTEMPTS):
                try:
                    pipe.watch(key)
                    raw = pipe.get(key)
                    lock = TicketLock.from_dict(json.loads(raw)) if raw else None
                    new = change(lock)
                    pipe.multi()
                    if new is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, new.dumps())
                    pipe.execute()
                    return new
                except WatchError:
                    continue   # another instance changed the lock in between: read it again
        raise LockError(f"Lock of conversation '{conversation_id}' too contended ({MAX_ATTEMPTS} attempts).")

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        issued = {}

        def change(lock: Optional[TicketLock]) -> TicketLock:
            lock = lock or self.create_lock(conversation_id)
            issued["ticket"] = lock.issue_ticket(lock_lifetime)
            return lock

        try:
            self._transaction(conversation_id, change)
        except LockError:
            raise
        except Exception as exc:   # same contract as LockStore.issue_ticket
            raise LockError(f"Error while acquiring lock. Error:\n{exc}") from exc
        return issued["ticket"]

    def update_lock(self, conversation_id: Text) -> None:
        def change(lock: Optional[TicketLock]) -> Optional[TicketLock]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock

        self._transaction(conversation_id, change)

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def change(lock: Optional[TicketLock]) -> Optional[TicketLock]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return lock

        self._transaction(conversation_id, change)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Finish this ticket and delete the lock if nobody waits, in one step (otherwise a ticket issued by
        the other instance between the two could be deleted with the lock)."""
        def change(lock: Optional[TicketLock]) -> Optional[TicketLock]:
            if lock is None:
                return None
            lock.remove_ticket_for(ticket_number)
            return lock if lock.is_someone_waiting() else None

        self._transaction(conversation_id, change)
