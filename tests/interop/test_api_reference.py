"""The API reference (/api/referensi): every satudata_* action the plugins
register, documented from its docstring and auth, in Indonesian and under
/en/ in English; linked from the footer."""
from __future__ import annotations

import html
import re

import pytest

import ckan.plugins as plugins
import ckan.plugins.toolkit as tk

from ckanext.satudata.logic import docs

pytestmark = pytest.mark.usefixtures("with_plugins")


def registered_satudata_actions() -> list[str]:
    """The satudata_* actions registered through IActions, as tk.get_action
    finds them."""
    names = sorted({name for plugin in plugins.PluginImplementations(plugins.IActions)
                    for name in plugin.get_actions() if name.startswith("satudata_")})
    for name in names:
        assert tk.get_action(name)
    return names


def test_every_action_documents_each_parameter_it_reads_and_who_may_call_it():
    actions = {action.name: action for action in docs.all_actions()}
    assert sorted(actions) == registered_satudata_actions()
    problems = []
    for name, action in actions.items():
        if not action.summary:
            problems.append(f"{name}: no summary")
        if action.callers is None:
            problems.append(f"{name}: its auth function declares no callers")
        if not action.declared and not action.documented and not action.no_params:
            problems.append(f"{name}: no parameter documented (or ':params: none')")
        undocumented = [p for p in action.declared if p not in action.documented]
        if undocumented:
            problems.append(f"{name}: parameters without ':param': {undocumented}")
        if not action.returns:
            problems.append(f"{name}: no ':returns:'")
        unknown = [p.name for p in action.params if p.type == docs.UNKNOWN_TYPE]
        if unknown:
            problems.append(f"{name}: parameters of no known type: {unknown}")
    assert not problems, "\n".join(problems)


def test_a_docstring_is_read_by_the_convention():
    doc = docs.parse("""Summary line
    continued.

    Details.

    :param id: the id (e.g. ``abc``)
        over two lines.
    :param when: required: a day.
    :type when: date
    :returns: ``{a, b}``.
    """)
    assert doc.summary == "Summary line continued."
    assert doc.description == "Details."
    assert doc.params == {"id": "the id (e.g. ``abc``) over two lines.",
                          "when": "required: a day."}
    assert doc.types == {"when": "date"} and doc.returns == "``{a, b}``."
    assert docs.parse(":params: none").no_params


def _sections(page: str) -> dict[str, str]:
    parts = re.split(r'<section id="(satudata_\w+)"', page)
    return dict(zip(parts[1::2], parts[2::2]))


@pytest.mark.parametrize("prefix, language", [("", "id"), ("/en", "en")])
def test_the_reference_page_lists_every_action_with_its_parameters(app, prefix, language):
    response = app.get(f"{prefix}/api/referensi")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f'<html lang="{language}"' in page
    sections = _sections(page)
    assert sorted(sections) == registered_satudata_actions()
    for action in docs.all_actions():
        section = html.unescape(sections[action.name])
        for param in action.params:
            assert f"<code>{param.name}</code>" in section, (action.name, param.name)
        assert f"/api/3/action/{action.name}" in section
        assert action.summary in section


def test_the_reference_page_is_in_indonesian(app):
    page = html.unescape(app.get("/api/referensi").get_data(as_text=True))
    for words in ("Siapa yang boleh memanggil", "Contoh permintaan", "Contoh jawaban",
                  "teks: id atau nama", "Kurator (anggota organisasi kurator) dan admin portal."):
        assert words in page, words
    approve = html.unescape(_sections(page)["satudata_approve"])
    assert "POST " in approve and '"id": "jumlah-posyandu-balowerti-2025"' in approve
    series = html.unescape(_sections(page)["satudata_indicator_series"])
    assert "GET " in series and "?id=balita-ditimbang" in series


def test_the_footer_links_the_reference_not_ckans_api_docs(app):
    page = app.get("/").get_data(as_text=True)
    assert 'href="/api/referensi"' in page
    assert "docs.ckan.org" not in page
