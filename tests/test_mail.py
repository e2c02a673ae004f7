"""Review decisions are e-mailed through CKAN's mailer to a real SMTP server."""
import pytest

from tests.helpers import call_as, free_port

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")


def test_curators_hear_of_a_submission(people, draft, inbox):
    call_as(people["pic"], "satudata_submit", id=draft["id"])

    [message] = inbox()
    assert message["To"].addresses[0].addr_spec == people["curator"]["email"]
    assert "Diajukan untuk ditinjau" in message["Subject"]
    assert draft["title"] in message["Subject"]


def test_the_pic_hears_of_a_return_with_the_note(people, draft, inbox):
    call_as(people["pic"], "satudata_submit", id=draft["id"])
    call_as(people["curator"], "satudata_return", id=draft["id"],
            note="Mohon lengkapi satuan.")

    to_pic = [m for m in inbox()
              if m["To"].addresses[0].addr_spec == people["pic"]["email"]]
    assert len(to_pic) == 1
    assert "Dikembalikan" in to_pic[0]["Subject"]
    assert "Mohon lengkapi satuan." in to_pic[0].get_body().get_content()


def test_a_failing_mail_server_does_not_block_the_decision(people, draft, ckan_config,
                                                           monkeypatch):
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{free_port()}")

    submitted = call_as(people["pic"], "satudata_submit", id=draft["id"])

    assert submitted["satudata_status"] == "diajukan"
    history = call_as(people["pic"], "satudata_review_history", id=draft["id"])
    assert [e["action"] for e in history] == ["submit"]
