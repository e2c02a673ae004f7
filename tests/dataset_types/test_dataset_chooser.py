"""Adding a dataset starts with the choice of its Satu Data type."""
import pytest

from tests.helpers import call_as


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_add_dataset_leads_to_the_three_satu_data_forms(app, sysadmin):
    token = call_as(sysadmin, "api_token_create", user=sysadmin["name"], name="t")["token"]
    search = app.get("/dataset/", headers={"Authorization": token}).get_data(as_text=True)
    assert 'href="/dataset/baru"' in search

    chooser = app.get("/dataset/baru", headers={"Authorization": token}).get_data(as_text=True)
    # A statistic starts with the choice of a catalogue indicator, beside the full form.
    assert 'href="/tambah/statistik"' in chooser
    indicators = app.get("/tambah/statistik", headers={"Authorization": token})
    assert 'href="/statistik-sektoral/new"' in indicators.get_data(as_text=True)
    for form in ("/profil-kelurahan/new", "/peta-titik/new"):
        assert f'href="{form}"' in chooser
    for form in ("/statistik-sektoral/new", "/profil-kelurahan/new", "/peta-titik/new"):
        assert app.get(form, headers={"Authorization": token}).status_code == 200


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_anonymous_visitors_are_asked_to_log_in(app):
    assert app.get("/dataset/baru", status=403).status_code == 403


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_a_pic_creates_a_point_layer_through_the_web_forms(app, sysadmin, kelurahan_balowerti):
    from ckanext.satudata.maps import template_csv
    import ckan.tests.factories as factories
    import io

    pic = factories.User()
    call_as(sysadmin, "organization_member_create", id=kelurahan_balowerti["id"],
            username=pic["name"], role="editor")
    token = call_as(pic, "api_token_create", user=pic["name"], name="t")["token"]
    headers = {"Authorization": token}

    # Stage 1: the dataset's metadata.
    response = app.post("/peta-titik/new", headers=headers, follow_redirects=False, data={
        "title": "Posyandu Balowerti", "name": "posyandu-balowerti-web",
        "owner_org": kelurahan_balowerti["id"], "jenis_titik": "posyandu",
        "tahun": "2026", "produsen": "Kelurahan Balowerti", "klasifikasi_akses": "terbuka",
        "license_id": "cc-by", "save": "continue", "_ckan_phase": "dataset_new_1",
    })
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    # Stage 2: the point file.
    response = app.post("/peta-titik/posyandu-balowerti-web/resource/new", headers=headers,
                        follow_redirects=False, data={
                            "upload": (io.BytesIO(template_csv("posyandu").encode()), "titik.csv"),
                            "name": "Posyandu 2026", "save": "go-metadata", "id": "",
                        })
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]

    created = call_as(pic, "package_show", id="posyandu-balowerti-web")
    assert created["state"] == "active"
    assert created["satudata_status"] == "draf"
    assert [r["format"] for r in created["resources"]] == ["CSV"]
    assert created["spatial"]


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_web_form_shows_point_errors_by_row_and_stores_nothing(app, sysadmin,
                                                                    kelurahan_balowerti):
    import io

    layer = call_as(sysadmin, "package_create", type="peta-titik", name="pos-kamling-web",
                    title="Pos kamling", owner_org=kelurahan_balowerti["id"],
                    jenis_titik="pos-kamling", tahun="2026", produsen="Kelurahan Balowerti")
    token = call_as(sysadmin, "api_token_create", user=sysadmin["name"], name="t")["token"]
    bad = "latitude,longitude,nama,rw\n7.8166,112.0116,Pos RW 01,1\n"

    response = app.post(f"/peta-titik/{layer['name']}/resource/new",
                        headers={"Authorization": token}, data={
                            "upload": (io.BytesIO(bad.encode()), "pos.csv"),
                            "name": "Pos kamling", "save": "go-metadata", "id": "",
                        })

    page = response.get_data(as_text=True)
    assert "Berkas ditolak" in page
    assert "Baris 1" in page
    assert call_as(sysadmin, "package_show", id=layer["id"])["resources"] == []
