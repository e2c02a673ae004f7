"""The Indonesian catalogues shipped in i18n/id/LC_MESSAGES are complete,
consistent with their compiled .mo files, and safe to format.

* no empty (non-header) or fuzzy message in any shipped ``*.po``;
* every msgstr keeps the placeholders, HTML tags, URLs, outer whitespace and
  (absence of) line breaks of its msgid;
* every ``.po`` has a ``.mo`` that holds exactly the same translations;
* the ``ckan`` catalogue covers every msgid of the installed CKAN's ckan.pot;
* plural messages stay Indonesian after Flask-Babel merges all domains.

Pure file checks: no database, no CKAN app. Runs with or without CKAN's
pytest plugin. The catalogue itself is built by scripts/translate/build.py.
"""
from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path

import polib
import pytest

REPO = Path(__file__).resolve().parent.parent
I18N = REPO / "i18n"
ID_DIR = I18N / "id" / "LC_MESSAGES"
PO_FILES = sorted(ID_DIR.glob("*.po"))
CKAN_PO = ID_DIR / "ckan.po"


def _ckan_pot() -> Path:
    import ckan  # only to locate the package; needs no app context
    return Path(os.path.dirname(ckan.__file__)) / "i18n" / "ckan.pot"


def _ids(paths):
    return [p.name for p in paths]


def _messages(po: polib.POFile):
    return [e for e in po if not e.obsolete and e.msgid != ""]


def _forms(e: polib.POEntry) -> list[str]:
    if e.msgid_plural:
        return [e.msgstr_plural[k] for k in sorted(e.msgstr_plural)]
    return [e.msgstr]


# ---- placeholders --------------------------------------------------------
# One definition of "what a translation must keep", shared with the catalogue
# build (scripts/translate/common.py).

def _load_translate_common():
    spec = importlib.util.spec_from_file_location(
        "satudata_translate_common", REPO / "scripts" / "translate" / "common.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_common = _load_translate_common()
placeholders = _common.placeholders
strip_placeholders = _common.strip_placeholders


def test_indonesian_catalogues_are_shipped():
    assert CKAN_PO in PO_FILES, f"{CKAN_PO.relative_to(REPO)} is missing"


@pytest.mark.parametrize("po_path", PO_FILES, ids=_ids(PO_FILES))
def test_no_empty_or_fuzzy_messages(po_path):
    po = polib.pofile(str(po_path))
    bad = []
    for e in _messages(po):
        if "fuzzy" in e.flags:
            bad.append(f"fuzzy: {e.msgid!r}")
        elif any(not s for s in _forms(e)) or not _forms(e):
            bad.append(f"empty: {e.msgid!r}")
    assert not bad, f"{po_path.name}: {len(bad)} bad message(s):\n" + "\n".join(bad[:50])


@pytest.mark.parametrize("po_path", PO_FILES, ids=_ids(PO_FILES))
def test_header(po_path):
    po = polib.pofile(str(po_path))
    assert po.metadata.get("Language") == "id"
    assert "utf-8" in po.metadata.get("Content-Type", "").lower()
    m = re.match(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=",
                 po.metadata.get("Plural-Forms", ""))
    assert m, "Plural-Forms header missing"
    nplurals = int(m.group(1))
    wrong = [e.msgid for e in _messages(po)
             if e.msgid_plural and sorted(e.msgstr_plural) != list(range(nplurals))]
    assert not wrong, f"plural entries without exactly {nplurals} form(s): {wrong}"


@pytest.mark.parametrize("po_path", PO_FILES, ids=_ids(PO_FILES))
def test_placeholders_match(po_path):
    po = polib.pofile(str(po_path))
    bad = []
    for e in _messages(po):
        # a printf-only message may contain literal braces, and vice versa
        brace = "python-format" not in e.flags or "python-brace-format" in e.flags
        ref = e.msgid_plural or e.msgid
        # a plural form may follow either msgid (e.g. "one character") or msgid_plural
        allowed = [placeholders(ref, brace)]
        if e.msgid_plural:
            allowed.append(placeholders(e.msgid, brace))
        lead = re.match(r"\s*", ref).group()
        trail = ref[len(ref.rstrip()):]
        for s in _forms(e):
            if not s:
                continue
            if placeholders(s, brace) not in allowed:
                bad.append(f"{ref!r}\n    -> {s!r}")
            if ("\n" in s.strip()) != ("\n" in ref.strip()):
                bad.append(f"line breaks differ: {ref!r}\n    -> {s!r}")
            if s[:len(s) - len(s.lstrip())] != lead or s[len(s.rstrip()):] != trail:
                bad.append(f"outer whitespace differs: {ref!r}\n    -> {s!r}")
    assert not bad, f"{po_path.name}: {len(bad)} mismatch(es):\n" + "\n".join(bad[:50])


def _translation_map(entries) -> dict:
    out = {}
    for e in entries:
        if e.obsolete or e.msgid == "" or "fuzzy" in e.flags:
            continue
        if e.msgid_plural:
            forms = tuple(e.msgstr_plural[k] for k in sorted(e.msgstr_plural))
            if any(forms):
                out[(e.msgctxt, e.msgid, e.msgid_plural)] = forms
        elif e.msgstr:
            out[(e.msgctxt, e.msgid, None)] = e.msgstr
    return out


@pytest.mark.parametrize("po_path", PO_FILES, ids=_ids(PO_FILES))
def test_mo_is_compiled_from_current_po(po_path, tmp_path):
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), (
        f"{mo_path.name} is missing: run scripts/translate/build.py "
        f"(or pybabel compile -D {po_path.stem} -d i18n -l id)")
    po = polib.pofile(str(po_path))
    # compile the .po with polib, read both .mo files back, compare translations
    fresh = tmp_path / "fresh.mo"
    po.save_as_mofile(str(fresh))
    expected = _translation_map(polib.mofile(str(fresh)))
    assert expected == _translation_map(po)
    shipped_mo = polib.mofile(str(mo_path))
    shipped = _translation_map(shipped_mo)
    stale = sorted(k[1] for k in set(expected) ^ set(shipped)) + sorted(
        k[1] for k in set(expected) & set(shipped) if expected[k] != shipped[k])
    assert not stale, (
        f"{mo_path.name} is out of date with {po_path.name} ({len(stale)} message(s) differ, "
        f"e.g. {stale[:5]}): recompile it")
    assert shipped_mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms")


def test_ckan_catalogue_covers_installed_ckan_pot():
    pot_path = _ckan_pot()
    assert pot_path.is_file(), pot_path
    pot = polib.pofile(str(pot_path))
    po = polib.pofile(str(CKAN_PO))
    shipped = {(e.msgctxt, e.msgid): e for e in _messages(po)}
    missing = [e.msgid for e in pot if e.msgid and (e.msgctxt, e.msgid) not in shipped]
    assert not missing, (
        f"{len(missing)} msgid(s) of {pot_path} missing from i18n/id/LC_MESSAGES/ckan.po "
        f"(run scripts/translate/export.py, translate, then build.py): {missing[:20]}")
    plural_mismatch = [e.msgid for e in pot if e.msgid_plural
                       and shipped[(e.msgctxt, e.msgid)].msgid_plural != e.msgid_plural]
    assert not plural_mismatch, plural_mismatch


# Words the glossary (i18n/GLOSSARY.md) replaces; placeholders are ignored.
_BANNED = {
    r"\bkumpulan data\b": "dataset",
    r"\bsumber ?daya\b": "sumber data",
    r"\bsilahkan\b": "silakan",
    r"\bpassword\b": "kata sandi",
    r"\bpratayang\b": "pratinjau",
}


def test_ckan_catalogue_follows_glossary():
    po = polib.pofile(str(CKAN_PO))
    bad = []
    for e in _messages(po):
        for s in _forms(e):
            text = strip_placeholders(s)
            for rx, good in _BANNED.items():
                if re.search(rx, text, re.I):
                    bad.append(f"{s!r}: use {good!r}")
            if re.search(r"\banda\b", text):
                bad.append(f"{s!r}: write 'Anda'")
    assert not bad, "\n".join(bad)


def _translation_dirs_and_domains():
    """What CKAN gives Flask-Babel with ckan.i18n_directory = <repo>/i18n and
    the satudata plugin (DefaultTranslation: <package>/i18n, ckanext-satudata)."""
    return ([str(I18N), str(REPO / "ckanext" / "satudata" / "i18n")],
            ["ckan", "ckanext-satudata"])


def test_plural_messages_stay_indonesian_after_domain_merge():
    """Flask-Babel 4.0.0 merges all domains and keeps the plural() of the last
    one; a domain without an `id` catalogue brings the English rule (ckan#8258).
    Every plural message must still come out in Indonesian for n = 1 and n = 5."""
    flask = pytest.importorskip("flask")
    flask_babel = pytest.importorskip("flask_babel")
    dirs, domains = _translation_dirs_and_domains()
    app = flask.Flask("i18n_merge_check")
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(dirs)
    app.config["BABEL_DOMAIN"] = ";".join(domains)
    flask_babel.Babel(app, locale_selector=lambda: "id")
    po = polib.pofile(str(CKAN_PO))
    english = []
    with app.test_request_context():
        merged = flask_babel.get_translations()
        for e in _messages(po):
            if not e.msgid_plural:
                continue
            for n in (1, 5):
                got = merged.ungettext(e.msgid, e.msgid_plural, n)
                if got not in _forms(e):
                    english.append((n, e.msgid, got))
        assert merged.ugettext("Add Dataset") == po.find("Add Dataset").msgstr
    assert not english, f"plural messages shown in English: {english}"
