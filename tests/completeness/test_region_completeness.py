"""The completeness dashboard of another region: Kabupaten Blitar and
Kabupaten Kediri together (``ckanext.satudata.wilayah`` = "35.05 35.06"),
where two kecamatan are called Wates (35.05.20 and 35.06.06). The matrix
is filtered by kabupaten/kota and kecamatan code, searched by name and
paginated; the summary counts per kecamatan code. The review queue's
kecamatan filter takes the same codes."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories

from ckanext.satudata import reference
from ckanext.satudata.helpers import forms as forms_helpers
from ckanext.satudata.model import completeness as reads
from tests.completeness.samples import profile
from tests.helpers import call_as, publish

TWO_KABUPATEN = "35.05 35.06"
WATES_KEDIRI, WATES_BLITAR = "35.06.06", "35.05.20"

pytestmark = [pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
              pytest.mark.ckan_config("ckanext.satudata.wilayah", TWO_KABUPATEN)]


def _region():
    return reference.region(("35.05", "35.06"))


@pytest.fixture
def curator(sysadmin):
    diskominfo = factories.Organization(name="diskominfo", jenis_organisasi="kurator")
    user = factories.User()
    call_as(sysadmin, "organization_member_create", id=diskominfo["id"],
            username=user["name"], role="editor")
    return user


@pytest.fixture
def desa_in_wates_kediri(sysadmin):
    """The first desa of Kecamatan Wates (Kabupaten Kediri), with this year's
    profile published."""
    desa = _region().kelurahan_of_kecamatan(WATES_KEDIRI)[0]
    organization = factories.Organization(name=desa.organization_name, title=desa.title,
                                          jenis_organisasi="kelurahan", kode_wilayah=desa.kode)
    dataset = call_as(sysadmin, "package_create",
                      **profile(organization["id"], desa.organization_name))
    publish(sysadmin, dataset)
    return desa


def _get(app, url, user, **kwargs):
    token = call_as(user, "api_token_create", user=user["name"], name="web")["token"]
    return app.get(url, headers={"Authorization": token}, **kwargs)


def test_the_matrix_of_kecamatan_35_06_06_holds_only_the_wates_of_kabupaten_kediri(
        curator, desa_in_wates_kediri):
    result = call_as(curator, "satudata_completeness", kecamatan=WATES_KEDIRI)

    members = _region().kelurahan_of_kecamatan(WATES_KEDIRI)
    assert result["count"] == len(members) == len(result["kelurahan"])
    assert {row["kode"] for row in result["kelurahan"]} == {k.kode for k in members}
    assert {(row["kode_kecamatan"], row["kabupaten"]) for row in result["kelurahan"]} == {
        (WATES_KEDIRI, "Kabupaten Kediri")}
    row = next(r for r in result["kelurahan"] if r["kode"] == desa_in_wates_kediri.kode)
    assert row["cells"]["profil"]["state"] == "terbit"
    assert row["kecamatan_label"] == "Wates (Kabupaten Kediri)"


def test_a_kecamatan_name_two_kecamatan_share_is_refused_naming_both_codes(curator):
    with pytest.raises(tk.ValidationError) as error:
        call_as(curator, "satudata_completeness", kecamatan="Wates")
    [message] = error.value.error_dict["kecamatan"]
    assert f"{WATES_BLITAR} (Kabupaten Blitar)" in message
    assert f"{WATES_KEDIRI} (Kabupaten Kediri)" in message
    # Within one kabupaten/kota the name is unique again.
    within = call_as(curator, "satudata_completeness", kecamatan="wates", kabupaten="35.05")
    assert {row["kode_kecamatan"] for row in within["kelurahan"]} == {WATES_BLITAR}
    with pytest.raises(tk.ValidationError) as error:
        call_as(curator, "satudata_completeness", kabupaten="35.71")
    assert "35.05 (Kabupaten Blitar)" in error.value.error_dict["kabupaten"][0]


def test_the_api_answers_409_with_the_message(app, curator):
    response = _get(app, "/api/3/action/satudata_completeness?kecamatan=Wates", curator,
                    status=409)
    assert "35.05.20" in response.get_data(as_text=True)
    assert "35.06.06" in response.get_data(as_text=True)
    assert _get(app, "/kelengkapan.csv?kecamatan=Wates", curator, status=409)


def test_the_dashboard_says_why_a_shared_name_filters_nothing(app, curator):
    page = _get(app, "/kelengkapan?kecamatan=Wates", curator).get_data(as_text=True)
    assert "Ada lebih dari satu Kecamatan Wates" in page
    assert "invalid-feedback" in page
    # The select offers codes with labels telling the two apart.
    assert f'<option value="{WATES_BLITAR}" >Wates (Kabupaten Blitar)</option>' in page
    assert f'<option value="{WATES_KEDIRI}" >Wates (Kabupaten Kediri)</option>' in page


def test_every_refused_filter_is_named_and_dropped(app, curator):
    with pytest.raises(tk.ValidationError) as error:
        call_as(curator, "satudata_completeness", kabupaten="99.99", kecamatan="Wates",
                state="hilang")
    assert set(error.value.error_dict) == {"kabupaten", "kecamatan", "state"}
    page = _get(app, "/kelengkapan?kabupaten=99.99&kecamatan=Wates", curator)
    text = page.get_data(as_text=True)
    assert "Kabupaten/kota tidak dikenal: 99.99" in text
    assert "Ada lebih dari satu Kecamatan Wates" in text
    assert text.count('<tr data-organization="') == 50


def test_the_dashboard_filters_by_code_and_shows_kabupaten_kediri_only(app, curator):
    page = _get(app, f"/kelengkapan?kecamatan={WATES_KEDIRI}", curator).get_data(as_text=True)
    kediri = _region().kelurahan_of_kecamatan(WATES_KEDIRI)
    blitar = _region().kelurahan_of_kecamatan(WATES_BLITAR)
    assert page.count('<tr data-organization="') == len(kediri)
    assert all(f'data-organization="{k.organization_name}"' in page for k in kediri)
    assert not any(f'data-organization="{k.organization_name}"' in page for k in blitar)
    assert f'<option value="{WATES_KEDIRI}" selected>' in page
    assert "Kecamatan Wates (Kabupaten Kediri)" in page


def test_the_dashboard_is_paginated_fifty_rows_a_page(app, curator):
    everything = len(_region().kelurahan)
    first = call_as(curator, "satudata_completeness")
    second = call_as(curator, "satudata_completeness", page=2)
    assert first["count"] == second["count"] == everything
    assert len(first["kelurahan"]) == len(second["kelurahan"]) == 50
    assert not {r["kode"] for r in first["kelurahan"]} & {r["kode"] for r in second["kelurahan"]}

    page = _get(app, "/kelengkapan?page=2", curator).get_data(as_text=True)
    assert page.count('<tr data-organization="') == 50
    assert f'data-organization="{second["kelurahan"][0]["organization"]}"' in page
    assert f'data-organization="{first["kelurahan"][0]["organization"]}"' not in page
    assert 'href="/kelengkapan?page=3"' in page and 'href="/kelengkapan?page=1"' in page
    assert f"51–100 dari {everything}" in page


def test_the_dashboard_searches_by_desa_name(app, curator):
    wanted = _region().kelurahan_of_kecamatan(WATES_KEDIRI)[0]
    result = call_as(curator, "satudata_completeness", q=wanted.nama.upper())
    assert wanted.kode in {row["kode"] for row in result["kelurahan"]}
    assert all(wanted.nama.lower() in row["title"].lower() for row in result["kelurahan"])
    page = _get(app, f"/kelengkapan?q={wanted.nama}&kabupaten=35.06", curator)
    text = page.get_data(as_text=True)
    assert f'data-organization="{wanted.organization_name}"' in text
    assert f'value="{wanted.nama}"' in text


def test_the_summary_lists_kecamatan_by_code_and_kabupaten(curator, desa_in_wates_kediri):
    summary = call_as(None, "satudata_completeness_summary")
    by_code = {row["kode_kecamatan"]: row for row in summary["summary"]}
    assert set(by_code) == {k.kode for k in _region().kecamatan}
    kediri, blitar = by_code[WATES_KEDIRI], by_code[WATES_BLITAR]
    assert (kediri["kecamatan"], kediri["label"], kediri["kode_kabupaten"]) == (
        "Wates", "Wates (Kabupaten Kediri)", "35.06")
    assert blitar["label"] == "Wates (Kabupaten Blitar)"
    # The published profile counts in Kabupaten Kediri's Wates only.
    assert (kediri["complete"], blitar["complete"]) == (1, 0)
    assert kediri["kelurahan"] == len(_region().kelurahan_of_kecamatan(WATES_KEDIRI))
    assert [(k["kode_kabupaten"], k["kabupaten"], k["complete"]) for k in summary["kabupaten"]] \
        == [("35.05", "Kabupaten Blitar", 0), ("35.06", "Kabupaten Kediri", 1)]
    assert summary["total"]["kelurahan"] == len(_region().kelurahan)

    only_kediri = call_as(None, "satudata_completeness_summary", kabupaten="35.06")
    assert {row["kode_kabupaten"] for row in only_kediri["summary"]} == {"35.06"}
    one = call_as(None, "satudata_completeness_summary", kecamatan=WATES_KEDIRI)
    assert [row["kode_kecamatan"] for row in one["summary"]] == [WATES_KEDIRI]


def test_the_summary_page_goes_from_kabupaten_to_their_kecamatan(app, desa_in_wates_kediri):
    page = app.get("/kelengkapan/ringkasan").get_data(as_text=True)
    assert "Kelengkapan data desa/kelurahan" in page
    assert '<a href="/kelengkapan/ringkasan?kabupaten=35.06">Kabupaten Kediri</a>' in page
    assert '<a href="/kelengkapan/ringkasan?kabupaten=35.05">Kabupaten Blitar</a>' in page
    assert "Seluruh Kabupaten Blitar dan Kabupaten Kediri" in page
    assert "Seluruh kota" not in page and "Kelengkapan data kelurahan" not in page

    page = app.get("/kelengkapan/ringkasan?kabupaten=35.06").get_data(as_text=True)
    assert f'data-kode="{WATES_KEDIRI}"' in page and f'data-kode="{WATES_BLITAR}"' not in page
    assert "Wates (Kabupaten Kediri)" in page and "Seluruh Kabupaten Kediri" in page


def test_the_review_queue_filters_by_kecamatan_code(app, curator, sysadmin):
    desa = _region().kelurahan_of_kecamatan(WATES_KEDIRI)[0]
    organization = factories.Organization(name=desa.organization_name, title=desa.title,
                                          jenis_organisasi="kelurahan", kode_wilayah=desa.kode)
    dataset = call_as(sysadmin, "package_create",
                      **profile(organization["id"], desa.organization_name))
    call_as(sysadmin, "satudata_submit", id=dataset["id"])

    [item] = call_as(curator, "satudata_review_queue", kecamatan=WATES_KEDIRI)
    assert (item["name"], item["kode_kecamatan"]) == (dataset["name"], WATES_KEDIRI)
    assert call_as(curator, "satudata_review_queue", kecamatan=WATES_BLITAR) == []
    with pytest.raises(tk.ValidationError) as error:
        call_as(curator, "satudata_review_queue", kecamatan="Wates")
    assert WATES_BLITAR in error.value.error_dict["kecamatan"][0]

    page = _get(app, f"/tinjauan?kecamatan={WATES_BLITAR}", curator).get_data(as_text=True)
    assert dataset["title"] not in page
    assert f'<option value="{WATES_BLITAR}" selected>Wates (Kabupaten Blitar)</option>' in page
    page = _get(app, "/tinjauan?kecamatan=Wates", curator).get_data(as_text=True)
    assert dataset["title"] in page and "Ada lebih dari satu Kecamatan Wates" in page
    assert "<td>Wates (Kabupaten Kediri)</td>" in page


def test_the_kecamatan_choices_helper_gives_codes_with_labels():
    choices = forms_helpers.satudata_kecamatan_choices()
    assert len(choices) == len(_region().kecamatan)
    assert {"value": WATES_BLITAR, "label": "Wates (Kabupaten Blitar)"} in choices
    assert {"value": WATES_KEDIRI, "label": "Wates (Kabupaten Kediri)"} in choices


def _query_count(actor, **params) -> int:
    count = 0

    def counter(*args):
        nonlocal count
        count += 1

    model.Session.remove()
    sa.event.listen(model.meta.engine, "before_cursor_execute", counter)
    try:
        call_as(actor, "satudata_completeness", **params)
    finally:
        sa.event.remove(model.meta.engine, "before_cursor_execute", counter)
    return count


def test_a_page_reads_the_datasets_of_its_own_rows_only(curator, monkeypatch):
    read = []
    records = reads.records

    def recording(organization_names, *args, **kwargs):
        read.append(None if organization_names is None else len(list(organization_names)))
        return records(organization_names, *args, **kwargs)

    _query_count(curator)   # the summary, kept from then on (versions.datasets_version)
    assert _query_count(curator) == _query_count(curator, page=3) \
        == _query_count(curator, kecamatan=WATES_KEDIRI, q="a")
    monkeypatch.setattr(reads, "records", recording)
    call_as(curator, "satudata_completeness", page=3, summary=False)
    call_as(curator, "satudata_completeness", kecamatan=WATES_KEDIRI, summary=False)
    assert read == [50, len(_region().kelurahan_of_kecamatan(WATES_KEDIRI))]
