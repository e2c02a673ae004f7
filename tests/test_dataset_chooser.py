"""Adding a dataset starts with the choice of its Satu Data type."""
import pytest

from tests.conftest import call_as


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_add_dataset_leads_to_the_three_satu_data_forms(app, sysadmin):
    token = call_as(sysadmin, "api_token_create", user=sysadmin["name"], name="t")["token"]
    search = app.get("/dataset/", headers={"Authorization": token}).get_data(as_text=True)
    assert 'href="/dataset/baru"' in search

    chooser = app.get("/dataset/baru", headers={"Authorization": token}).get_data(as_text=True)
    for form in ("/statistik-sektoral/new", "/profil-kelurahan/new", "/peta-titik/new"):
        assert f'href="{form}"' in chooser
        assert app.get(form, headers={"Authorization": token}).status_code == 200


@pytest.mark.usefixtures("with_plugins", "clean_db")
def test_anonymous_visitors_are_asked_to_log_in(app):
    assert app.get("/dataset/baru", status=403).status_code == 403
