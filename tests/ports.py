"""Free TCP ports on 127.0.0.1 for the stacks the tests start (browser and stack tests)."""
import socket
from typing import List

import pytest


def port_free(port: int) -> bool:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def free_ports(starts: List[int]) -> List[int]:
    """One free port near each preferred port (5105, 5155, 8180…), all different."""
    chosen: List[int] = []
    for start in starts:
        port = start
        while port in chosen or not port_free(port):
            port += 1
            if port > start + 200:
                pytest.fail(f"aucun port libre près de {start} pour lancer la pile de test")
        chosen.append(port)
    return chosen
