"""A local SMTP server that keeps every message it receives as a file.

The demo and the tests send CKAN's e-mail to it (smtp.server = 127.0.0.1:8025)
so notifications can be read without a real mail server:

    python -m ckanext.satudata.demo.mailsink --port 8025 --maildir var/mail

Each message is written to MAILDIR/<timestamp>-<n>.eml.
"""
from __future__ import annotations

import argparse
import itertools
import os
import signal
import threading
import time

from aiosmtpd.controller import Controller


class MaildirHandler:
    def __init__(self, maildir: str):
        self.maildir = maildir
        self._counter = itertools.count(1)
        os.makedirs(maildir, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        name = "%d-%06d.eml" % (time.time_ns(), next(self._counter))
        temporary = os.path.join(self.maildir, "." + name)
        with open(temporary, "wb") as handle:
            handle.write(envelope.original_content or envelope.content)
        # Rename so a reader never sees half a message.
        os.replace(temporary, os.path.join(self.maildir, name))
        return "250 OK"


def start(host: str, port: int, maildir: str) -> Controller:
    controller = Controller(MaildirHandler(maildir), hostname=host, port=port)
    controller.start()
    return controller


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--maildir", required=True)
    args = parser.parse_args()
    controller = start(args.host, args.port, args.maildir)
    print(f"mail sink on {args.host}:{args.port}, writing to {args.maildir}",
          flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
