"""What the Satu Data values mean in the EU vocabularies (plain Python)."""
import datetime

from ckanext.satudata.interop import vocabulary

EU = "http://publications.europa.eu/resource/authority/"


def test_every_frequency_of_the_schema_has_an_eu_frequency():
    assert vocabulary.frequency_uri("bulanan") == EU + "frequency/MONTHLY"
    assert vocabulary.frequency_uri("triwulanan") == EU + "frequency/QUARTERLY"
    assert vocabulary.frequency_uri("semesteran") == EU + "frequency/BIANNUAL"
    assert vocabulary.frequency_uri("tahunan") == EU + "frequency/ANNUAL"
    assert vocabulary.frequency_uri("lima-tahunan") == EU + "frequency/QUINQUENNIAL"
    assert vocabulary.frequency_uri("tidak-tetap") == EU + "frequency/IRREG"
    assert vocabulary.frequency_uri("") is None and vocabulary.frequency_uri("harian") is None


def test_access_classification_is_an_eu_access_right():
    assert vocabulary.access_rights_uri("terbuka") == EU + "access-right/PUBLIC"
    assert vocabulary.access_rights_uri("terbatas") == EU + "access-right/RESTRICTED"
    assert vocabulary.access_rights_uri("tertutup") == EU + "access-right/NON_PUBLIC"
    assert vocabulary.is_restricted("terbatas") and not vocabulary.is_restricted("terbuka")


def test_a_year_is_a_calendar_period():
    assert vocabulary.year_period("2025") == (datetime.date(2025, 1, 1),
                                              datetime.date(2025, 12, 31))
    assert vocabulary.year_period("dua ribu") is None and vocabulary.year_period(None) is None


def test_theme_concepts_live_under_the_portal():
    assert vocabulary.urusan_concept("https://data.example/", "kesehatan") == (
        "https://data.example/ns/urusan#kesehatan")
