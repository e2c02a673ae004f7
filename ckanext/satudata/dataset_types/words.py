"""The words a PIC reads about the dataset types: their names, what each is
for (the form's sidebar), and the phrases CKAN builds around a type's name
(``h.humanize_entity_type``), written for each purpose instead of made from
the type's slug ("Buat Statistik-sektoral"). Plain Python: the texts are
marked with ``N_`` and translated where they are shown."""
from __future__ import annotations

from ckanext.satudata.translation import N_

#: The name of each dataset type, as a sentence starts it.
TYPE_LABELS = {
    "statistik-sektoral": N_("Statistik sektoral"),
    "profil-kelurahan": N_("Profil kelurahan"),
    "peta-titik": N_("Peta titik"),
    "batas-wilayah": N_("Batas wilayah"),
}

#: The names that follow the region's kind of desa/kelurahan: {jenis} is
#: "desa" or "desa/kelurahan" (``reference``'s ``jenis_plural``); a region
#: of kelurahan only keeps ``TYPE_LABELS``.
REGION_TYPE_LABELS = {
    "profil-kelurahan": N_("Profil {jenis}"),
}

#: Two sentences per type for the form's sidebar: what it is for, and what
#: the curator checks before publishing it.
TYPE_GUIDES = {
    "statistik-sektoral": (
        N_("Statistik sektoral adalah angka satu indikator (misalnya jumlah balita "
           "ditimbang) untuk satu periode, berupa tabel CSV atau Excel beserta metadata "
           "Satu Data-nya."),
        N_("Kurator Diskominfo memeriksa apakah konsep, definisi dan satuannya sesuai "
           "dengan indikatornya, tabelnya lengkap, dan tidak ada data pribadi sebelum "
           "menerbitkannya."),
    ),
    "profil-kelurahan": (
        N_("Profil {jenis} mencatat keadaan {jenis} setiap tahun: penduduk, kepala "
           "keluarga, jumlah RW dan RT, luas wilayah, dan fasilitas."),
        N_("Kurator Diskominfo memeriksa apakah angkanya lengkap dan wajar dibandingkan "
           "dengan tahun sebelumnya sebelum menerbitkannya."),
    ),
    "peta-titik": (
        N_("Peta titik memuat lokasi satu jenis tempat di kelurahan (misalnya posyandu "
           "atau pos kamling), dari berkas GeoJSON atau CSV berisi lintang dan bujur."),
        N_("Kurator Diskominfo memeriksa apakah titik-titiknya berada di kelurahan yang "
           "benar dan tidak memuat data pribadi sebelum menerbitkannya."),
    ),
    "batas-wilayah": (
        N_("Batas wilayah memuat poligon batas setiap kelurahan (GeoJSON atau Shapefile "
           "dalam zip) yang digambar pada peta dan dipakai untuk memeriksa titik."),
        N_("Hanya walidata yang mengelolanya; berkasnya diperiksa utuh saat diunggah dan "
           "baru dipakai setelah diterbitkan."),
    ),
}

#: The phrase of each purpose of ``h.humanize_entity_type`` (CKAN's list);
#: {label} is the type's name as a sentence starts it, {type} the same in
#: lower case. A purpose not listed shows the name alone.
PURPOSES = {
    "add link": N_("Tambah {type}"),
    "create label": N_("Tambah {type}"),
    "create title": N_("Tambah {type}"),
    "add association link": N_("Tambahkan ke {type}"),
    "delete confirmation": N_("Yakin ingin menghapus {type} ini?"),
    "description placeholder": N_("Keterangan singkat tentang {type} ini..."),
    "edit label": N_("Ubah {type}"),
    "form label": N_("Formulir {type}"),
    "view label": N_("Lihat {type}"),
    "my label": N_("{label} saya"),
    "name placeholder": N_("{label} saya"),
    "no any objects": N_("Belum ada {type} di portal ini."),
    "no associated label": N_("Tidak ada {type} yang terkait dengan dataset ini."),
    "no description": N_("Belum ada keterangan untuk {type} ini."),
    "no label": N_("Tanpa {type}"),
    "save label": N_("Simpan {type}"),
    "search placeholder": N_("Cari {type}..."),
    "update label": N_("Perbarui {type}"),
}

#: The heading of a type's search page: with or without results, with or
#: without a query.
SEARCH_RESULTS = {
    (True, False): N_("{number} {type} ditemukan"),
    (True, True): N_('{number} {type} ditemukan untuk "{query}"'),
    (False, False): N_("Tidak ada {type} yang ditemukan"),
    (False, True): N_('Tidak ada {type} yang ditemukan untuk "{query}"'),
}


def type_label_msgid(dataset_type: str, jenis: str) -> str | None:
    """The (untranslated) name of `dataset_type` in a region whose
    desa/kelurahan are `jenis`, or None for a type that is not the portal's;
    the caller translates it, then fills {jenis} in."""
    if jenis != "kelurahan" and dataset_type in REGION_TYPE_LABELS:
        return REGION_TYPE_LABELS[dataset_type]
    return TYPE_LABELS.get(dataset_type)


def phrase(template: str | None, label: str, **values: object) -> str:
    """`label` (already translated) put into the (translated) phrase
    `template`, with the other `values` ({number}, {query})."""
    if not template:
        return label
    return template.format(label=label, type=label[:1].lower() + label[1:], **values)
