"""Dump CKAN core's ckan.pot into review batches (src/NN.txt).

Each batch lists key, occurrences, flags, msgid (and plural), and the
translation of CKAN's own Indonesian catalogue as a hint.  Translations are
written by hand to id/NN.txt (see common.py for the format).
"""
from __future__ import annotations

import polib

from common import SRC_DIR, ckan_id_po_path, ckan_pot_path, entry_key

BATCH = 100


def main() -> None:
    pot = polib.pofile(str(ckan_pot_path()))
    old = {(e.msgid, e.msgid_plural): e for e in polib.pofile(str(ckan_id_po_path()))}
    entries = sorted(pot, key=lambda e: (e.occurrences[0][0] if e.occurrences else "", int(e.occurrences[0][1] or 0) if e.occurrences else 0))
    SRC_DIR.mkdir(exist_ok=True)
    for n in range(0, len(entries), BATCH):
        lines = []
        for e in entries[n:n + BATCH]:
            occ = ", ".join(f"{f}:{l}" for f, l in e.occurrences[:2])
            lines.append(f"@@ {entry_key(e)}   # {occ} {' '.join(e.flags)}")
            lines.append("msgid: " + repr(e.msgid))
            if e.msgid_plural:
                lines.append("plural: " + repr(e.msgid_plural))
            o = old.get((e.msgid, e.msgid_plural))
            if o is not None and o.translated():
                lines.append("old: " + repr(o.msgstr or o.msgstr_plural.get(0, "")))
            lines.append("")
        (SRC_DIR / f"{n // BATCH:02d}.txt").write_text("\n".join(lines), encoding="utf-8")
    print(len(entries), "entries in", (len(entries) + BATCH - 1) // BATCH, "batches")


if __name__ == "__main__":
    main()
