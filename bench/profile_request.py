"""Where one request's time goes: cProfile of a page of the portal or of
plain CKAN, in process, the way bench/vs_ckan.py serves them (issue #19).

    .venv/bin/python bench/profile_request.py --ckan-ini var/vsportal.ini \
        --path /dataset/vs-ckan-000000 [--user vs-pic] [--repeat 20] [--sort tottime]

The configuration is loaded, the request sent once to warm the process,
then `--repeat` times under cProfile; the table is printed with the mean
time and SQL statements per request. `--user` signs the requests in with an
API token made for that user (bench/vs_ckan.py's users: vs-planner, vs-pic,
vs-curator). For plain CKAN, pass `var/vsplain-plain.ini`.
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ckan-ini", required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--user")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=45)
    parser.add_argument("--callers", help="also print the callers of the functions matching this")
    parser.add_argument("--callees", help="also print what the functions matching this call")
    parser.add_argument("--dump", help="also write the raw profile to this file (pstats)")
    options = parser.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    app = make_app(load_config(options.ckan_ini))

    import ckan.model as model
    import ckan.plugins.toolkit as tk
    from sqlalchemy import event

    statements = [0]

    @event.listens_for(model.meta.engine, "before_cursor_execute")
    def _counted(*_args, **_kwargs) -> None:
        statements[0] += 1

    headers = {}
    if options.user:
        with app._wsgi_app.test_request_context():
            token = tk.get_action("api_token_create")(
                {"ignore_auth": True, "user": options.user},
                {"user": options.user, "name": "profile"})["token"]
        headers["Authorization"] = token
    client = app._wsgi_app.test_client()
    answer = client.get(options.path, headers=headers)
    if answer.status_code >= 400:
        raise SystemExit(f"{options.path}: HTTP {answer.status_code}")
    statements[0] = 0
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for _ in range(options.repeat):
        client.get(options.path, headers=headers).get_data()
    profile.disable()
    elapsed = (time.perf_counter() - started) / options.repeat
    print(f"{options.path}: {elapsed * 1000:.1f} ms a request (under the profiler), "
          f"{statements[0] / options.repeat:.0f} SQL statements")
    if options.dump:
        profile.dump_stats(options.dump)
    stats = pstats.Stats(profile).sort_stats(options.sort)
    stats.print_stats(options.lines)
    if options.callers:
        stats.print_callers(options.callers)
    if options.callees:
        stats.print_callees(options.callees)


if __name__ == "__main__":
    main()
