"""Visiting pages of the live portal in a browser, for the browser tests:
each page must answer 200, be in Indonesian, load without failed requests or
script errors, and leave a full-page screenshot in test-artifacts/."""
from __future__ import annotations

import re

# Common English UI words that must not appear in the visible text of a page
# (case-sensitive, whole words).
ENGLISH_WORDS = ["Search", "Datasets", "Organizations", "License", "Add Dataset",
                 "Edit", "Delete", "Log in", "Register"]

# TODO(lead): words of ENGLISH_WORDS still shown in English, by page name.
# The test asserts that they are still there, so that whoever translates one
# also removes it here. Empty today: every page below passes the whole list.
KNOWN_ENGLISH: dict[str, set[str]] = {}


class Visit:
    """Opens pages of the live portal in one browser page and checks them."""

    def __init__(self, page, portal, artifacts, proper_names):
        self.page, self.portal = page, portal
        self.artifacts, self.proper_names = artifacts, proper_names
        self.failed_responses: list[str] = []
        self.js_errors: list[str] = []
        page.on("response", self._on_response)
        page.on("pageerror", lambda error: self.js_errors.append(str(error)))

    def _on_response(self, response):
        if response.url.startswith(self.portal.url) and response.status >= 400:
            self.failed_responses.append(f"{response.status} {response.url}")

    def open(self, name: str, path: str) -> str:
        """Loads `path`, saves test-artifacts/<name>.png and returns the
        page's visible text."""
        self.failed_responses.clear()
        self.js_errors.clear()
        response = self.page.goto(self.portal(path))
        assert response.status == 200, (name, path, response.status)
        assert self.page.get_attribute("html", "lang") == "id", name
        self.page.screenshot(path=self.artifacts / f"{name}.png", full_page=True)
        assert not self.failed_responses, (name, self.failed_responses)
        assert not self.js_errors, (name, self.js_errors)
        return self.page.inner_text("body")

    def english_words(self, text: str) -> set[str]:
        for proper_name in self.proper_names:
            text = text.replace(proper_name, " ")
        return {word for word in ENGLISH_WORDS
                if re.search(r"(?<!\w)" + re.escape(word) + r"(?!\w)", text)}

    def check_indonesian(self, name: str, text: str, expected: list[str]):
        missing = [words for words in expected if words not in text]
        assert not missing, f"{name}: Indonesian text missing: {missing}"
        known = KNOWN_ENGLISH.get(name, set())
        found = self.english_words(text)
        assert found <= known, f"{name}: English UI words: {sorted(found - known)}"
        assert known <= found, (f"{name}: {sorted(known - found)} are translated "
                                f"now: remove them from KNOWN_ENGLISH")

    def check_header(self, name: str, logged_in: bool):
        search = self.page.locator("header.masthead input[name=q]").first
        assert search.get_attribute("placeholder") == "Cari", name
        assert search.get_attribute("aria-label") == "Cari dataset...", name
        nav = self.page.locator("header.masthead").inner_text()
        for label in ("Dataset", "Organisasi", "Grup", "Tentang"):
            assert label in nav, (name, label, nav)
        account = self.page.get_by_role("navigation", name="Akun")
        login_links = account.get_by_role("link", name="Masuk").count()
        assert login_links == (0 if logged_in else 1), (name, account.inner_text())
