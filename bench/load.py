"""Load benchmark of the production profile (issue #15, item 7).

A realistic mix of visitors and a few signed-in people, sent by locust
(headless, for a bounded time, loopback only) at the portal served

* the production way, nginx -> gunicorn (deploy/gunicorn.conf.py,
  deploy/wsgi.py, the nginx site of deploy/nginx/), at 1, 2 and 4 gunicorn
  workers, and
* by `ckan run --threaded` (the demo's development server),

then a table: requests per second, p50/p95/p99 in ms, errors (must be 0).

    .venv/bin/python bench/load.py --ckan-ini var/NAME.ini [--duration 60]
        [--users 8] [--workers 1,2,4] [--datasets 500] [--no-ckan-run]

`--ckan-ini` is a private test configuration (`scripts/db.sh test NAME`;
never the demo's, the production's or the shared test database): the
script fills it once (reference organisations, demo accounts, indicator
catalogue, sample datasets with their files and map points, and N more
published datasets inserted with SQL by bench/dataload.py, the rows of
bench/vs_ckan.py's portal), then serves it
on free loopback ports of its own (never the demo's 5000 or the production
profile's 8080/8081). Each server gets one unmeasured round of every page
first. Logs: var/log/load-*.log.

Against a server that is already running (e.g. `make prod` on a VM, from
another machine on its network), only the locust part is needed:

    SATUDATA_LOAD_SETUP=setup.json .venv/bin/locust -f bench/load.py \
        --headless -u 8 -r 8 -t 60s --host https://data.example

where setup.json names a PIC's and a curator's API token, the PIC's
kelurahan, a few dataset names and an indicator key (the keys of `setup()`
below; README, "Menjalankan di server").

The mix (weights per visitor task): home page 3, dataset search with
facets 4, dataset pages 4, /peta 1 and /peta/titik.geojson 2,
/statistik/<key> 2, the package_search API with facets 3; and one
publisher who, in turn, creates a draft statistic with the PIC's token,
uploads a CSV to it, submits it and approves it with the curator's token.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from deploy import launch  # noqa: E402  (the repository root is on the path now)
VENV_BIN = Path(sys.executable).parent
VAR = ROOT / "var"
PREFIX = "vs-ckan-"  # the SQL-inserted datasets (bench/vs_ckan.py's rows)
PAGES = ("/", "/dataset/", "/peta", "/peta/titik.geojson", "/statistik",
         "/api/3/action/package_search?rows=10")

SEARCHES = [
    "/dataset/?q=posyandu",
    "/dataset/?q=posyandu&res_format=CSV",
    "/dataset/?organization={kelurahan}",
    "/dataset/?type=statistik-sektoral&sort=metadata_modified+desc",
    "/dataset/?q=balita&page=2",
    "/dataset/?tags=posyandu&res_format=CSV&organization={kelurahan}",
]
API_SEARCHES = [
    "/api/3/action/package_search?q=posyandu&rows=20"
    "&facet.field=[\"organization\",\"res_format\",\"tags\"]",
    "/api/3/action/package_search?fq=organization:{kelurahan}&rows=10",
    "/api/3/action/package_search?q=balita&start=20&rows=20",
]
MISSING = 3  # exit status of --setup-inside: the demo data is not loaded yet
TABLE = "periode,nilai\n2026-01,12\n2026-02,14\n2026-03,13\n"


# -- locust: the users (this file is also the locustfile) --------------------------

if __name__ != "__main__":  # imported by locust (it patches the standard library)
    from locust import HttpUser, constant, task

    _SETUP = json.loads(Path(os.environ["SATUDATA_LOAD_SETUP"]).read_text())

    def _fill(path: str) -> str:
        return path.format(kelurahan=random.choice(_SETUP["kelurahan"]))

    class Visitor(HttpUser):
        """An anonymous visitor: pages, the map, statistics, API searches.
        No think time: the benchmark measures how much the server answers."""
        wait_time = constant(0)

        @task(3)
        def home(self):
            self.client.get("/", name="/")

        @task(4)
        def search(self):
            self.client.get(_fill(random.choice(SEARCHES)), name="/dataset/?facets")

        @task(4)
        def dataset_page(self):
            self.client.get("/dataset/" + random.choice(_SETUP["datasets"]),
                            name="/dataset/<name>")

        @task(1)
        def map_page(self):
            self.client.get("/peta", name="/peta")

        @task(2)
        def map_points(self):
            self.client.get("/peta/titik.geojson", name="/peta/titik.geojson")

        @task(2)
        def statistic(self):
            self.client.get("/statistik/" + random.choice(_SETUP["indicators"]),
                            name="/statistik/<key>")

        @task(3)
        def api_search(self):
            self.client.get(_fill(random.choice(API_SEARCHES)), name="API package_search")

    class Publisher(HttpUser):
        """A PIC who creates a statistic, uploads its table and submits it,
        and a curator who approves it, through the API with their tokens."""
        wait_time = constant(1)
        fixed_count = 1

        def _action(self, name: str, token: str, **kwargs):
            with self.client.post(f"/api/3/action/{name}", name=f"API {name}",
                                  headers={"Authorization": token},
                                  catch_response=True, **kwargs) as answer:
                body = answer.json() if answer.headers.get(
                    "Content-Type", "").startswith("application/json") else {}
                if answer.status_code != 200 or not body.get("success"):
                    answer.failure(f"{name}: HTTP {answer.status_code} "
                                   f"{json.dumps(body.get('error'))[:300]}")
                    return None
                return body["result"]

        @task
        def publish(self):
            pic, curator = _SETUP["tokens"]["pic"], _SETUP["tokens"]["curator"]
            dataset = self._action("package_create", pic, json={
                "type": "statistik-sektoral", "owner_org": _SETUP["pic_organization"],
                "name": f"beban-{uuid.uuid4().hex[:12]}",
                "title": "Balita ditimbang (uji beban)",
                "notes": "Dibuat oleh bench/load.py.", "bidang_urusan": "kesehatan",
                "konsep": "Balita ditimbang", "definisi": "Balita yang ditimbang di posyandu.",
                "satuan": "jiwa", "tahun": "2026", "frekuensi": "bulanan",
                "tingkat_penyajian": "kelurahan", "produsen": "Kelurahan",
                "klasifikasi_akses": "terbuka"})
            if dataset is None:
                return
            if self._action("resource_create", pic, data={
                    "package_id": dataset["id"], "name": "Data bulanan 2026"},
                    files={"upload": ("balita-ditimbang.csv", TABLE, "text/csv")}) is None:
                return
            if self._action("satudata_submit", pic, json={"id": dataset["id"]}) is None:
                return
            self._action("satudata_approve", curator, json={"id": dataset["id"]})


# -- setting up the database (run in its own process: CKAN's config is global) -----

def setup(ini: Path, count: int) -> dict:
    """Fill the private database once; return what the users need."""
    ready = _setup_inside_process(ini, count)
    if ready is not None:
        return ready
    ckan = str(VENV_BIN / "ckan")
    for command in (["muat-referensi"], ["muat-batas"],
                    ["muat-demo", "--accounts-file", str(VAR / f"load-{ini.stem}-accounts.txt")],
                    ["muat-katalog", "--contoh"], ["muat-contoh"], ["segarkan-terbit"]):
        done = subprocess.run([ckan, "-c", str(ini), "satudata", *command], cwd=ROOT,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise SystemExit(f"ckan satudata {' '.join(command)}:\n{done.stdout}{done.stderr}")
    ready = _setup_inside_process(ini, count)
    if ready is None:
        raise SystemExit(f"{ini}: the demo accounts or samples are still missing after loading")
    return ready


def _setup_inside_process(ini: Path, count: int) -> dict | None:
    """setup_inside() in a process of its own; None when the demo accounts
    or samples are not there yet (exit status 3)."""
    done = subprocess.run([str(sys.executable), __file__, "--setup-inside", str(ini),
                           "--datasets", str(count)], cwd=ROOT,
                          stdout=subprocess.PIPE, text=True)
    if done.returncode == MISSING:
        return None
    if done.returncode != 0:
        raise SystemExit(f"setting up {ini} failed (exit status {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


def setup_inside(ini: Path, count: int) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    make_app(load_config(str(ini)))
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    import dataload
    import vs_ckan

    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    samples = model.Session.query(model.Package).filter(
        model.Package.type == "peta-titik", model.Package.state == "active").count()
    if model.User.get("pic-balowerti") is None or model.User.get("kurator") is None \
            or not samples:
        sys.exit(MISSING)  # the demo's accounts and samples are loaded first
    loaded = dataload.load(vs_ckan.plan("portal", count))
    organizations = loaded.organizations

    tokens = {who: tk.get_action("api_token_create")(dict(context), {
        "user": name, "name": "bench-load"})["token"]
        for who, name in (("pic", "pic-balowerti"), ("curator", "kurator"))}
    published = tk.get_action("package_search")({"user": ""}, {
        "q": "-name:beban-*", "rows": 1000, "fl": "name"})["results"]
    indicators = [item["key"] for sector in tk.get_action("satudata_indicator_list")(
        {"user": ""}, {})["sectors"] for item in sector["indicators"]]
    print(json.dumps({
        "tokens": tokens, "pic_organization": "kelurahan-balowerti",
        "kelurahan": sorted(n for n in organizations if n.startswith("kelurahan-")),
        "datasets": [d["name"] for d in published],
        "indicators": [key for key in indicators if key],
        "public": public_folders(),
    }))


def public_folders() -> list[str]:
    """The public folders nginx serves itself, as scripts/prod.sh merges
    them: CKAN's, then the plugins' (which win). CKAN must be loaded."""
    import ckan
    from ckan.common import config
    public = [os.path.join(os.path.dirname(ckan.__file__),
                           config.get("ckan.base_public_folder") or "public")]
    extra = list(config.get("plugin_public_paths") or [])
    extra += [p for p in (config.get("extra_public_paths") or "").split(",") if p]
    return public + [os.path.abspath(p) for p in reversed(extra)]


def serve_inside(ini: Path) -> None:
    """For --serve: the public folders and a site user's token for xloader."""
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    make_app(load_config(str(ini)))
    import ckan.plugins.toolkit as tk
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    token = tk.get_action("api_token_create")(
        {"user": site_user["name"], "ignore_auth": True},
        {"user": site_user["name"], "name": "e2e-xloader"})["token"]
    print(json.dumps({"public": public_folders(), "token": token}))


# -- serving ---------------------------------------------------------------------




def live_ini(base: Path, url: str, work: Path, extra: str = "") -> Path:
    """The private configuration as the production profile sets it: no
    debugging, pooled connections checked, webassets where nginx finds them."""
    ini = work / "live.ini"
    ini.write_text(
        "# Written by bench/load.py.\n[app:main]\n"
        f"use = config:{base.resolve()}\n"
        f"ckan.site_url = {url}\n"
        "debug = false\nsqlalchemy.pool_pre_ping = true\nckan.cache_expires = 60\n"
        f"ckan.webassets.path = {work / 'webassets'}\n" + extra + launch.LOGGING_TO_STDERR.replace("%", "%%"))
    ini.chmod(0o600)
    return ini


class Servers:
    """The processes of one configuration under test, stopped by stop()."""

    def __init__(self):
        self.processes: list[subprocess.Popen] = []

    def start(self, command: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
        with open(log, "ab") as out:
            process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                       stdin=subprocess.DEVNULL,
                                       env=dict(os.environ, **(env or {})))
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        self.processes.clear()


def render_nginx(work: Path, web_port: int, app_port: int, public: list[str]) -> Path:
    """deploy/nginx's site and an nginx.conf like scripts/prod.sh's, in `work`."""
    tree = work / "public"
    if tree.exists():
        shutil.rmtree(tree)
    tree.mkdir()
    for folder in public:
        if os.path.isdir(folder):
            subprocess.run(["cp", "-rsf", f"{folder}/.", f"{tree}/"], check=True)
    (work / "nginx" / "tmp").mkdir(parents=True, exist_ok=True)
    (work / "webassets").mkdir(exist_ok=True)
    site = (ROOT / "deploy/nginx/satudata.conf.template").read_text()
    for name, value in (("LISTEN", f"127.0.0.1:{web_port}"), ("UPSTREAM", f"127.0.0.1:{app_port}"),
                        ("PUBLIC_ROOT", str(tree)), ("WEBASSETS_ROOT", str(work / "webassets")),
                        ("MAX_BODY", "101m"), ("SNIPPETS", str(work / "nginx"))):
        site = site.replace(f"@{name}@", value)
    (work / "nginx" / "satudata.conf").write_text(site)
    shutil.copy(ROOT / "deploy/nginx/static-headers.conf", work / "nginx")
    temp = work / "nginx" / "tmp"
    conf = work / "nginx" / "nginx.conf"
    conf.write_text(f"""# Written by bench/load.py (as scripts/prod.sh writes it).
worker_processes auto;
pid {work / 'nginx.pid'};
error_log stderr warn;
daemon off;
events {{ worker_connections 768; }}
http {{
    include /etc/nginx/mime.types;
    types {{ application/geo+json geojson; }}
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {work / 'nginx' / 'satudata.conf'};
}}
""")
    return conf


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx")
                                      else None)
    if not found:
        raise SystemExit("nginx is not installed (Debian package nginx; `make prod` installs it)")
    return found


def serve_production(servers: Servers, base: Path, workers: int, setup_data: dict,
                     work: Path, extra_ini: str = "") -> tuple[str, Path]:
    """nginx -> gunicorn (`workers` sync workers) on free loopback ports."""
    web_port, app_port = launch.free_port(), launch.free_port()
    url = f"http://127.0.0.1:{web_port}"
    ini = live_ini(base, url, work, extra_ini)
    conf = render_nginx(work, web_port, app_port, setup_data["public"])
    log = VAR / "log" / f"load-gunicorn-{workers}.log"
    command, environment = launch.gunicorn(ini, f"127.0.0.1:{app_port}", workers)
    servers.start(command, log, env=environment)
    servers.start([nginx_binary(), "-p", str(work / "nginx"), "-c", str(conf)],
                  VAR / "log" / f"load-nginx-{workers}.log")
    wait_ready(servers, url, log)
    return url, ini


def serve_ckan_run(servers: Servers, base: Path, work: Path) -> str:
    port = launch.free_port()
    url = f"http://127.0.0.1:{port}"
    ini = live_ini(base, url, work)
    log = VAR / "log" / "load-ckan-run.log"
    servers.start([str(VENV_BIN / "ckan"), "-c", str(ini), "run", "--host", "127.0.0.1",
                   "--port", str(port), "--disable-reloader", "--threaded"], log)
    wait_ready(servers, url, log)
    return url


def wait_ready(servers: Servers, url: str, log: Path) -> None:
    import requests
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if requests.get(url + "/api/3/action/status_show", timeout=10).ok:
                return
        except requests.RequestException:
            pass
        if any(p.poll() is not None for p in servers.processes):
            break
        time.sleep(0.5)  # waiting for the server to start
    servers.stop()
    raise SystemExit(f"{url} did not answer; see {log}")


def serve_for_tests(base: Path, workers: int) -> None:
    """nginx -> gunicorn on `base` until interrupted; the environment of the
    e2e tests in var/NAME-e2e.env (SATUDATA_E2E_URL, SATUDATA_E2E_INI)."""
    done = subprocess.run([str(sys.executable), __file__, "--serve-inside", str(base)],
                          cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    inside = json.loads(done.stdout.strip().splitlines()[-1])
    work = VAR / f"{base.stem}-e2e"
    work.mkdir(exist_ok=True)
    servers = Servers()
    env_file = VAR / f"{base.stem}-e2e.env"

    def interrupted(_signal, _frame):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, interrupted)
    try:
        url, ini = serve_production(servers, base, workers, inside, work,
                                    f"ckanext.xloader.api_token = {inside['token']}\n")
        env_file.write_text(f"SATUDATA_E2E_URL={url}\nSATUDATA_E2E_INI={ini}\n")
        print(f"nginx -> gunicorn ({workers} workers) on {base.name}: {url}\n"
              f"e2e tests against it (another shell):\n"
              f"  env $(cat {env_file.relative_to(ROOT)}) .venv/bin/pytest "
              f"--ckan-ini={base.relative_to(ROOT)} tests/e2e\n"
              f"logs: var/log/load-gunicorn-{workers}.log; Ctrl-C stops", flush=True)
        servers.processes[0].wait()
    except KeyboardInterrupt:
        pass
    finally:
        servers.stop()
        env_file.unlink(missing_ok=True)


# -- measuring ---------------------------------------------------------------------

def warm_up(url: str, setup_data: dict, workers: int) -> None:
    """Unmeasured requests of every kind, several at once so that every
    gunicorn worker has compiled its templates and filled its caches."""
    from concurrent.futures import ThreadPoolExecutor

    import requests
    paths = list(PAGES) + ["/dataset/" + setup_data["datasets"][0]]
    paths += ["/statistik/" + key for key in setup_data["indicators"][:1]]
    requests.get(url + "/", timeout=300)  # the webassets, compiled once
    parallel = 2 * max(workers, 1)
    with ThreadPoolExecutor(parallel) as pool:
        for path in paths:
            list(pool.map(lambda p: requests.get(url + p, timeout=300), [path] * parallel))


def run_locust(url: str, setup_file: Path, users: int, duration: int, label: str) -> dict:
    prefix = Path(tempfile.mkdtemp(prefix="load-")) / "stats"
    log = VAR / "log" / f"load-locust-{label}.log"
    with open(log, "wb") as out:
        subprocess.run([str(VENV_BIN / "locust"), "-f", __file__, "--headless",
                        "--host", url, "-u", str(users), "-r", str(users),
                        "-t", f"{duration}s", "--stop-timeout", "30", "--csv", str(prefix),
                        "--only-summary", "--loglevel", "WARNING"],
                       cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                       env=dict(os.environ, SATUDATA_LOAD_SETUP=str(setup_file)))
    with open(f"{prefix}_stats.csv", newline="") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    failures = []
    if os.path.exists(f"{prefix}_failures.csv"):
        with open(f"{prefix}_failures.csv", newline="") as f:
            failures = [f"{r['Name']}: {r['Error']} ({r['Occurrences']}x)" for r in csv.DictReader(f)]
    total = rows["Aggregated"]
    shutil.rmtree(prefix.parent)
    return {"rps": float(total["Requests/s"]), "requests": int(total["Request Count"]),
            "errors": int(total["Failure Count"]), "p50": total["50%"], "p95": total["95%"],
            "p99": total["99%"], "failures": failures,
            "upload": rows.get("API resource_create", {}).get("Request Count", "0"),
            "approve": rows.get("API satudata_approve", {}).get("Request Count", "0")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ckan-ini", type=Path, help="a private test configuration "
                        "(scripts/db.sh test NAME)")
    parser.add_argument("--duration", type=int, default=60, help="seconds per server (60)")
    parser.add_argument("--users", type=int, default=8, help="concurrent locust users (8)")
    parser.add_argument("--workers", default="1,2,4", help="gunicorn workers to try (1,2,4)")
    parser.add_argument("--datasets", type=int, default=500,
                        help="published datasets inserted with SQL (500)")
    parser.add_argument("--no-ckan-run", action="store_true", help="skip `ckan run`")
    parser.add_argument("--serve", type=int, metavar="WORKERS",
                        help="only serve the configuration the production way (nginx -> "
                        "gunicorn with WORKERS workers) until interrupted, for the e2e "
                        "tests (SATUDATA_E2E_URL); writes var/NAME-e2e.env")
    parser.add_argument("--setup-inside", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--serve-inside", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.setup_inside:
        setup_inside(options.setup_inside, options.datasets)
        return
    if options.serve_inside:
        serve_inside(options.serve_inside)
        return
    if options.ckan_ini is None:
        parser.error("--ckan-ini var/NAME.ini (scripts/db.sh test NAME) is required")
    base = options.ckan_ini.resolve()
    if base.parent != VAR.resolve() or base.name in ("demo.ini", "local.ini"):
        parser.error("--ckan-ini must be a private test configuration in var/ "
                     "(scripts/db.sh test NAME)")
    (VAR / "log").mkdir(parents=True, exist_ok=True)
    if options.serve:
        serve_for_tests(base, options.serve)
        return
    print(f"Preparing {base.name} ({options.datasets} SQL datasets + the demo samples)...",
          file=sys.stderr)
    setup_data = setup(base, options.datasets)
    work = Path(tempfile.mkdtemp(prefix="satudata-load-"))
    setup_file = work / "setup.json"
    setup_file.write_text(json.dumps(setup_data))
    setup_file.chmod(0o600)
    configurations = [(f"nginx -> gunicorn, {n} worker{'s' if n > 1 else ''}", n)
                      for n in map(int, options.workers.split(","))]
    if not options.no_ckan_run:
        configurations.append(("ckan run --threaded", 0))
    results = []
    try:
        for label, workers in configurations:
            servers = Servers()
            try:
                if workers:
                    url, _ini = serve_production(servers, base, workers, setup_data, work)
                else:
                    url = serve_ckan_run(servers, base, work)
                warm_up(url, setup_data, workers)
                print(f"{label}: {options.duration} s, {options.users} users...", file=sys.stderr)
                results.append((label, run_locust(url, setup_file, options.users,
                                                  options.duration, f"{workers or 'ckan-run'}")))
            finally:
                servers.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n{options.users} locust users without think time (plus one publisher: "
          f"create, upload, submit, approve), {options.duration} s each, "
          f"{len(setup_data['datasets'])} public datasets; times in ms")
    print(f"{'server':32} {'req/s':>7} {'p50':>6} {'p95':>6} {'p99':>6} {'requests':>9}"
          f" {'uploads':>8} {'approved':>9} {'errors':>7}")
    for label, r in results:
        print(f"{label:32} {r['rps']:7.1f} {r['p50']:>6} {r['p95']:>6} {r['p99']:>6} "
              f"{r['requests']:9d} {r['upload']:>8} {r['approve']:>9} {r['errors']:7d}")
    errors = [(label, r) for label, r in results if r["errors"]]
    for label, r in errors:
        print(f"errors ({label}):", *r["failures"][:10], sep="\n  ")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
