"""The extension's own translation domain, ``ckanext-satudata``.

User-facing strings are written in Indonesian in the sources (the msgids);
``i18n/en/LC_MESSAGES/ckanext-satudata.po`` holds their English translation.

* every string the sources mark for translation (extracted in memory with
  Babel and the method map of ``babel.cfg``, as ``scripts/i18n.sh`` does) is
  in the English catalogue and in ``i18n/ckanext-satudata.pot``, and neither
  holds strings the sources no longer have;
* every English msgstr is filled in, not fuzzy, and keeps the placeholders of
  its msgid;
* the compiled ``.mo`` holds exactly the translations of the ``.po``;
* at runtime, with the plugin loaded, CKAN's gettext returns the English text
  for the ``en`` locale (both ``toolkit._`` in a request context and a page
  under ``/en/``).

When a check about missing or stale strings fails: run ``bash scripts/i18n.sh``,
translate the new entries of the English .po, and run ``bash scripts/i18n.sh``
again to compile it.

No database fixture is used.
"""
from __future__ import annotations

import re
import string
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent
DOMAIN = "ckanext-satudata"
POT = REPO / "i18n" / f"{DOMAIN}.pot"
EN_PO = REPO / "i18n" / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
EN_MO = EN_PO.with_suffix(".mo")
BABEL_CFG = REPO / "babel.cfg"

FIX = ("run `bash scripts/i18n.sh`, translate the new entries of "
       "i18n/en/LC_MESSAGES/ckanext-satudata.po, then run `bash scripts/i18n.sh` "
       "again to compile the .mo")


# ---- extraction ------------------------------------------------------------

def _extract() -> dict[tuple[str | None, str], list[str]]:
    """The messages the sources mark for translation, as `pybabel extract -F
    babel.cfg .` (scripts/i18n.sh) finds them: {(msgctxt, msgid): ["file:line"]}.

    The ``ckan`` method (templates) is the entry point that this project's
    setup.py registers (ckan.lib.extract:extract_ckan)."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    with open(BABEL_CFG) as fileobj:
        method_map, options_map = parse_mapping_cfg(fileobj, filename=str(BABEL_CFG))
    catalog = Catalog()
    for filename, lineno, message, _comments, context in extract_from_dir(
            str(REPO), method_map, options_map, keywords=DEFAULT_KEYWORDS):
        catalog.add(message, None, [(filename, lineno)], context=context)
    found: dict[tuple[str | None, str], list[str]] = {}
    for message in catalog:
        if not message.id:
            continue  # the header
        msgid = message.id[0] if isinstance(message.id, (tuple, list)) else message.id
        found[(message.context, msgid)] = [f"{f}:{n}" for f, n in message.locations]
    return found


@pytest.fixture(scope="module")
def extracted() -> dict[tuple[str | None, str], list[str]]:
    found = _extract()
    assert found, f"no message extracted from {REPO} with {BABEL_CFG.name}"
    return found


@pytest.fixture(scope="module")
def en_po() -> polib.POFile:
    assert EN_PO.is_file(), f"{EN_PO.relative_to(REPO)} is missing: {FIX}"
    return polib.pofile(str(EN_PO))


def _messages(po: polib.POFile) -> list[polib.POEntry]:
    return [e for e in po if not e.obsolete and e.msgid != ""]


def _keys(po: polib.POFile) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in _messages(po)}


def _describe(keys, locations=None) -> str:
    lines = []
    for ctx, msgid in sorted(keys, key=lambda k: (k[1], k[0] or "")):
        where = f"  ({', '.join(locations[(ctx, msgid)])})" if locations else ""
        prefix = f"[{ctx}] " if ctx else ""
        lines.append(f"  msgid {prefix}{msgid!r}{where}")
    return "\n".join(lines)


def test_source_strings_are_in_the_english_catalogue(extracted, en_po):
    missing = set(extracted) - _keys(en_po)
    assert not missing, (
        f"{len(missing)} source string(s) missing from "
        f"i18n/en/LC_MESSAGES/{DOMAIN}.po ({FIX}):\n" + _describe(missing, extracted))


def test_english_catalogue_has_no_stale_strings(extracted, en_po):
    stale = _keys(en_po) - set(extracted)
    assert not stale, (
        f"{len(stale)} msgid(s) of i18n/en/LC_MESSAGES/{DOMAIN}.po no longer in "
        f"the sources (run `bash scripts/i18n.sh` to drop them):\n" + _describe(stale))


def test_pot_matches_the_sources(extracted):
    assert POT.is_file(), f"{POT.relative_to(REPO)} is missing: {FIX}"
    pot = _keys(polib.pofile(str(POT)))
    missing, stale = set(extracted) - pot, pot - set(extracted)
    assert not missing and not stale, (
        f"i18n/{DOMAIN}.pot is out of date ({FIX}).\n"
        f"Not in the .pot:\n{_describe(missing, extracted) or '  -'}\n"
        f"No longer in the sources:\n{_describe(stale) or '  -'}")


# ---- the English translations ----------------------------------------------

def _forms(e: polib.POEntry) -> list[str]:
    if e.msgid_plural:
        return [e.msgstr_plural[k] for k in sorted(e.msgstr_plural)]
    return [e.msgstr]


def test_english_catalogue_header(en_po):
    # pybabel compile silently skips a catalogue whose header is fuzzy
    header_flags = en_po.metadata_is_fuzzy or []  # polib: the header entry's flags
    assert "fuzzy" not in header_flags, (
        f"the header of {EN_PO.name} is marked fuzzy: pybabel compile would skip it")
    assert en_po.metadata.get("Language") == "en"
    assert "utf-8" in en_po.metadata.get("Content-Type", "").lower()


def test_no_empty_or_fuzzy_translations(en_po):
    bad = []
    for e in _messages(en_po):
        if "fuzzy" in e.flags:
            bad.append(f"  fuzzy: msgid {e.msgid!r}")
        elif not all(_forms(e)):
            bad.append(f"  empty: msgid {e.msgid!r}")
    assert not bad, (
        f"{len(bad)} English translation(s) to write in "
        f"i18n/en/LC_MESSAGES/{DOMAIN}.po (then run `bash scripts/i18n.sh`):\n"
        + "\n".join(bad))


_PRINTF = re.compile(r"%(?:\([A-Za-z0-9_]+\))?[-#0 +]*\d*(?:\.\d+)?[sdirfxXeEgGcu]")
_BRACE = re.compile(r"\{[^{}]*\}")


def placeholders(text: str) -> list[str]:
    """The str.format fields ({name}, {0}, {x:>3}) and printf placeholders
    (%s, %(name)s) of `text`, sorted."""
    try:
        fields = ["{" + name + ("!" + conv if conv else "") + (":" + spec if spec else "") + "}"
                  for _lit, name, spec, conv in string.Formatter().parse(text)
                  if name is not None]
    except ValueError:  # not a valid format string: compare the raw {...}
        fields = _BRACE.findall(text)
    return sorted(fields + _PRINTF.findall(text.replace("%%", "")))


def test_placeholders_are_kept(en_po):
    bad = []
    for e in _messages(en_po):
        expected = placeholders(e.msgid_plural or e.msgid)
        allowed = [expected, placeholders(e.msgid)]
        for s in _forms(e):
            if s and placeholders(s) not in allowed:
                bad.append(f"  msgid {e.msgid!r} {expected}\n"
                           f"    msgstr {s!r} {placeholders(s)}")
    assert not bad, (
        f"{len(bad)} English translation(s) whose placeholders differ from the msgid's "
        f"(keep every {{name}} exactly):\n" + "\n".join(bad))


def _translations(entries) -> dict:
    out = {}
    for e in entries:
        if e.obsolete or e.msgid == "" or "fuzzy" in e.flags:
            continue
        forms = tuple(_forms(e))
        if any(forms):
            out[(e.msgctxt, e.msgid, e.msgid_plural or None)] = forms
    return out


def test_mo_is_compiled_from_the_current_po(en_po):
    assert EN_MO.is_file(), f"{EN_MO.relative_to(REPO)} is missing: run `bash scripts/i18n.sh`"
    expected = _translations(en_po)
    shipped = _translations(polib.mofile(str(EN_MO)))
    differ = sorted(k[1] for k in set(expected) ^ set(shipped)) + sorted(
        k[1] for k in set(expected) & set(shipped) if expected[k] != shipped[k])
    assert not differ, (
        f"{EN_MO.name} is out of date with {EN_PO.name}: {len(differ)} message(s) differ; "
        f"run `bash scripts/i18n.sh` to recompile:\n"
        + "\n".join(f"  msgid {m!r}" for m in differ))


# ---- runtime -----------------------------------------------------------------

RUNTIME_MSGID = "Templat tidak ditemukan."  # views/templates.py, the CSV template 404


@pytest.fixture
def english(en_po) -> str:
    entry = en_po.find(RUNTIME_MSGID)
    assert entry is not None and entry.msgstr, (
        f"{RUNTIME_MSGID!r} is not translated in {EN_PO.name}: {FIX}")
    assert entry.msgstr != RUNTIME_MSGID
    return entry.msgstr


@pytest.mark.usefixtures("with_plugins")
def test_toolkit_gettext_translates_to_english(app, test_request_context, english, en_po):
    import ckan.plugins.toolkit as tk
    from ckanext.satudata.translation import _ as geo_gettext

    with test_request_context(environ_overrides={"CKAN_LANG": "en"}):
        assert tk._(RUNTIME_MSGID) == english
        # the geo package's own `_` defers to CKAN's gettext
        assert geo_gettext("lintang") == en_po.find("lintang").msgstr
    with test_request_context(environ_overrides={"CKAN_LANG": "id"}):
        assert tk._(RUNTIME_MSGID) == RUNTIME_MSGID


@pytest.mark.usefixtures("with_plugins")
def test_page_under_en_prefix_is_english(app, english):
    response = app.get("/en/templat/tidak-ada.csv", status=404)
    assert english in response.get_data(as_text=True)
    response = app.get("/templat/tidak-ada.csv", status=404)
    body = response.get_data(as_text=True)
    assert RUNTIME_MSGID in body and english not in body
