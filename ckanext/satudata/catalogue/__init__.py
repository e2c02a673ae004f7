"""The indicator catalogue kept by the walidata (BPS's MS-Ind fields, named
as the `statistik-sektoral` schema names them): the plain-Python definition
of an indicator (``definitions``) beside the CKAN glue (``store``: the
tables; ``glue``: what the portal asks of the catalogue). The actions are
``satudata_indicator_catalog_*`` (logic/action/catalogue.py)."""
