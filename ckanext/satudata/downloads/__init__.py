"""Downloads of many datasets at once: the ZIP stream (``zipstream``, plain
Python, no CKAN imports) and which files a search may pack for the caller
(``planner``, the CKAN glue, used by ``logic/action/downloads.py`` and
``views/downloads.py``)."""
from ckanext.satudata.downloads.zipstream import Entry, safe_name, stream_zip, unique_name

__all__ = ["Entry", "safe_name", "stream_zip", "unique_name"]
