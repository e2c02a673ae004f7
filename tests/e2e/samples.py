"""Files the browser tests upload."""

#: A small table of the posyandu per kelurahan, as a PIC would upload it.
CSV = (
    "kelurahan,tahun,jumlah_posyandu\n"
    "Balowerti,2025,7\n"
    "Kemasan,2025,5\n"
    "Pocanan,2025,4\n"
)
