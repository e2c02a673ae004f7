"""Waiting for a page's state under the portal's Content-Security-Policy."""
from __future__ import annotations


_POLL = """([arg, timeout]) => new Promise((resolve, reject) => {
  const predicate = %s;
  const started = Date.now();
  const check = () => {
    let value;
    try { value = predicate(arg); } catch (error) { value = false; }
    if (value) { resolve(value); return; }
    if (Date.now() - started > timeout) { reject(new Error('wait_until: timed out')); return; }
    requestAnimationFrame(check);
  };
  check();
})"""


def wait_until(page, function: str, arg=None, timeout_ms: int = 30_000):
    """Waits until the JavaScript `function` (source of a function of one
    argument) returns a true value in the page. Playwright's
    wait_for_function polls through eval, which the portal's
    Content-Security-Policy forbids; here the function is part of the
    source Playwright hands the browser's debugging protocol, which the
    policy does not govern."""
    return page.evaluate(_POLL % function, [arg, timeout_ms])
