"""Dates with their time read in Indonesian order on Indonesian pages."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk


@pytest.mark.usefixtures("with_plugins", "with_request_context")
def test_a_date_with_its_time_reads_in_indonesian_order():
    # 16.20 UTC is 23.20 in Kediri (WIB, the portal's display time zone).
    assert tk.h.render_datetime("2026-11-23T16:20:00", with_hours=True) == \
        "23 November 2026, 23.20 (WIB)"
    assert tk.h.render_datetime("2026-12-01T01:00:00") == "1 Desember 2026"
