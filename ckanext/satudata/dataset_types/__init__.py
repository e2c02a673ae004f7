"""The portal's dataset types: facets, field labels, upload templates, index limits."""
