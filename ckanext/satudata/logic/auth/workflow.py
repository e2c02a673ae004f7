"""Auth for the publishing workflow: PICs submit, curators decide."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.satudata.logic.auth.outcome import (
    SIGNED_IN, callers, curators_only, dataset_of, dataset_pic_only, outcome)
from ckanext.satudata.translation import N_
from ckanext.satudata.workflow import visibility

__all__ = [
    "satudata_submit",
    "satudata_approve",
    "satudata_return",
    "satudata_withdraw",
    "satudata_unsubmit",
    "satudata_review_queue",
    "satudata_review_history",
    "satudata_pic_worklist",
    "satudata_revision_changes",
]

satudata_submit = dataset_pic_only(N_(
    "Hanya PIC kelurahan pemilik dataset yang dapat mengajukannya."))
satudata_unsubmit = dataset_pic_only(N_(
    "Hanya PIC kelurahan pemilik dataset yang dapat menarik kembali pengajuannya."))

_curators_only = curators_only(N_("Hanya kurator Diskominfo yang dapat melakukan ini."))
satudata_approve = _curators_only
satudata_return = _curators_only
satudata_withdraw = _curators_only
satudata_review_queue = _curators_only


@callers(SIGNED_IN)
def satudata_pic_worklist(context, data_dict):
    # Signed-in users only (anonymous calls are refused before this runs);
    # the action lists only the user's own kelurahan.
    return {"success": True}


@callers(N_("Siapa saja untuk dataset yang sudah terbit; kelurahan pemilik dan kurator "
            "untuk dataset lain."))
@tk.auth_allow_anonymous_access
def satudata_review_history(context, data_dict):
    package = dataset_of(data_dict)
    return outcome(package is not None and visibility.can_see(context.get("user"), package),
                   N_("Dataset ini belum diterbitkan."))


@callers(N_("Kelurahan pemilik dataset dan kurator."))
def satudata_revision_changes(context, data_dict):
    package = dataset_of(data_dict)
    return outcome(
        package is not None and visibility.can_see_unpublished(context.get("user"), package),
        N_("Hanya kelurahan pemilik dataset dan kurator yang dapat melihat "
           "perubahan yang belum disetujui."))
