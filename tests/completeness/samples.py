"""Datasets for the completeness and reminder tests, dated in the portal's
today (CKAN is needed: the dates are the portal's)."""
from __future__ import annotations

import datetime

import sqlalchemy as sa

import ckan.model as model

from ckanext.satudata.site import portal_today
from tests.helpers import statistik_sektoral

TODAY = portal_today()
YEAR = TODAY.year


def profile(owner_org: str, slug: str, year: int = YEAR, **overrides) -> dict:
    data = {
        "type": "profil-kelurahan", "name": f"profil-{slug}-{year}",
        "title": f"Profil Kelurahan {slug.title()} {year}", "owner_org": owner_org,
        "tahun": str(year), "penduduk_laki_laki": "3000", "penduduk_perempuan": "3100",
        "jumlah_kk": "2000", "jumlah_rw": "6", "jumlah_rt": "30", "luas_km2": "1.2",
        "produsen": f"Kelurahan {slug.title()}", "klasifikasi_akses": "terbuka",
    }
    data.update(overrides)
    return data


def layer(owner_org: str, slug: str, kind: str, **overrides) -> dict:
    data = {
        "type": "peta-titik", "name": f"{kind}-{slug}", "title": f"{kind.title()} {slug.title()}",
        "owner_org": owner_org, "jenis_titik": kind, "tahun": str(YEAR),
        "produsen": f"Kelurahan {slug.title()}", "klasifikasi_akses": "terbuka",
    }
    data.update(overrides)
    return data


def statistic(owner_org: str, slug: str, **overrides) -> dict:
    data = {"name": f"balita-ditimbang-{slug}", "title": f"Balita ditimbang {slug.title()}",
            "kode_indikator": "balita-ditimbang", "frekuensi": "bulanan"}
    data.update(overrides)
    return statistik_sektoral(owner_org, **data)


def set_modified(dataset: dict, moment: datetime.datetime) -> None:
    model.Session.execute(sa.update(model.package_table)
                          .where(model.package_table.c.id == dataset["id"])
                          .values(metadata_modified=moment))
    model.Session.commit()
