"""Issue #14 tried as a new PIC would: `pic-balowerti` downloads the Excel
template from their kelurahan's page (their code and name already in it),
fills it in the way Indonesian Excel writes numbers (`12.345` typed as text),
uploads it to their statistic, reads the table's check on the page, submits;
`kurator` publishes it; the indicator page's chart then shows 12345, not
12.345. Screenshots go to test-artifacts/."""
from __future__ import annotations

import openpyxl
import pytest
import requests
from playwright.sync_api import expect

import ckan.tests.factories as factories

from tests.e2e.accounts import PASSWORD, log_in
from tests.e2e.waiting import wait_until
from tests.helpers import call_as, statistik_sektoral

pytestmark = pytest.mark.browser

NAME = "balita-ditimbang-balowerti"
TITLE = "Balita ditimbang di posyandu"

SERIES_HOLDS = """([id, value]) => {
  const chart = window.Chart && window.Chart.getChart(document.getElementById(id));
  return chart && chart.data.datasets.some(d => d.data.includes(value));
}"""


@pytest.fixture
def accounts(portal, sysadmin, kelurahan_balowerti):
    diskominfo = factories.Organization(name="diskominfo", jenis_organisasi="kurator")
    users = {}
    for name, org in (("pic-balowerti", kelurahan_balowerti), ("kurator", diskominfo)):
        users[name] = factories.User(name=name, password=PASSWORD, email=f"{name}@example.org")
        call_as(sysadmin, "organization_member_create", id=org["id"], username=name,
                role="editor")
    users["draft"] = call_as(users["pic-balowerti"], "package_create", **statistik_sektoral(
        kelurahan_balowerti["id"], name=NAME, title=TITLE, satuan="jiwa",
        frekuensi="bulanan", tahun="2026", produsen="Kelurahan Balowerti"))
    return users


def test_a_pic_fills_the_excel_template_and_the_public_chart_reads_12345(
        new_page, portal, accounts, artifacts, tmp_path):
    pic = new_page()
    log_in(pic, portal, "pic-balowerti")

    # The template, from the kelurahan's own page.
    pic.goto(portal("/kelurahan/balowerti"))
    templates = pic.locator(".satudata-kelurahan-templates li", has_text="Statistik sektoral")
    with pic.expect_download() as download:
        templates.get_by_role("link", name="Excel").click()
    template = tmp_path / "templat.xlsx"
    download.value.save_as(template)

    workbook = openpyxl.load_workbook(template)
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    example = {name: cell for name, cell in zip(header, sheet[2])}
    assert example["kode_wilayah"].value == "35.71.02.1002"
    assert "Balowerti" in example["nama_wilayah"].value
    example["periode"].value = "2026-10"
    example["indikator"].value = TITLE
    example["nilai"].value = "12.345"          # what Excel in Indonesian keeps as text
    example["nilai"].data_type = "s"
    example["satuan"].value = "jiwa"
    filled = artifacts / "excel-story-filled.xlsx"
    workbook.save(filled)

    # The upload, through the resource form.
    pic.goto(portal(f"/dataset/{NAME}/resource/new"))
    pic.set_input_files("#field-resource-upload", str(filled))
    pic.fill("#field-name", "Balita ditimbang Oktober 2026")
    pic.locator("form#resource-edit button[value=go-dataset-complete]").click()
    pic.wait_for_url(lambda url: "/resource/new" not in url)

    # The table's check, on the dataset's resource page: nothing to fix.
    resource = call_as(accounts["pic-balowerti"], "package_show", id=NAME)["resources"][0]
    pic.goto(portal(f"/dataset/{NAME}/resource/{resource['id']}"))
    check = pic.locator(".satudata-validation")
    expect(check).to_contain_text("Tidak ada masalah")
    pic.screenshot(path=artifacts / "excel-story-1-checked.png", full_page=True)

    pic.goto(portal(f"/dataset/{NAME}"))
    pic.get_by_role("button", name="Ajukan untuk ditinjau").click()
    pic.wait_for_load_state()
    assert "Dataset telah diajukan" in pic.inner_text("body")

    curator = new_page()
    log_in(curator, portal, "kurator")
    curator.goto(portal(f"/dataset/{NAME}"))
    # The review panel lists only tables whose check found something: none here.
    expect(curator.locator(".satudata-review-panel")).to_be_visible()
    expect(curator.locator(".satudata-review-panel .satudata-validation")).to_have_count(0)
    curator.get_by_role("button", name="Setujui dan terbitkan").click()
    curator.wait_for_load_state()
    assert "Dataset telah disetujui dan diterbitkan." in curator.inner_text("body")

    # The public indicator: 12345 in the chart and in the open data.
    visitor = new_page()
    visitor.goto(portal(f"/statistik/{NAME}"))
    wait_until(visitor, SERIES_HOLDS, ["grafik-seri", 12345])
    visitor.screenshot(path=artifacts / "excel-story-2-public.png", full_page=True)
    values = requests.get(portal(f"/statistik/{NAME}.json"), timeout=30).json()
    assert 12345 in [value for value in values["value"] if value is not None]
