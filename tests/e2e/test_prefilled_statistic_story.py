"""Issue #20 on a phone (360 px): `pic-balowerti` opens their dashboard,
clicks the missing "Balita ditimbang di posyandu", confirms the form the
catalogue filled in, downloads the indicator's template (their kelurahan and
the period already in it), writes one value in it, chooses the file and
submits: at most 6 interactions and no metadata field typed. `kurator`
approves; the indicator page compares Balowerti with Pojok, whose PIC
delivered the same indicator. The period follows the portal's today, so the
story holds on every day of the year. Screenshots go to test-artifacts/."""
from __future__ import annotations

import openpyxl
import pytest
from playwright.sync_api import expect

import ckan.tests.factories as factories

from ckanext.satudata import site
from ckanext.satudata.dataset_types import prefill
from tests.e2e.accounts import PASSWORD, log_in
from tests.helpers import BALITA_INDICATOR, call_as, publish, statistik_sektoral

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
INDICATOR = BALITA_INDICATOR


class Interactions:
    """What the PIC does, counted: clicks, choices, files; and the metadata
    fields typed (none is the point)."""

    def __init__(self):
        self.done: list[str] = []
        self.typed: list[str] = []

    def click(self, locator, what: str) -> None:
        self.done.append(what)
        locator.click()

    def choose_file(self, page, selector: str, path) -> None:
        self.done.append("file")
        page.set_input_files(selector, str(path))


@pytest.fixture
def accounts(portal, sysadmin, kelurahan_balowerti):
    pojok = factories.Organization(name="kelurahan-pojok", title="Kelurahan Pojok",
                                   jenis_organisasi="kelurahan", kode_wilayah="35.71.01.1004")
    diskominfo = factories.Organization(name="diskominfo", jenis_organisasi="kurator")
    users = {}
    for name, org in (("pic-balowerti", kelurahan_balowerti), ("pic-pojok", pojok),
                      ("kurator", diskominfo)):
        users[name] = factories.User(name=name, password=PASSWORD, email=f"{name}@example.org")
        call_as(sysadmin, "organization_member_create", id=org["id"], username=name,
                role="editor")
    call_as(users["kurator"], "satudata_indicator_catalog_create", **INDICATOR)
    users["pojok"] = pojok
    return users


@pytest.fixture
def pojok_delivered(accounts, create_with_upload):
    """Pojok's statistic of the same indicator and period, published."""
    period = prefill.reference_period("bulanan", site.portal_today())
    fields = {name: INDICATOR[name] for name in ("bidang_urusan", "konsep", "definisi",
                                                  "satuan", "ukuran", "frekuensi")}
    dataset = call_as(accounts["pic-pojok"], "package_create", **statistik_sektoral(
        accounts["pojok"]["id"], name="balita-ditimbang-pojok", title="Balita Pojok",
        kode_indikator="balita-ditimbang", tahun=str(period.year),
        produsen="Kelurahan Pojok", **fields))
    create_with_upload(
        "kode_wilayah,nama_wilayah,periode,indikator,nilai,satuan\n"
        f"35.71.01.1004,Pojok,{period.code},Balita ditimbang di posyandu,40,jiwa\n",
        "pojok.csv", package_id=dataset["id"], name="pojok.csv", format="CSV",
        context={"user": "pic-pojok"})
    return publish(accounts["pic-pojok"], dataset, accounts["kurator"])


def test_a_pic_delivers_this_periods_statistic_from_the_gap_by_choosing(
        new_page, portal, accounts, pojok_delivered, artifacts, tmp_path):
    period = prefill.reference_period("bulanan", site.portal_today())
    title = ("Balita ditimbang di posyandu, Kelurahan Balowerti, "
             + prefill.period_title(period))
    pic = new_page(**PHONE)
    log_in(pic, portal, "pic-balowerti")
    me = Interactions()

    pic.goto(portal("/dashboard/"))
    gaps = pic.locator(".satudata-gaps")
    expect(gaps).to_contain_text("Belum ada")
    pic.screenshot(path=artifacts / "prefill-story-1-dashboard.png", full_page=True)
    me.click(gaps.get_by_role("link", name="Balita ditimbang di posyandu"), "the gap")

    # The form, filled in: the catalogue's fields shown, not typed.
    pic.wait_for_url(lambda url: "/statistik-sektoral/new" in url)
    expect(pic.locator("#field-title")).to_have_value(title)
    expect(pic.locator("#locked-konsep")).to_contain_text(INDICATOR["konsep"])
    expect(pic.locator("#locked-konsep")).to_contain_text("ditetapkan oleh walidata")
    expect(pic.locator("#field-tahun")).to_have_value(str(period.year))
    expect(pic.locator("#field-produsen")).to_have_value("Kelurahan Balowerti")
    assert pic.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    pic.screenshot(path=artifacts / "prefill-story-2-form.png", full_page=True)
    me.click(pic.locator("form#dataset-edit button[name=save]"), "confirm")

    # The upload step: the indicator's template, one click away.
    pic.wait_for_url(lambda url: "/resource/new" in url)
    with pic.expect_download() as download:
        me.click(pic.get_by_role("link", name="Unduh templat Excel"), "template")
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    assert template.name == "templat-balita-ditimbang-balowerti.xlsx"
    workbook = openpyxl.load_workbook(template)
    sheet = workbook.worksheets[0]
    row = {cell.value: below for cell, below in zip(sheet[1], sheet[2])}
    assert (row["kode_wilayah"].value, row["periode"].value) == ("35.71.02.1002", period.code)
    row["nilai"].value = 52          # the one thing the PIC writes, in Excel
    workbook.save(template)

    me.choose_file(pic, "#field-resource-upload", template)
    pic.screenshot(path=artifacts / "prefill-story-3-upload.png", full_page=True)
    me.click(pic.locator("form#resource-edit button[value=go-metadata]"), "finish")
    pic.wait_for_url(lambda url: "/resource/new" not in url)
    me.click(pic.get_by_role("button", name="Ajukan untuk ditinjau"), "submit")
    pic.wait_for_load_state()
    assert "Dataset telah diajukan" in pic.inner_text("body")

    assert len(me.done) <= 6, me.done
    assert me.typed == []
    dataset = call_as(accounts["pic-balowerti"], "package_show",
                      id=f"balita-ditimbang-balowerti-{period.code.lower()}")
    assert dataset["title"] == title and dataset["konsep"] == INDICATOR["konsep"]
    assert dataset["satudata_status"] == "diajukan"

    curator = new_page(**PHONE)
    log_in(curator, portal, "kurator")
    curator.goto(portal(f"/statistik-sektoral/{dataset['name']}"))
    curator.get_by_role("button", name="Setujui dan terbitkan").click()
    curator.wait_for_load_state()
    assert "Dataset telah disetujui dan diterbitkan." in curator.inner_text("body")

    # The indicator page compares Balowerti's value with Pojok's.
    visitor = new_page(**PHONE)
    visitor.goto(portal("/statistik/balita-ditimbang"))
    comparison = visitor.locator("table.satudata-sortable tbody")
    expect(comparison.locator("tr", has_text="Balowerti")).to_contain_text("52")
    expect(comparison.locator("tr", has_text="Pojok")).to_contain_text("40")
    visitor.screenshot(path=artifacts / "prefill-story-4-indicator.png", full_page=True)
