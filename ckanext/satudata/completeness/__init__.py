"""Completeness of the kelurahan's data, in plain Python (no CKAN imports).

* ``periods``: update frequencies and when a dataset is overdue;
* ``items``: the required items (this year's profile, the point layers, the
  configured statistics) and which dataset delivers which;
* ``matrix``: the kelurahan × items matrix, its filters and the share
  complete per kecamatan;
* ``digest``: the reminder e-mail of one PIC.

The database side is ``ckanext.satudata.logic.action.completeness``; the
reminders are sent by ``ckanext.satudata.completeness.reminders``.
"""
