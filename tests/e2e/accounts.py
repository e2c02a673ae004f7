"""Signing in, for the browser tests: accounts made by the tests get
PASSWORD, and `log_in` signs one in through the login form."""
from __future__ import annotations

PASSWORD = "Kata-sandi-e2e-2026"


def log_in(page, portal, name: str, password: str = PASSWORD) -> None:
    """Signs `name` in on `page` through CKAN's login form and waits until
    the portal has let them in."""
    page.goto(portal("/user/login"))
    page.fill("#field-login", name)
    page.fill("#field-password", password)
    page.locator("#field-password").press("Enter")
    page.wait_for_url(lambda url: "/user/login" not in url)
