"""Interoperability: the portal's datasets described for other catalogues
(DCAT, through ckanext-dcat's RDF endpoints) with the Satu Data fields mapped
to standard vocabularies. ``vocabulary`` is the plain-Python core (which
value means which concept); ``dcat_profile`` the ckanext-dcat profile."""
