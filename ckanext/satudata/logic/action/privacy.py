"""Actions of the personal-data guard (see ckanext.satudata.privacy.guard)."""
from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.privacy import guard as privacy_guard
from ckanext.satudata.logic import params
from ckanext.satudata.model import DatasetStatus, PrivacyScan, ReviewEvent, utcnow
from ckanext.satudata.workflow import states

__all__ = ["satudata_privacy_scan_show", "satudata_privacy_override"]


def _resource_or_404(data_dict):
    resource_id = tk.get_or_bust(data_dict, "id")
    try:
        return tk.get_action("resource_show")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        raise tk.ObjectNotFound(tk._("Sumber data tidak ditemukan."))


@tk.side_effect_free
@params.reads(id=params.identifier)
def satudata_privacy_scan_show(context, data_dict):
    """The personal-data scan of a resource.

    The owning kelurahan's members and curators.

    :param id: the resource's id.
    :returns: ``{resource_id, scanned, status
        (menunggu|berjalan|selesai|gagal|None), findings, warnings,
        rows_scanned, error, scanned_at, override}``; each finding has its
        ``message`` (resource, column, kind, rows — never a value).
    """
    resource = _resource_or_404(data_dict)
    tk.check_access("satudata_privacy_scan_show", context, {"id": resource["id"]})
    return privacy_guard.scan_dict(PrivacyScan.get(resource["id"]), resource)


@params.reads(id=params.identifier,
              reason=params.text(max_length=states.NOTE_MAX_LENGTH))
def satudata_privacy_override(context, data_dict):
    """Record a curator's decision that a resource's findings do not stop
    its submission, with the reason (kept in the review history). A new
    file of the resource needs a new decision.

    Curators only.

    :param id: the resource's id.
    :param reason: required: why the findings do not stop it.
    :returns: the scan, as satudata_privacy_scan_show gives it.
    """
    resource = _resource_or_404(data_dict)
    tk.check_access("satudata_privacy_override", context, {"id": resource["id"]})
    reason = (data_dict.get("reason") or "").strip()
    if not reason:
        raise tk.ValidationError({"reason": [tk._("Alasan wajib diisi.")]})
    if len(reason) > states.NOTE_MAX_LENGTH:
        raise tk.ValidationError({"reason": [tk._("Alasan terlalu panjang.")]})
    scan = PrivacyScan.get(resource["id"])
    if scan is None:
        raise tk.ValidationError({"id": [tk._(
            "Sumber data ini belum diperiksa, tidak ada temuan untuk dikesampingkan.")]})
    user = model.User.get(context["user"])
    now = utcnow()
    scan.override_by, scan.override_reason, scan.override_at = user.id, reason, now
    state = DatasetStatus.state_of(scan.package_id)
    model.Session.add(ReviewEvent(
        package_id=scan.package_id, actor_id=user.id, action=states.PRIVACY_OVERRIDE,
        from_state=state, to_state=state,
        note=tk._("{resource}: {reason}").format(
            resource=privacy_guard.display_name(resource), reason=reason),
        created=now, decision_key=f"{states.PRIVACY_OVERRIDE}:{scan.resource_id}:{now.isoformat()}"))
    model.Session.commit()
    return privacy_guard.scan_dict(scan, resource)
