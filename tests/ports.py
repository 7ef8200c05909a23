"""Ports for the servers tests start."""

from __future__ import annotations

import random
import socket
from pathlib import Path

_EPHEMERAL = Path("/proc/sys/net/ipv4/ip_local_port_range")
_LINUX_DEFAULT = (32768, 60999)
_LOWEST = 10000


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = _EPHEMERAL.read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return _LINUX_DEFAULT


def free_port() -> int:
    """A port nothing listens on now, outside the kernel's range for outgoing connections: a
    server started seconds later (Rasa loads its model first) could otherwise find the port
    taken by some client's connection, as one e2e run did. A developer's `make run` never
    collides either, since it is not free."""
    low, high = _ephemeral_range()
    choices = [port for port in range(_LOWEST, 65536) if not low <= port <= high]
    for port in random.sample(choices, 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port outside the ephemeral range")
