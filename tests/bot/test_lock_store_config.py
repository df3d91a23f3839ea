"""Rasa builds bot/lock_store.py from endpoints.yml like its own lock stores (no Redis needed: the client
connects on first use); the race itself is tested against a real Redis in tests/stack/test_lock_store.py."""
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig

from bot.lock_store import AtomicRedisLockStore


def test_endpoints_yml_type_builds_the_atomic_store():
    store = LockStore.create(EndpointConfig(url="127.0.0.1", type="bot.lock_store.AtomicRedisLockStore",
                                            port=6399, db=3, key_prefix="cap"))
    assert isinstance(store, AtomicRedisLockStore)
    kwargs = store.red.connection_pool.connection_kwargs
    assert (kwargs["host"], kwargs["port"], kwargs["db"]) == ("127.0.0.1", 6399, 3)
    assert store.key_prefix.startswith("cap")
