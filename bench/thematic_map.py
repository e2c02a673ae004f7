"""Benchmark: the thematic map (choropleth) GeoJSON and the city map's boundaries.

Loads the demo's approximate boundaries of the 46 kelurahan
(`maps/boundary_layer.py` `load()` with `DEMO_FILE`) into a private test
database, then measures, in this process (no server):

* the choropleth answer of `/statistik/<key>/peta.geojson`
  (`statistics/thematic_maps.py` `answer`) for a value in each of the 46
  kelurahan, and for 30 of them (16 "no data"): the time to build it (the
  first answer after the boundaries changed, which also builds the drawn
  layer, and the median of later ones) and its size as the view sends it
  (Flask's `jsonify`), plain and gzip-compressed;
* `/peta/batas.geojson` (through Flask's test client): time and size, plain
  and gzip, and a 304 revalidation;
* the boundaries embedded in the `/peta` page's map configuration
  (`maps/page.py` `map_config()['boundaries']`): size, and the whole page's
  HTML through the test client.

    bash scripts/db.sh test NAME            # a private database, once
    .venv/bin/python bench/thematic_map.py --ini var/NAME.ini [--repeat N]

The boundaries stored in that database are replaced by the demo's; never
point it at the demo's or a shared test database.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def load_demo_boundaries() -> None:
    import ckan.model as model
    from ckanext.satudata.maps import boundary_layer
    report = boundary_layer.load(Path(boundary_layer.DEMO_FILE).read_bytes(),
                                 "batas-kelurahan-perkiraan.geojson", resmi=False)
    assert report.ok, [p.text() for p in report.problems]
    model.Session.commit()


def median_ms(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def row(label: str, ms: float | None, plain: int, packed: int | None = None) -> None:
    time_text = f"{ms:8.1f} ms" if ms is not None else " " * 11
    gz = f"{packed:>10,} B" if packed is not None else " " * 12
    print(f"| {label:<52} | {time_text} | {plain:>10,} B | {gz} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ini", required=True, help="a private test ini (scripts/db.sh test NAME)")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()

    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    app = make_app(load_config(args.ini))
    flask_app = app._wsgi_app

    from flask import jsonify

    from ckanext.satudata import reference
    from ckanext.satudata.maps import boundary_layer, page
    from ckanext.satudata.statistics import thematic_maps

    rng = random.Random(17)
    codes = [k.kode for k in reference.all_kelurahan()]
    every = {kode: round(rng.uniform(40, 100), 1) for kode in codes}
    some = dict(rng.sample(sorted(every.items()), 30))

    print("| what | time | plain | gzip |")
    print("|---|---|---|---|")
    with flask_app.test_request_context():
        load_demo_boundaries()  # a new version: the next answer builds the layer

        def answer(values):
            return jsonify(thematic_maps.answer(values, indikator="bench", judul="Bench",
                                                periode="2025", periode_label="2025",
                                                satuan="%")).get_data()

        started = time.perf_counter()
        body = answer(every)
        first = (time.perf_counter() - started) * 1000
        assert body.count(b'"kode_wilayah"') == 46, "46 polygons expected"
        row("peta.geojson, 46 values, first after a change", first, len(body),
            len(gzip.compress(body)))
        for label, values in (("peta.geojson, 46 values", every),
                              ("peta.geojson, 30 values + 16 no data", some)):
            body = answer(values)
            row(label, median_ms(lambda: answer(values), args.repeat), len(body),
                len(gzip.compress(body)))
        embedded = json.dumps(page.map_config()["boundaries"], separators=(",", ":")).encode()
        row("/peta map config 'boundaries' (in the page)", None, len(embedded),
            len(gzip.compress(embedded)))
        version = boundary_layer.map_layer()["version"]

    client = flask_app.test_client()
    response = client.get("/peta/batas.geojson")
    assert response.status_code == 200
    body = response.get_data()
    row("/peta/batas.geojson", median_ms(lambda: client.get("/peta/batas.geojson"), args.repeat),
        len(body), len(gzip.compress(body)))
    etag = f'"batas-{version}"'
    assert client.get("/peta/batas.geojson", headers={"If-None-Match": etag}).status_code == 304
    row("/peta/batas.geojson, revalidation (304)",
        median_ms(lambda: client.get("/peta/batas.geojson", headers={"If-None-Match": etag}),
                  args.repeat), 0)
    html = client.get("/peta").get_data()
    row("/peta page (HTML, boundaries embedded)",
        median_ms(lambda: client.get("/peta"), max(5, args.repeat // 3)), len(html),
        len(gzip.compress(html)))
    print(f"\n(times: median of {args.repeat} in this process; gzip: level 9 of Python's gzip, "
          "for what a compressing proxy would send)")


if __name__ == "__main__":
    main()
