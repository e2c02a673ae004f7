"""A gunicorn worker killed mid-request (issue #15, item 5): the portal under
the production profile's gunicorn settings (deploy/gunicorn.conf.py,
deploy/wsgi.py), here on a free loopback port with this test run's own
configuration. One worker is killed (SIGKILL) while it is inside a request;
the next request is answered, and gunicorn replaces the worker."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import gunicorn_ini, start_gunicorn, stop_gunicorn

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db")

BOOT_SECONDS = 180


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def _server_socket_inode(port: int, client_port: int) -> str | None:
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
        if (int(local.split(":")[1], 16) == port and int(remote.split(":")[1], 16) == client_port
                and state == "01"):
            return inode
    return None


def _listening(arbiter: subprocess.Popen, port: int, log: Path) -> bool:
    if arbiter.poll() is not None:
        raise AssertionError("gunicorn stopped:\n" + log.read_text(errors="replace")[-3000:])
    return any(int(line.split()[1].split(":")[1], 16) == port and line.split()[3] == "0A"
               for line in Path("/proc/net/tcp").read_text().splitlines()[1:])


def _holder(workers: set[int], inode: str) -> int | None:
    for pid in workers:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]":
                    return pid
        except OSError:
            continue
    return None


def _until(condition, what: str, seconds: float = BOOT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds}s: {what}")


@pytest.fixture
def gunicorn(request, tmp_path):
    """The production profile's gunicorn with two workers, on this test run's
    configuration (the databases of --ckan-ini)."""
    ini = gunicorn_ini(request.config.getoption("--ckan-ini"), tmp_path)
    arbiter, port = start_gunicorn(ini, tmp_path / "gunicorn.log", workers=2)
    try:
        _until(lambda: _listening(arbiter, port, tmp_path / "gunicorn.log"),
               "gunicorn listening")
        yield arbiter, port
    finally:
        stop_gunicorn(arbiter)


def _get(port: int, path: str = "/api/3/action/status_show") -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}",
                                timeout=BOOT_SECONDS) as response:
        return response.status


def test_a_worker_killed_mid_request_and_the_next_request_is_answered(gunicorn):
    arbiter, port = gunicorn
    assert _get(port) == 200  # answered once a worker has started
    workers = _until(lambda: len(_children(arbiter.pid)) == 2 and _children(arbiter.pid),
                     "two workers")

    # A request whose body never finishes arriving: its worker waits inside it.
    client = socket.create_connection(("127.0.0.1", port))
    client.sendall(b"POST /api/3/action/package_search HTTP/1.1\r\nHost: localhost\r\n"
                   b"Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"q\": ")
    inode = _until(lambda: _server_socket_inode(port, client.getsockname()[1]),
                   "the connection accepted")
    victim = _until(lambda: _holder(workers, inode), "the worker holding the request")
    os.kill(victim, signal.SIGKILL)

    client.settimeout(30)
    try:
        answer = client.recv(1024)
    except ConnectionResetError:
        answer = b""
    client.close()
    assert answer == b""  # the killed request got no answer, as a browser would see

    assert _get(port) == 200
    assert _get(port, "/dataset/") == 200
    # gunicorn replaced the killed worker: two workers again, the victim gone.
    replaced = _until(lambda: (len(_children(arbiter.pid)) == 2
                               and victim not in _children(arbiter.pid)), "a new worker")
    assert replaced and arbiter.poll() is None
    for _ in range(4):
        assert _get(port) == 200
