"""Reading and writing tables (CSV, XLSX, GeoJSON): plain Python."""
