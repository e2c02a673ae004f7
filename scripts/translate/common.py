"""Shared helpers for building the Indonesian catalogues of CKAN core.

Translations live in ``scripts/translate/id/*.txt`` in a plain format::

    @@ <key>
    terjemahan satu baris atau lebih
    @@ <key> [0]
    bentuk jamak (indeks 0; bahasa Indonesia hanya punya satu bentuk)

``<key>`` is the first 10 hex digits of sha1(msgid + "\\x04" + msgid_plural),
see :func:`key`.  Leading and trailing whitespace of a translation is taken
from the msgid, so the text files never need to carry it.  Lines starting
with ``#`` are comments, wherever they are.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import polib

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
TRANS_DIR = HERE / "id"
SRC_DIR = HERE / "src"


def ckan_pot_path() -> Path:
    import ckan
    return Path(os.path.dirname(ckan.__file__)) / "i18n" / "ckan.pot"


def ckan_id_po_path() -> Path:
    import ckan
    return Path(os.path.dirname(ckan.__file__)) / "i18n" / "id" / "LC_MESSAGES" / "ckan.po"


def key(msgid: str, msgid_plural: str = "") -> str:
    return hashlib.sha1((msgid + "\x04" + (msgid_plural or "")).encode("utf-8")).hexdigest()[:10]


def entry_key(e: polib.POEntry) -> str:
    return key(e.msgid, e.msgid_plural)


_HEAD = re.compile(r"^@@ ([0-9a-f]{10})(?: \[(\d+)\])?\s*$")


def read_translations(paths) -> dict:
    """Return {key: str | {index: str}} from the given text files."""
    out: dict = {}
    for path in paths:
        cur = None
        buf: list[str] = []

        def flush():
            if cur is None:
                return
            k, idx = cur
            text = "\n".join(buf).strip("\n")
            if idx is None:
                if k in out:
                    raise ValueError(f"{path}: duplicate key {k}")
                out[k] = text
            else:
                out.setdefault(k, {})[int(idx)] = text

        for line in Path(path).read_text(encoding="utf-8").splitlines():
            m = _HEAD.match(line)
            if m:
                flush()
                cur = (m.group(1), m.group(2))
                buf = []
            elif line.startswith("#"):
                continue  # comment (no translation line starts with "#")
            elif cur is not None:
                buf.append(line)
        flush()
    return out


def with_outer_ws(msgid: str, text: str) -> str:
    """Give ``text`` the same leading/trailing whitespace as ``msgid``."""
    lead = msgid[: len(msgid) - len(msgid.lstrip())]
    trail = msgid[len(msgid.rstrip()):]
    return lead + text.strip() + trail


# ---- placeholder checks -------------------------------------------------

_PCT = re.compile(r"%(?:\([A-Za-z0-9_]+\))?[-#0 +]*\d*(?:\.\d+)?[sdirfxXeEgGcu%]")
_BRACE = re.compile(r"\{\{.*?\}\}|\{[A-Za-z0-9_.\[\]]*(?:![rsa])?(?::[^{}]*)?\}")
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\b[^<>]*?/?>")
_URL = re.compile(r"https?://[^\s\"'<>)]+")


_ATTR = re.compile(r"""([A-Za-z_:][-A-Za-z0-9_:.]*)(\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")
# attribute values that are human-readable text and may be translated
TRANSLATABLE_ATTRS = {"title", "alt", "aria-label", "placeholder"}


def _norm_tag(tag: str) -> str:
    m = re.match(r"<(/?)([A-Za-z][A-Za-z0-9]*)(.*?)(/?)>$", tag, re.S)
    if not m:
        return tag
    attrs = []
    for am in _ATTR.finditer(m.group(3)):
        name, value = am.group(1), am.group(3)
        if value is not None and name.lower() in TRANSLATABLE_ATTRS:
            value = "*"
        attrs.append(f"{name}={value}" if value is not None else name)
    return f"<{m.group(1)}{m.group(2)} {' '.join(attrs)}{m.group(4)}>"


def placeholders(s: str, brace: bool = True) -> list[str]:
    """Tokens that must be identical in msgid and msgstr: printf and brace
    placeholders, HTML tags (translatable attribute values masked) and URLs."""
    toks = [t for t in _PCT.findall(s) if t != "%%"]
    if brace:
        toks += _BRACE.findall(s)
    toks += [_norm_tag(t) for t in _TAG.findall(s)]
    toks += _URL.findall(s)
    return sorted(toks)


def strip_placeholders(s: str) -> str:
    s = _PCT.sub(" ", s)
    s = _BRACE.sub(" ", s)
    s = _TAG.sub(" ", s)
    return _URL.sub(" ", s)
