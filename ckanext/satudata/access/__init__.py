"""Access to restricted (`terbatas`) data, as plain Python (no CKAN).

``rules`` holds what can be decided without a database: the states of an
access request and its transitions, the checks of a request and of a
curator's decision, and whether a grant is valid on a given day. The
glue that reads the tables and answers CKAN's auth is
``ckanext.satudata.access.grants``.
"""
