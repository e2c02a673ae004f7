"""Backups that restore: one archive holding both databases (pg_dump), the
uploaded files and a manifest with versions and checksums.

Plain-Python core: `manifest` (archive names, retention, the manifest and
its check) and `archive` (writing and verifying the tar archive); CKAN,
PostgreSQL's tools and the file storage are reached from `glue`.
"""
