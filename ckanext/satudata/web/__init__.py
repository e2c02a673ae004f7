"""How every page is served: security headers (CSP), the guard in front of
the views (form query strings, error pages), JSON embedded in pages."""
