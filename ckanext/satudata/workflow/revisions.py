"""What changed between the published version of a dataset and its edit.

Plain Python over package_show dicts (no CKAN imports): the curator sees
these changes before approving an edit of a published dataset, and a PIC
can only submit an edit that changes something.

Fields that CKAN or the portal maintain by themselves (timestamps, counters,
the review state, DataStore flags, file size and hash) are not changes a
curator decides on, and are ignored.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

#: Dataset keys that are not edits: maintained by CKAN or by the portal.
IGNORED_DATASET_FIELDS: frozenset[str] = frozenset({
    "id", "metadata_created", "metadata_modified", "revision_id", "creator_user_id",
    "num_resources", "num_tags", "tracking_summary", "organization", "state",
    "relationships_as_object", "relationships_as_subject", "resources",
    "satudata_status", "satudata_pending_revision", "type",
})

#: Resource keys that are not edits. The first group is maintained by CKAN,
#: the DataStore loader and the portal's point-file check after an upload;
#: they stay current in the public version too (see `system_resource_fields`).
SYSTEM_RESOURCE_FIELDS: frozenset[str] = frozenset({
    "datastore_active", "datastore_contains_all_records_of_source_file",
    "size", "mimetype", "mimetype_inner", "hash", "last_modified",
    "cache_url", "cache_last_updated", "tracking_summary",
})
IGNORED_RESOURCE_FIELDS: frozenset[str] = SYSTEM_RESOURCE_FIELDS | frozenset({
    "id", "package_id", "position", "created", "metadata_modified", "revision_id",
    "state",
})

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"


@dataclass(frozen=True)
class FieldChange:
    """One field whose value differs: values as display text."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class ResourceChange:
    """A resource added, removed or changed (with the fields that changed)."""

    id: str
    name: str
    change: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Changes:
    """Everything that differs; false when nothing does."""

    fields: tuple[FieldChange, ...] = ()
    resources: tuple[ResourceChange, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.fields or self.resources)

    def as_dict(self) -> dict[str, Any]:
        return {
            "fields": [vars(change) for change in self.fields],
            "resources": [
                {"id": r.id, "name": r.name, "change": r.change,
                 "fields": [vars(change) for change in r.fields]}
                for r in self.resources],
        }


def display_value(value: Any) -> str:
    """A field value as one line of text, comparable across versions."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        if all(isinstance(item, Mapping) and "name" in item for item in value):
            # tags, groups: by name, order does not matter
            return ", ".join(sorted(str(item["name"]) for item in value))
        if all(isinstance(item, Mapping) and "key" in item for item in value):
            # free extras: by key
            return json.dumps({item["key"]: item.get("value") for item in value},
                              sort_keys=True, ensure_ascii=False)
        return ", ".join(display_value(item) for item in value)
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _field_changes(old: Mapping[str, Any], new: Mapping[str, Any],
                   ignored: Iterable[str]) -> tuple[FieldChange, ...]:
    skip = set(ignored)
    changes = []
    for key in sorted((set(old) | set(new)) - skip):
        before, after = display_value(old.get(key)), display_value(new.get(key))
        if before != after:
            changes.append(FieldChange(key, before, after))
    return tuple(changes)


def diff_datasets(published: Mapping[str, Any], edited: Mapping[str, Any]) -> Changes:
    """The changes from `published` to `edited` (two package_show dicts)."""
    fields = _field_changes(published, edited, IGNORED_DATASET_FIELDS)
    old_resources = {r["id"]: r for r in published.get("resources") or []}
    new_resources = {r["id"]: r for r in edited.get("resources") or []}
    resources = []
    for resource in edited.get("resources") or []:
        before = old_resources.get(resource["id"])
        if before is None:
            resources.append(ResourceChange(resource["id"], resource.get("name") or "", ADDED))
            continue
        changed = _field_changes(before, resource, IGNORED_RESOURCE_FIELDS)
        if changed:
            resources.append(ResourceChange(
                resource["id"], resource.get("name") or "", CHANGED, changed))
    for resource in published.get("resources") or []:
        if resource["id"] not in new_resources:
            resources.append(ResourceChange(
                resource["id"], resource.get("name") or "", REMOVED))
    return Changes(fields, tuple(resources))


def public_version(published: Mapping[str, Any], live: Mapping[str, Any]) -> dict[str, Any]:
    """The dataset as the public sees it: the published version, with the
    system fields of its resources (DataStore flags, size, ...) taken from the
    live dataset, where the loader keeps them current. `published` is not
    modified."""
    public = json.loads(json.dumps(published))
    live_resources = {r["id"]: r for r in live.get("resources") or []}
    for resource in public.get("resources") or []:
        current = live_resources.get(resource["id"])
        if current is None:
            continue
        for key in SYSTEM_RESOURCE_FIELDS:
            if key in current:
                resource[key] = current[key]
    return public
