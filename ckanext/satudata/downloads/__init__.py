"""Downloads of many datasets at once: the ZIP stream (plain Python, no
CKAN imports). The CKAN glue is ``logic/action/downloads.py`` and
``views/downloads.py``."""
from ckanext.satudata.downloads.zipstream import Entry, safe_name, stream_zip, unique_name

__all__ = ["Entry", "safe_name", "stream_zip", "unique_name"]
