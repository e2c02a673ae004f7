"""Extract gettext messages that CKAN looks up in the merged catalogue but that
CKAN 2.12.0's ckan.pot does not contain, and write them to ``extra.pot``.

Sources:
* the installed CKAN package itself (a few messages newer than ckan.pot);
* installed extensions without their own gettext domain (scheming, spatial,
  xloader, geoview): they call ``toolkit._`` / ``{{ _() }}``, which Flask-Babel
  resolves in the merged catalogue of all loaded domains.  Shipping their
  Indonesian in our ``ckan`` catalogue is therefore enough.

Run: .venv/bin/python scripts/translate/extract_extra.py
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

from common import HERE, ckan_pot_path

EXTENSIONS = ["scheming", "spatial", "xloader", "geoview"]

MAPPING = """\
[python: **.py]
[ckan: **/templates/**.html]
[javascript: **/assets/**.js]
[javascript: **/webassets/**.js]
[javascript: **/public/**.js]
"""

CORE_MAPPING = """\
[python: ckan/**.py]
[ckan: ckan/templates/**.html]
[javascript: ckan/public/base/javascript/**.js]
[python: ckanext/activity/**.py]
[ckan: ckanext/activity/templates/**.html]
[python: ckanext/datastore/**.py]
[ckan: ckanext/datastore/templates/**.html]
[python: ckanext/datatablesview/**.py]
[ckan: ckanext/datatablesview/templates/**.html]
"""


def _extract(mapping: str, src: Path, ignore: str) -> polib.POFile:
    pybabel = Path(sys.executable).with_name("pybabel")
    with tempfile.TemporaryDirectory() as tmp:
        cfg = Path(tmp, "map.cfg")
        cfg.write_text(mapping)
        out = Path(tmp, "out.pot")
        subprocess.run(
            [str(pybabel), "-q", "extract", "-F", str(cfg), "--sort-output",
             f"--ignore-dirs={ignore}", "-o", str(out), str(src)],
            check=True, cwd=tmp)
        return polib.pofile(str(out))


def main() -> None:
    import ckan
    site = Path(os.path.dirname(ckan.__file__)).parent
    known = {(e.msgid, e.msgid_plural) for e in polib.pofile(str(ckan_pot_path()))}
    extra = polib.POFile()
    extra.metadata = {"Content-Type": "text/plain; charset=utf-8",
                      "Content-Transfer-Encoding": "8bit"}
    seen: dict = {}

    def add(pot: polib.POFile, origin: str) -> None:
        for e in pot:
            k = (e.msgid, e.msgid_plural)
            if k in known or not e.msgid.strip():
                continue
            occ = [(os.path.relpath(f, site), l) for f, l in e.occurrences]
            if k in seen:
                seen[k].occurrences.extend(occ)
                if origin not in seen[k].comment:
                    seen[k].comment += " " + origin
                continue
            ne = polib.POEntry(msgid=e.msgid, msgid_plural=e.msgid_plural,
                               occurrences=occ, flags=list(e.flags),
                               comment=origin)
            if e.msgid_plural:
                ne.msgstr_plural = {0: ""}
            seen[k] = ne
            extra.append(ne)

    add(_extract(CORE_MAPPING, site, "tests"), "ckan")
    for name in EXTENSIONS:
        path = site / "ckanext" / name
        if path.is_dir():
            add(_extract(MAPPING, path, "tests 2.8_templates"), f"ckanext-{name}")
    extra.save(str(HERE / "extra.pot"))
    print(len(extra), "extra messages written to", HERE / "extra.pot")


if __name__ == "__main__":
    main()
