"""Actions of the publishing workflow: transitions, review queue, history, the PIC's worklist."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.satudata.workflow import activity
from ckanext.satudata.workflow import catch_up
from ckanext.satudata.workflow import gate as dataset_gate
from ckanext.satudata import mail as notify
from ckanext.satudata.privacy import guard as privacy_guard
from ckanext.satudata.statistics import reports as table_reports
from ckanext.satudata.workflow import published_version
from ckanext.satudata.workflow import publication
from ckanext.satudata.workflow import roles
from ckanext.satudata.logic import params
from ckanext.satudata import reference
from ckanext.satudata.dataset_types.field_labels import field_labels
from ckanext.satudata.model import DatasetStatus, ReviewEvent, utcnow
from ckanext.satudata.model.transitions import transition
from ckanext.satudata.workflow import states
from ckanext.satudata.translation import N_

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


#: A decision's note, read as text (its length is checked by the workflow's rules too).
_NOTE = params.text(max_length=states.NOTE_MAX_LENGTH)


def _package_or_404(data_dict: dict[str, Any]) -> model.Package:
    package = model.Package.get(tk.get_or_bust(data_dict, "id"))
    if package is None or package.state == "deleted":
        raise tk.ObjectNotFound(tk._("Dataset tidak ditemukan."))
    return package


def _event_dict(event: ReviewEvent) -> dict[str, Any]:
    actor = model.User.get(event.actor_id) if event.actor_id else None
    return {
        "action": event.action,
        "label": tk._(states.EVENT_LABELS_ID.get(event.action, event.action)),
        "from_state": event.from_state,
        "to_state": event.to_state,
        "note": event.note,
        "actor": actor.name if actor else None,
        "actor_display_name": actor.display_name if actor else None,
        "created": event.created.isoformat(),
    }


def _take(requested: str, context: dict[str, Any], data_dict: dict[str, Any]
          ) -> dict[str, Any]:
    """Take the workflow step `requested` (submit, approve, return, withdraw)
    on a dataset; on a published dataset, submit/approve/return apply to
    its edit (submit_revision, ...)."""
    package = _package_or_404(data_dict)
    expected_version = params.non_negative_int(data_dict, "expected_version")
    tk.check_access(f"satudata_{requested}", context, data_dict)
    current = DatasetStatus.get(package.id)
    action = states.resolve_action(
        requested, current.state if current else states.INITIAL_STATE,
        pending_revision=bool(current and current.has_pending_revision))
    if action == states.SUBMIT_REVISION and not published_version.changes(package.id):
        raise tk.ValidationError({"satudata_status": [tk._(
            "Dataset ini sudah terbit dan belum ada perubahan untuk diajukan.")]})
    if action in _PUBLISHING:
        _refuse_unpublishable(package, action)
    user = model.User.get(context["user"])
    try:
        event = transition(
            model.Session, package.id, action, user.id if user else None,
            states.required_role(action), note=data_dict.get("note"),
            expected_version=expected_version)
        _keep_published_version(package.id, action)
        model.Session.commit()
    except states.WorkflowError as error:
        model.Session.rollback()
        raise tk.ValidationError({"satudata_status": [error.render(tk._)]})
    except Exception:
        model.Session.rollback()
        raise
    # The state (and the published version) decide who finds what: index
    # again. The decision stands when the search index is down: the dataset
    # is indexed by the catch-up once it is back.
    indexed = catch_up.reindex(package.id)
    _public_version_changed(package, action, user)
    notify.transition_made(package, action, event.note, user)
    status = DatasetStatus.get(package.id)
    return {"id": package.id, "name": package.name,
            "satudata_status": status.state, "version": status.version,
            "pending_revision": status.has_pending_revision,
            "event": _event_dict(event),
            "search_index_pending": not indexed,
            "notice": None if indexed else tk._(SEARCH_INDEX_PENDING)}


#: What the user is told when the decision stands but the search index could
#: not be updated.
SEARCH_INDEX_PENDING = N_(
    "Keputusan telah tersimpan, tetapi mesin pencari portal sedang tidak dapat "
    "dihubungi: dataset ini baru akan muncul (atau hilang) di hasil pencarian "
    "setelah mesin pencari pulih. Pembaruan indeks pencarian telah dicatat dan "
    "akan dikerjakan otomatis; tidak perlu mengulang tindakan ini.")


#: The steps that lead to publication: each checks the dataset as it is then
#: (type, classification, personal data in every file), the submission as
#: much as the approval, so that what is published is what was checked.
_PUBLISHING = (states.SUBMIT, states.SUBMIT_REVISION, states.APPROVE, states.APPROVE_REVISION)
_APPROVING = (states.APPROVE, states.APPROVE_REVISION)


def _refuse_unpublishable(package: model.Package, action: str) -> None:
    """A ValidationError when the dataset, as it is now, may not be
    submitted (or approved): a type that is not a Satu Data type, a
    classification other than terbuka/terbatas, or personal data found in
    one of its files (scanned again now)."""
    approving = action in _APPROVING
    if package.type not in dataset_gate.satu_data_types():
        raise tk.ValidationError({"type": [tk._(
            "Dataset ini tidak memiliki jenis Satu Data dan tidak dapat diterbitkan. "
            "Ubah dulu jenisnya menjadi salah satu jenis Satu Data.")]})
    classification = package.extras.get("klasifikasi_akses")
    if classification == "tertutup":
        raise tk.ValidationError({"klasifikasi_akses": [
            tk._("Dataset berklasifikasi tertutup tidak dapat diterbitkan.") if approving
            else tk._("Dataset berklasifikasi tertutup tidak dapat diajukan untuk "
                      "diterbitkan.")]})
    if classification not in privacy_guard.GUARDED_CLASSIFICATIONS:
        raise tk.ValidationError({"klasifikasi_akses": [tk._(
            "Klasifikasi akses dataset ini belum diisi (terbuka atau terbatas); "
            "dataset tanpa klasifikasi tidak dapat diterbitkan.")]})
    if not approving:
        privacy_guard.refuse_submission_with_findings(package.id)
        table_reports.refuse_submission_with_errors(package.id)
        return
    problems = privacy_guard.submission_problems(package.id)
    if problems:
        raise tk.ValidationError({"data_pribadi": [tk._(
            "Dataset ini tidak dapat diterbitkan: pemeriksaan ulang saat persetujuan "
            "menemukan data pribadi atau berkas yang belum dapat diperiksa. "
            "Kembalikan dataset kepada PIC.")] + problems})


def _keep_published_version(package_id: str, action: str) -> None:
    """In the transition's transaction: what the public sees from now on."""
    status = DatasetStatus.get(package_id)
    if action in (states.APPROVE, states.APPROVE_REVISION):
        status.published_snapshot = published_version.capture(package_id)
    elif action == states.WITHDRAW:
        status.published_snapshot = None
    model.Session.flush()


def _public_version_changed(package: model.Package, action: str,
                            user: model.User | None) -> None:
    if action in (states.APPROVE, states.APPROVE_REVISION):
        public_dataset = published_version.snapshot_of(package.id)["custom"]
        publication.published(package.id, public_dataset)
        activity.record_publication(package, public_dataset, user,
                                    first=action == states.APPROVE)
    elif action == states.WITHDRAW:
        publication.unpublished(package.id)


@tk.side_effect_free
@params.reads(id=params.identifier)
def satudata_revision_changes(context, data_dict):
    """What an edit of a published dataset changes, for the curator deciding
    on it and the PIC preparing it.

    The owning kelurahan's members and curators.

    :param id: the dataset's id or name (e.g. ``jumlah-posyandu-balowerti-2025``).
    :returns: ``{published, pending_revision, fields: [{field, label, old,
        new}], resources: [{id, name, change (added|removed|changed),
        fields}]}``; empty lists when nothing changed or the dataset is not
        published.
    """
    package = _package_or_404(data_dict)
    tk.check_access("satudata_revision_changes", context, data_dict)
    status = DatasetStatus.get(package.id)
    result = published_version.changes(package.id).as_dict()
    labels = field_labels(package.type)
    for change in result["fields"]:
        change["label"] = labels.get(change["field"], change["field"])
    for resource in result["resources"]:
        for change in resource["fields"]:
            change["label"] = labels.get(f"resource:{change['field']}", change["field"])
    return dict(result,
                published=bool(status and states.is_public(status.state)),
                pending_revision=bool(status and status.has_pending_revision))


@params.reads(id=params.identifier, note=_NOTE)
def satudata_submit(context, data_dict):
    """Submit a dataset for review (draf/dikembalikan/ditarik -> diajukan).

    The PIC of the owning kelurahan only. A `tertutup` dataset cannot be
    submitted.

    :param id: the dataset's id or name (e.g. ``jumlah-posyandu-balowerti-2025``).
    :param note: a note for the curator.
    :param expected_version: the review version the caller saw: a decision
        taken meanwhile by someone else is reported instead of overwritten.
    :type expected_version: non_negative_int
    :returns: ``{id, name, satudata_status, version, event,
        search_index_pending, notice}``; `notice` (else None) says that the
        search index was down: the decision stands, the catch-up indexes it.
    """
    return _take(states.SUBMIT, context, data_dict)


@params.reads(id=params.identifier, note=_NOTE)
def satudata_approve(context, data_dict):
    """Publish a submitted dataset (diajukan -> terbit). Curators only.

    :param id: the dataset's id or name (e.g. ``jumlah-posyandu-balowerti-2025``).
    :param note: a note kept in the review history.
    :param expected_version: the review version the curator saw: a decision
        taken meanwhile by another curator is then reported instead of
        overwritten.
    :type expected_version: non_negative_int
    :returns: ``{id, name, satudata_status, version, event,
        search_index_pending, notice}``; `notice` (else None) says that the
        search index was down: the decision stands, the catch-up indexes it.
    """
    return _take(states.APPROVE, context, data_dict)


@params.reads(id=params.identifier, note=_NOTE)
def satudata_return(context, data_dict):
    """Return a submitted dataset to its PIC with a note (diajukan ->
    dikembalikan). Curators only.

    :param id: the dataset's id or name (e.g. ``jumlah-posyandu-balowerti-2025``).
    :param note: required: what the PIC should change.
    :param expected_version: the review version the curator saw.
    :type expected_version: non_negative_int
    :returns: ``{id, name, satudata_status, version, event,
        search_index_pending, notice}``; `notice` (else None) says that the
        search index was down: the decision stands, the catch-up indexes it.
    """
    return _take(states.RETURN, context, data_dict)


@params.reads(id=params.identifier, note=_NOTE)
def satudata_withdraw(context, data_dict):
    """Withdraw a published dataset (terbit -> ditarik). Curators only.

    :param id: the dataset's id or name (e.g. ``jumlah-posyandu-balowerti-2025``).
    :param note: required: the reason.
    :param expected_version: the review version the curator saw.
    :type expected_version: non_negative_int
    :returns: ``{id, name, satudata_status, version, event,
        search_index_pending, notice}``; `notice` (else None) says that the
        search index was down: the decision stands, the catch-up indexes it.
    """
    return _take(states.WITHDRAW, context, data_dict)


@params.reads(id=params.identifier, note=_NOTE)
def satudata_unsubmit(context, data_dict):
    """Take a submission back (diajukan -> draf; on a published dataset,
    the submitted edit goes back to being prepared). The PIC of the owning
    kelurahan only: a submitted dataset cannot be changed, this is how its
    PIC changes it.

    :param id: the dataset's id or name (e.g. ``jumlah-posyandu-balowerti-2025``).
    :param note: why it is taken back.
    :param expected_version: the review version the caller saw.
    :type expected_version: non_negative_int
    :returns: ``{id, name, satudata_status, version, event,
        search_index_pending, notice}``; `notice` (else None) says that the
        search index was down: the decision stands, the catch-up indexes it.
    """
    return _take(states.UNSUBMIT, context, data_dict)


@tk.side_effect_free
@params.reads(kecamatan=params.text, organization=params.optional_identifier)
def satudata_review_queue(context, data_dict):
    """Datasets waiting for a curator's decision, oldest first.

    Curators only.

    :param kecamatan: a kecamatan code (e.g. ``35.71.02``), or a name only
        one kecamatan of the region has: only its desa/kelurahan.
    :param organization: an organisation's name: only its datasets
        (e.g. ``kelurahan-balowerti``).
    :returns: a list of ``{id, name, title, type, organization,
        organization_title, kecamatan, kode_kecamatan, submitted, age_days,
        pending_revision, changes}``; `changes` (for an edit of a published dataset) is
        ``{fields: [label], resources: [{name, change}]}``, None for a new
        dataset.
    """
    tk.check_access("satudata_review_queue", context, data_dict)
    rows = (model.Session.query(DatasetStatus, model.Package)
            .join(model.Package, model.Package.id == DatasetStatus.package_id)
            .filter(model.Package.state == "active")
            .filter((DatasetStatus.state == states.DIAJUKAN)
                    | DatasetStatus.has_pending_revision.is_(True))
            .order_by(DatasetStatus.updated.asc()))
    wanted_org = data_dict.get("organization")
    wanted_kecamatan = None
    if data_dict.get("kecamatan"):
        try:
            wanted_kecamatan = reference.kecamatan_of_parameter(data_dict["kecamatan"])
        except reference.WilayahError as error:
            raise tk.ValidationError({"kecamatan": [str(error)]})
    now = utcnow()
    queue = []
    for status, package in rows:
        org = model.Group.get(package.owner_org) if package.owner_org else None
        kecamatan = org.extras.get("kecamatan") if org else None
        # An organisation stored before kecamatan had codes: from its
        # desa/kelurahan's code.
        kode_kecamatan = (org.extras.get("kode_kecamatan")
                          or (org.extras.get("kode_wilayah") or "")[:8]) if org else ""
        if wanted_org and (org is None or wanted_org not in (org.name, org.id)):
            continue
        if wanted_kecamatan and (kode_kecamatan != wanted_kecamatan.kode if kode_kecamatan
                                 else (kecamatan or "").lower() != wanted_kecamatan.nama.lower()):
            continue
        queue.append({
            "id": package.id, "name": package.name, "title": package.title,
            "type": package.type,
            "organization": org.name if org else None,
            "organization_title": org.title if org else None,
            "kecamatan": kecamatan,
            "kode_kecamatan": kode_kecamatan or None,
            "submitted": status.updated.isoformat(),
            "age_days": (now - status.updated).days,
            "pending_revision": status.has_pending_revision,
            "changes": (_changes_summary(package) if status.has_pending_revision
                        else None),
        })
    return queue


def _changes_summary(package: model.Package) -> dict[str, Any]:
    """What an edit changes, briefly: the labels of the changed fields, and
    the resources added, removed or changed."""
    changes = published_version.changes(package.id)
    labels = field_labels(package.type)
    return {
        "fields": [labels.get(c.field, c.field) for c in changes.fields],
        "resources": [{"name": r.name, "change": r.change} for r in changes.resources],
    }


@tk.side_effect_free
@params.reads(id=params.identifier)
def satudata_review_history(context, data_dict):
    """The review history of a dataset ("Riwayat peninjauan"), oldest first.

    Anyone who may see the dataset.

    :param id: the dataset's id or name (e.g. ``jumlah-posyandu-balowerti-2025``).
    :returns: a list of ``{action, label, from_state, to_state, note, actor,
        actor_display_name, created}``.
    """
    package = _package_or_404(data_dict)
    tk.check_access("satudata_review_history", context, data_dict)
    return [_event_dict(event) for event in ReviewEvent.for_package(package.id)]


WORKLIST_ORDER = (states.DIKEMBALIKAN, states.DRAF, states.DITARIK, states.DIAJUKAN)

#: What is happening to the edit of a published dataset (`revision` of a
#: worklist item), in the order the PIC should act on them.
REVISION_RETURNED = "dikembalikan"
REVISION_UNSUBMITTED = "belum_diajukan"
REVISION_SUBMITTED = "diajukan"
_WORKLIST_RANK = {
    (states.DIKEMBALIKAN, None): 0, (states.TERBIT, REVISION_RETURNED): 0,
    (states.DRAF, None): 1, (states.TERBIT, REVISION_UNSUBMITTED): 1,
    (states.DITARIK, None): 2,
    (states.DIAJUKAN, None): 3, (states.TERBIT, REVISION_SUBMITTED): 3,
}


def _revision_of(package: model.Package, status: DatasetStatus | None,
                 latest: ReviewEvent | None) -> str | None:
    """Where the edit of a published dataset stands, or None without an edit."""
    if status is None or status.state != states.TERBIT:
        return None
    if status.has_pending_revision:
        return REVISION_SUBMITTED
    snapshot = published_version.snapshot_of(package.id)
    if snapshot is None:
        return None
    published_at = snapshot["custom"].get("metadata_modified") or ""
    if package.metadata_modified.isoformat()[:22] <= published_at[:22]:
        return None  # untouched since published: no need to compare
    if not published_version.changes(package.id):
        return None
    if latest is not None and latest.action == states.RETURN_REVISION:
        return REVISION_RETURNED
    return REVISION_UNSUBMITTED


@tk.side_effect_free
def satudata_pic_worklist(context, data_dict):
    """What the PIC has to act on in the kelurahan they are PIC of: the
    unpublished datasets and the edits of published ones. Returned ones
    first (with the curator's note), then drafts and unsubmitted edits,
    withdrawn datasets, and what waits for a curator.

    Any signed-in user (empty for users who are PIC of no kelurahan).

    :params: none
    :returns: a list of ``{id, name, title, type, organization,
        satudata_status, revision, note, updated}``; `revision` is
        ``belum_diajukan``, ``diajukan`` or ``dikembalikan`` for an edit of a
        published dataset, None otherwise.
    """
    tk.check_access("satudata_pic_worklist", context, data_dict)
    user = model.User.get(context.get("user") or "")
    if user is None:
        return []
    organization_ids = [org_id for org_id in roles.member_organization_ids(user.name)
                        if roles.is_pic(user.name, org_id)]
    if not organization_ids:
        return []
    packages = (model.Session.query(model.Package)
                .filter(model.Package.owner_org.in_(organization_ids),
                        model.Package.state == "active"))
    by_id = {package.id: package for package in packages}
    states_of = DatasetStatus.states_of(list(by_id))
    items = []
    for package_id, package in by_id.items():
        state = states_of.get(package_id, states.INITIAL_STATE)
        latest = ReviewEvent.latest_for_package(package_id)
        revision = (_revision_of(package, DatasetStatus.get(package_id), latest)
                    if state == states.TERBIT else None)
        if (state, revision) not in _WORKLIST_RANK:
            continue
        returned = state == states.DIKEMBALIKAN or revision == REVISION_RETURNED
        organization = model.Group.get(package.owner_org)
        items.append({
            "id": package.id, "name": package.name, "title": package.title,
            "type": package.type, "organization": organization.name,
            "satudata_status": state,
            "revision": revision,
            "note": latest.note if latest is not None and returned else None,
            "updated": (latest.created if latest is not None
                        else package.metadata_modified).isoformat(),
        })
    items.sort(key=lambda item: (_WORKLIST_RANK[(item["satudata_status"], item["revision"])],
                                 item["updated"]))
    return items
