"""Demo accounts for `make demo`: one per role of the portal.

Passwords are generated on first use and kept in a file outside the
repository (var/demo-accounts.txt by default), never in the code.
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoAccount:
    name: str
    fullname: str
    role_description: str
    sysadmin: bool = False
    memberships: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def email(self) -> str:
        return f"{self.name}@example.com"


DEMO_ACCOUNTS = (
    DemoAccount("admin", "Admin Portal", "admin portal (sysadmin)",
                sysadmin=True),
    DemoAccount("kurator", "Kurator Diskominfo",
                "kurator Diskominfo", memberships=(("diskominfo", "editor"),)),
    DemoAccount("pic-balowerti", "PIC Satu Data Balowerti",
                "PIC Kelurahan Balowerti",
                memberships=(("kelurahan-balowerti", "editor"),)),
    DemoAccount("pic-bandar-lor", "PIC Satu Data Bandar Lor",
                "PIC Kelurahan Bandar Lor",
                memberships=(("kelurahan-bandar-lor", "editor"),)),
    DemoAccount("pengguna", "Perencana Bappeda",
                "pengguna terdaftar (perencana)"),
)


def load_or_create_passwords(path: str) -> dict[str, str]:
    """Read `name:password` lines from `path`, adding any missing account."""
    passwords: dict[str, str] = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                name, sep, password = line.rstrip("\n").partition(":")
                if sep and password:
                    passwords[name] = password
    missing = [a.name for a in DEMO_ACCOUNTS if a.name not in passwords]
    if missing:
        for name in missing:
            passwords[name] = "Kediri-" + secrets.token_urlsafe(9)
        os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            for name, password in passwords.items():
                handle.write(f"{name}:{password}\n")
    return passwords
