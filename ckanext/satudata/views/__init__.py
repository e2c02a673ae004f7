"""Blueprints of ckanext-satudata, one module per area."""
from ckanext.satudata.views.templates import templates

__all__ = ["templates"]
