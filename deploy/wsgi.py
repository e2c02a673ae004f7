"""The WSGI application for gunicorn: CKAN configured by the file named in
CKAN_INI (config/production.ini by default).

    gunicorn -c deploy/gunicorn.conf.py deploy.wsgi:application
"""
import logging.config
import os

from ckan.cli import load_config
from ckan.config.middleware import make_app

_HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG_FILE = os.environ.get("CKAN_INI") or os.path.join(_HERE, "..", "config", "production.ini")

logging.config.fileConfig(CONFIG_FILE, defaults={"here": os.path.dirname(CONFIG_FILE)},
                          disable_existing_loggers=False)
application = make_app(load_config(CONFIG_FILE))
