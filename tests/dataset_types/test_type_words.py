"""A PIC reads the dataset types by their names ("Statistik sektoral", "Peta
titik", "Profil kelurahan"), never a label made from the type's slug
("Buat Statistik-sektoral", "Peta-Titik"), and no generic CKAN text ("Dataset
CKAN adalah ...") on the pages they meet while adding data."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from tests.helpers import call_as, profil, statistik_sektoral

LABELS = {
    "statistik-sektoral": ("Statistik sektoral", "Sectoral statistics"),
    "profil-kelurahan": ("Profil kelurahan", "Kelurahan profile"),
    "peta-titik": ("Peta titik", "Point map"),
}
GENERIC = re.compile(r"dataset\s+ckan|ckan\s+dataset", re.IGNORECASE)
#: Attributes whose value a reader sees (or hears) as text.
_SEEN_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "content"}


class _SeenText(HTMLParser):
    """The text a reader sees: text nodes (without scripts and styles), the
    titles, placeholders and labels of elements, the values of buttons."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if value and (name in _SEEN_ATTRIBUTES or (
                    name == "value" and attributes.get("type") in ("submit", "button"))):
                if name == "content" and attributes.get("name") not in ("description",
                                                                        "og:title"):
                    continue
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def seen_text(html: str) -> str:
    parser = _SeenText()
    parser.feed(html)
    return " | ".join(parser.parts)


def slug_words(text: str) -> list[str]:
    """The slugs of the types written as words anywhere in `text`, in any
    case (not as a part of an address: "/peta-titik/...")."""
    return [match.group(0) for slug in LABELS
            for match in re.finditer(r"(?<![/\w-])" + re.escape(slug), text, re.IGNORECASE)]


def assert_plain_words(app, url, headers, expected):
    response = app.get(url, headers=headers)
    assert response.status_code == 200, url
    text = seen_text(response.get_data(as_text=True))
    assert not slug_words(text), (url, slug_words(text), text[:3000])
    assert not GENERIC.search(text), (url, GENERIC.search(text).group(0))
    for label in expected:
        assert label.lower() in text.lower(), (url, label, text[:3000])
    return text


@pytest.fixture
def datasets(people, kelurahan_balowerti, create_with_upload):
    """One draft of each type of Balowerti, made by its PIC; the statistic has a table."""
    org = kelurahan_balowerti["id"]
    pic = people["pic"]
    made = {
        "statistik-sektoral": call_as(pic, "package_create", **statistik_sektoral(org)),
        "profil-kelurahan": call_as(pic, "package_create", **profil(org)),
        "peta-titik": call_as(pic, "package_create", type="peta-titik", owner_org=org,
                              name="posyandu-balowerti", title="Posyandu Balowerti",
                              jenis_titik="posyandu", tahun="2026",
                              produsen="Kelurahan Balowerti", klasifikasi_akses="terbuka"),
    }
    create_with_upload("rw,jumlah\n1,5\n", "data.csv",
                       package_id=made["statistik-sektoral"]["id"],
                       context={"user": pic["name"]})
    return {kind: call_as(pic, "package_show", id=d["id"]) for kind, d in made.items()}


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_chooser_and_the_organisation_page_name_the_types(app, tokens, datasets):
    headers = tokens["pic"]
    everything = [label for label, _english in LABELS.values()]
    assert_plain_words(app, "/dataset/baru", headers, everything)
    assert_plain_words(app, "/organization/kelurahan-balowerti", headers, ["Tambah dataset"])
    assert_plain_words(app, "/dataset/", headers, ["Tambah dataset"])


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.parametrize("kind", sorted(LABELS))
def test_every_page_of_a_type_names_it_in_words(app, tokens, datasets, kind):
    headers = tokens["pic"]
    label = LABELS[kind][0]
    name = datasets[kind]["name"]
    form = assert_plain_words(app, f"/{kind}/new", headers, [label])
    assert f"tambah {label.lower()}" in form.lower()
    assert_plain_words(app, f"/{kind}/edit/{name}", headers, [label])
    assert_plain_words(app, f"/{kind}/{name}", headers, [label])
    assert_plain_words(app, f"/{kind}/", headers, [label])
    assert_plain_words(app, f"/{kind}/{name}/resource/new", headers, [])


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_resource_page_has_no_slug_made_label(app, tokens, datasets):
    statistic = datasets["statistik-sektoral"]
    resource = statistic["resources"][0]["id"]
    assert_plain_words(app, f"/statistik-sektoral/{statistic['name']}/resource/{resource}",
                       tokens["pic"], [])


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
@pytest.mark.parametrize("kind", sorted(LABELS))
def test_the_form_sidebar_says_what_the_type_is_for(app, tokens, datasets, kind):
    from ckanext.satudata import reference
    from ckanext.satudata.dataset_types import words

    guides = {name: [reference.current().fill_text(sentence) for sentence in sentences]
              for name, sentences in words.TYPE_GUIDES.items()}
    assert guides["profil-kelurahan"][0].startswith("Profil kelurahan mencatat keadaan kelurahan")
    for url in (f"/{kind}/new", f"/{kind}/edit/{datasets[kind]['name']}"):
        text = seen_text(app.get(url, headers=tokens["pic"]).get_data(as_text=True))
        assert guides[kind][0] in text, url
        assert guides[kind][1] in text, url
        others = [other for other in LABELS if other != kind]
        assert not any(guides[other][0] in text for other in others), url


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_english_pages_name_the_types_in_english(app, tokens, datasets):
    headers = tokens["pic"]
    assert_plain_words(app, "/en/dataset/baru", headers,
                       [english for _label, english in LABELS.values()])
    for kind, (_label, english) in LABELS.items():
        assert_plain_words(app, f"/en/{kind}/new", headers, [english])
        assert_plain_words(app, f"/en/{kind}/", headers, [english])


TECHNICAL_FIELDS = ("konsep", "definisi", "satuan", "ukuran", "rumus", "interpretasi",
                    "frekuensi", "tingkat_penyajian", "produsen", "klasifikasi_akses")


@pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")
def test_the_statistic_form_explains_its_technical_terms(app, tokens):
    import ckan.plugins.toolkit as tk

    fields = {field["field_name"]: field for field in
              tk.h.scheming_get_dataset_schema("statistik-sektoral")["dataset_fields"]}
    text = seen_text(app.get("/statistik-sektoral/new", headers=tokens["pic"])
                     .get_data(as_text=True))
    english = seen_text(app.get("/en/statistik-sektoral/new", headers=tokens["pic"])
                        .get_data(as_text=True))
    for name in TECHNICAL_FIELDS:
        help_text = fields[name].get("help_text") or {}
        assert help_text.get("id") and help_text["id"] in text, name
        assert help_text.get("en") and help_text["en"] in english, name
