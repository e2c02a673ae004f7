"""Completeness of the kelurahan's data, in plain Python (no CKAN imports).

* ``periods``: update frequencies and when a dataset is overdue;
* ``items``: the required items (this year's profile, the point layers, the
  configured statistics) and which dataset delivers which;
* ``matrix``: the kelurahan × items matrix, its filters and the share
  complete per kecamatan;
* ``digest``: the reminder e-mail of one PIC.

The CKAN glue sits beside them: ``dashboard`` (the matrix built from the
database, for the actions, the pages and the reminders) and ``reminders``
(the e-mails).
"""
