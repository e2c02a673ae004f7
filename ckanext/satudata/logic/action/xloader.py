"""xloader's actions, adjusted for the portal."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.satudata.tabular import load_errors
from ckanext.satudata.logic import params

__all__ = ["xloader_status"]


@tk.side_effect_free
@tk.chained_action
@params.reads(resource_id=params.identifier)
def xloader_status(up_func, context, data_dict):
    """xloader's status, with the load error told in Indonesian (the job
    itself writes English); the original text stays in
    ``error.original_message``."""
    return load_errors.translate_status(up_func(context, data_dict))
