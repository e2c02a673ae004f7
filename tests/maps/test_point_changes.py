"""What changed between two versions of a point layer (plain Python):
the curator's "3 titik ditambah, 1 dipindah, 1 dihapus"."""
from __future__ import annotations

from ckanext.satudata.maps.point_changes import (
    ADDED, CHANGED, MOVED, REMOVED, diff_points, distance_m)


def feature(lon, lat, **properties):
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": properties}


MAWAR = feature(112.0170, -7.8130, nama="Posyandu Mawar", strata="madya", rw="1")
MELATI = feature(112.0185, -7.8145, nama="Posyandu Melati", strata="purnama", rw="2")
ANGGREK = feature(112.0150, -7.8110, nama="Posyandu Anggrek", strata="pratama", rw="3")


def test_added_moved_and_removed_points_are_counted_in_one_line():
    before = [MAWAR, MELATI, ANGGREK]
    after = [
        feature(112.0172, -7.8130, nama="Posyandu Mawar", strata="madya", rw="1"),  # ~22 m east
        MELATI,
        feature(112.0110, -7.8100, nama="Posyandu Kenanga", strata="madya", rw="4"),
        feature(112.0111, -7.8101, nama="Posyandu Dahlia", strata="madya", rw="5"),
        feature(112.0112, -7.8102, nama="Posyandu Tulip", strata="madya", rw="6"),
    ]
    changes = diff_points(before, after, "posyandu")

    assert changes.summary() == "3 titik ditambah, 1 dipindah, 1 dihapus"
    assert changes.unchanged == 1
    moved = [c for c in changes.changes if c.change == MOVED]
    assert [c.name for c in moved] == ["Posyandu Mawar"]
    assert 20 < moved[0].distance_m < 25
    assert moved[0].before == (112.0170, -7.8130) and moved[0].after == (112.0172, -7.8130)
    [removed] = [c for c in changes.changes if c.change == REMOVED]
    assert removed.name == "Posyandu Anggrek" and removed.after is None
    assert [c.name for c in changes.changes if c.change == ADDED] == [
        "Posyandu Kenanga", "Posyandu Dahlia", "Posyandu Tulip"]


def test_the_same_versions_have_no_change_and_say_so():
    changes = diff_points([MAWAR, MELATI], [MELATI, MAWAR], "posyandu")
    assert not changes
    assert changes.summary() == "Tidak ada titik yang berubah."
    assert changes.unchanged == 2


def test_a_point_is_matched_by_its_name_whatever_the_case_and_spacing():
    renamed = feature(112.0170, -7.8130, nama="  posyandu   MAWAR ", strata="madya", rw="1")
    assert not diff_points([MAWAR], [renamed], "posyandu")


def test_an_attribute_changed_in_place_is_an_edit_not_a_move():
    upgraded = feature(112.0170, -7.8130, nama="Posyandu Mawar", strata="purnama", rw="1")
    changes = diff_points([MAWAR], [upgraded], "posyandu")
    [change] = changes.changes
    assert change.change == CHANGED and change.attributes == ("strata",)
    assert changes.summary() == "1 titik diubah isiannya"


def test_a_move_under_half_a_metre_is_not_a_move():
    nudged = feature(112.017002, -7.8130, nama="Posyandu Mawar", strata="madya", rw="1")
    assert distance_m((112.0170, -7.8130), (112.017002, -7.8130)) < 0.5
    assert not diff_points([MAWAR], [nudged], "posyandu")


def test_only_removals_name_the_points_first():
    changes = diff_points([MAWAR, MELATI], [MELATI], "posyandu")
    assert changes.summary() == "1 titik dihapus"
    assert changes.as_dict()["removed"] == 1


def test_rt_points_are_matched_by_rt_and_rw():
    before = [feature(112.0160, -7.8120, rt="1", rw="1", ketua="Budi"),
              feature(112.0150, -7.8110, rt="2", rw="1", ketua="Siti")]
    after = [feature(112.0160, -7.8120, rt="1", rw="1", ketua="Budi"),
             feature(112.0150, -7.8110, rt="1", rw="2", ketua="Siti")]
    changes = diff_points(before, after, "rt")
    assert changes.summary() == "1 titik ditambah, 1 dihapus"
    assert [c.name for c in changes.changes] == ["RT 1 / RW 2", "RT 2 / RW 1"]


def test_points_with_one_name_are_paired_in_order_and_nameless_ones_by_place():
    twin_a = feature(112.0100, -7.8100, nama="Pos Kamling", rw="1")
    twin_b = feature(112.0200, -7.8200, nama="Pos Kamling", rw="2")
    nameless = feature(112.0300, -7.8300, rw="3")
    changes = diff_points([twin_a, twin_b, nameless], [twin_a, twin_b, nameless,
                                                       feature(112.031, -7.831, rw="3")],
                          "pos-kamling")
    assert [c.change for c in changes.changes] == [ADDED]
    assert changes.unchanged == 3


def test_as_dict_gives_positions_for_the_before_after_map():
    after = [feature(112.0172, -7.8130, nama="Posyandu Mawar", strata="madya", rw="1")]
    data = diff_points([MAWAR], after, "posyandu").as_dict()
    assert data["summary"] == "1 titik dipindah"
    [change] = data["changes"]
    assert change["before"] == [112.0170, -7.8130] and change["after"] == [112.0172, -7.8130]
