"""A submitted dataset is frozen for people, not for the portal: xloader's
load of a file uploaded just before submission still ends in the DataStore
(the job writes as the site user), while the PIC cannot change anything."""
import pytest

import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers

from tests.helpers import call_as, statistik_sektoral
from tests.e2e.samples import CSV


@pytest.fixture
def pic(kelurahan_balowerti, sysadmin):
    import ckan.tests.factories as factories
    user = factories.User()
    call_as(sysadmin, "organization_member_create", id=kelurahan_balowerti["id"],
            username=user["name"], role="editor")
    return user


def test_a_load_queued_before_submission_completes_while_under_review(
        portal, run_jobs, kelurahan_balowerti, pic, create_with_upload):
    dataset = call_as(pic, "package_create", **statistik_sektoral(kelurahan_balowerti["id"]))
    resource = create_with_upload(CSV, "posyandu.csv", package_id=dataset["id"],
                                  name="Posyandu per kelurahan",
                                  context={"user": pic["name"], "ignore_auth": False})
    call_as(pic, "satudata_submit", id=dataset["id"])

    output = run_jobs()

    status = helpers.call_action("xloader_status", resource_id=resource["id"])
    assert status["status"] == "complete", (status, output)
    assert helpers.call_action("resource_show", id=resource["id"])["datastore_active"] is True
    assert helpers.call_action("datastore_search", resource_id=resource["id"])["total"] == 3
    with pytest.raises(tk.ValidationError, match="Tarik kembali pengajuan"):
        call_as(pic, "datastore_upsert", resource_id=resource["id"], method="insert",
                force=True, records=[{"kelurahan": "Lain", "tahun": 2025,
                                      "jumlah_posyandu": 1}])
