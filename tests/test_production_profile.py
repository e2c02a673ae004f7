"""The production profile's files keep their promises (cheap checks; the
running profile is checked by scripts/prod-check.sh): durable settings,
loopback binds, no third party, the workers' default."""
from __future__ import annotations

import configparser
import os
import runpy
import shutil

from ckan.cli import CKANConfigLoader

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEPLOY = os.path.join(REPO, "deploy")


def _read(*parts: str) -> str:
    with open(os.path.join(REPO, *parts), encoding="utf-8") as handle:
        return handle.read()


def _settings(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            key, _, value = line.replace("=", " ", 1).partition(" ")
            found[key.strip()] = value.strip().strip("'")
    return found


def test_production_ini_resolves_with_this_machines_values(tmp_path):
    """config/production.ini on top of common.ini, with a machine's
    var/local.ini: its own databases, services and address; no gravatar;
    pooled connections checked before use."""
    shutil.copytree(os.path.join(REPO, "config"), tmp_path / "config")
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "local.ini").write_text(
        "[DEFAULT]\npg_port = 5433\nredis_port = 6380\nsolr_port = 8983\nsmtp_port = 8025\n"
        "db_password = p\ndatastore_ro_password = r\n\n[app:main]\nuse = egg:ckan\n"
        "SECRET_KEY = s\nprod_xloader_token = t\nprod_web_port = 8080\nprod_pg_port = 5434\n"
        "prod_redis_port = 6381\nprod_solr_port = 8984\n"
        "prod_site_url = https://data.kedirikota.go.id\n"
        "prod_smtp_server = mail.kedirikota.go.id:587\nprod_smtp_starttls = true\n"
        "prod_smtp_user = portal\nprod_smtp_password = x\n")
    config = CKANConfigLoader(str(tmp_path / "config" / "production.ini")).get_config()
    assert config["ckan.site_url"] == "https://data.kedirikota.go.id"
    assert config["sqlalchemy.url"].endswith("@127.0.0.1:5434/satudata")
    assert config["ckan.redis.url"] == "redis://127.0.0.1:6381/0"
    assert config["solr_url"] == "http://127.0.0.1:8984/solr/ckan"
    assert config["ckan.gravatar_default"] == "disabled"
    assert config["sqlalchemy.pool_pre_ping"] == "true"
    assert config["debug"] == "false"
    assert config["ckan.site_logo"] == "/satudata/logo-kota-kediri.svg"
    # the city's mail server from var/local.ini wins over common.ini's mail sink
    assert config["smtp.server"] == "mail.kedirikota.go.id:587"
    assert config["smtp.starttls"] == "true" and config["smtp.user"] == "portal"


def test_every_ini_the_project_writes_disables_gravatar():
    """demo.ini, test.ini, production.ini and the private test inis
    (scripts/db.sh) all extend common.ini, which disables it."""
    assert _settings(_read("config", "common.ini").split("[loggers]")[0])[
        "ckan.gravatar_default"] == "disabled"
    for relative in (("config", "demo.ini"), ("config", "production.ini"), ("test.ini",)):
        parser = configparser.RawConfigParser()
        parser.read(os.path.join(REPO, *relative))
        assert parser.get("app:main", "use").endswith("common.ini"), relative
        assert not parser.has_option("app:main", "ckan.gravatar_default"), relative
    assert "use = config:$TEST_INI" in _read("scripts", "db.sh")


def test_gunicorn_binds_loopback_with_two_workers_per_core(monkeypatch):
    monkeypatch.delenv("SATUDATA_WEB_WORKERS", raising=False)
    monkeypatch.delenv("SATUDATA_WEB_BIND", raising=False)
    settings = runpy.run_path(os.path.join(DEPLOY, "gunicorn.conf.py"))
    assert settings["bind"].startswith("127.0.0.1:")
    assert settings["workers"] == 2 * os.cpu_count()
    monkeypatch.setenv("SATUDATA_WEB_WORKERS", "3")
    assert runpy.run_path(os.path.join(DEPLOY, "gunicorn.conf.py"))["workers"] == 3


def test_durable_services_in_production_speed_settings_only_in_the_demo():
    postgres = _settings(_read("deploy", "postgresql", "satudata-production.conf"))
    assert postgres["fsync"] == "on" and postgres["synchronous_commit"] == "on"
    assert postgres["full_page_writes"] == "on"
    assert postgres["listen_addresses"] == "127.0.0.1"
    redis = _settings(_read("deploy", "redis", "satudata-production.conf"))
    assert redis["appendonly"] == "yes" and redis["bind"] == "127.0.0.1"
    assert "fsync = off" in _read("scripts", "services.sh")       # the demo/test cluster


def test_every_process_has_a_systemd_unit_and_a_supervisor_program():
    units = os.listdir(os.path.join(DEPLOY, "systemd"))
    assert {"satudata-web.service", "satudata-worker.service",
            "satudata-solr.service"} <= set(units)
    supervisor = configparser.RawConfigParser()
    supervisor.read(os.path.join(DEPLOY, "supervisor", "supervisord.conf.template"))
    assert {"program:web", "program:worker", "program:nginx"} <= set(supervisor.sections())
    for program in ("web", "worker", "nginx"):
        assert supervisor.get(f"program:{program}", "stdout_logfile_maxbytes") == "20MB"
        assert supervisor.get(f"program:{program}", "stdout_logfile_backups") == "10"


def test_nginx_limits_uploads_and_compresses():
    site = _read("deploy", "nginx", "satudata.conf.template")
    for directive in ("client_max_body_size @MAX_BODY@;", "gzip on;", "proxy_read_timeout",
                      "location /webassets/", "try_files $uri @ckan;",
                      "limit_req zone=satudata_sehat"):
        assert directive in site
    assert "X-Content-Type-Options" in _read("deploy", "nginx", "static-headers.conf")
