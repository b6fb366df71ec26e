"""The portal's Code and Test/Run pages in Chromium, against app `hello` (the hello-python fixture).

Takes the portal's base URL (--base-url) and the function host's (HEARTH_WORKER_URL). Every scenario
signs in first as the first admin (HEARTH_ADMIN_LOGIN, HEARTH_ADMIN_PASSWORD; the first one sets the
password through the one-time link HEARTH_SETUP_URL that `hearth serve` printed).

Scenarios:
  edit-code     edit handler.py in the editor, save, and see the new code answer over HTTP.
  invalid-edit  save a broken function.json: the page shows the problem with file and line, and the
                old code keeps serving.
  test-run      a test run with headers and body shows status, response headers and body; a run of
                a function that logs shows its logs.
"""

import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hearth_browser import check, main, scenario, sign_in_as_first_admin  # noqa: E402

APP = os.environ.get("HEARTH_CODE_APP", "hello")


def worker_get(path):
    """GET on the function host, as curl would: (status, body text)."""
    url = os.environ["HEARTH_WORKER_URL"].rstrip("/") + f"/_app/{APP}{path}"
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


def wait_for_answer(path, expected, timeout=30):
    """Waits until the function host answers `path` with a body containing `expected`."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = worker_get(path)
        if expected in last[1]:
            return last
        time.sleep(0.2)
    raise AssertionError(f"{path} never answered with {expected!r} within {timeout} s; last answer: {last}")


def open_file(browser, path):
    browser.visit(f"/apps/{APP}/code?file={urllib.parse.quote(path, safe='')}")
    browser.wait_until(lambda d: d.execute_script("return document.body.dataset.codeEditor"), "the editor to start")


def code(browser):
    return browser.driver.execute_script(
        "const cm = document.querySelector('.CodeMirror');"
        "return cm ? cm.CodeMirror.getValue() : document.getElementById('code-content').value;"
    )


def set_code(browser, text):
    browser.driver.execute_script(
        "const cm = document.querySelector('.CodeMirror');"
        "if (cm) { cm.CodeMirror.setValue(arguments[0]); } else { document.getElementById('code-content').value = arguments[0]; }",
        text,
    )


@scenario("edit-code")
def edit_code(browser):
    sign_in_as_first_admin(browser)
    status, before = worker_get("/api/hello/Ada")
    check(status == 200 and "Ada" in before, f"the app does not answer before the edit: {status} {before!r}")
    open_file(browser, "handler.py")
    if os.path.isdir("/usr/share/javascript/codemirror") and "127.0.0.1" in browser.base_url:
        # Served from this machine's libjs-codemirror: the editor is CodeMirror, not the fallback.
        editor = browser.driver.execute_script("return document.body.dataset.codeEditor")
        check(editor == "codemirror", f"the editor is {editor!r}, not CodeMirror")
    source = code(browser)
    check('f"Hello, {name}!"' in source, "handler.py is not the fixture's")
    base = browser.driver.execute_script("return document.querySelector('input[name=base]').value")
    set_code(browser, source.replace('f"Hello, {name}!"', 'f"Edited in the browser, {name}!"'))
    browser.click("Save and deploy")
    browser.wait_until(
        lambda d: d.execute_script("const b = document.querySelector('input[name=base]'); return !!b && b.value !== arguments[0]", base),
        "the page of the new deployment",
    )
    check("Nothing was deployed" not in browser.text(), f"the valid edit was refused: {browser.text()[:500]!r}")
    wait_for_answer("/api/hello/Ada", "Edited in the browser, Ada!")


@scenario("invalid-edit")
def invalid_edit(browser):
    sign_in_as_first_admin(browser)
    status, before = worker_get("/api/hello/Ada")
    check(status == 200, f"the app does not answer before the edit: {status} {before!r}")
    open_file(browser, "Tick/function.json")
    set_code(
        browser,
        '{\n  "bindings": [\n    { "type": "timerTrigger", "direction": "in", "name": "myTimer", "schedule": "every day" }\n  ]\n}\n',
    )
    browser.click("Save and deploy")
    browser.wait_for_text("Nothing was deployed")
    check("Tick/function.json:3" in browser.text(), f"the problem does not name file and line: {browser.text()[:800]!r}")
    check(
        browser.driver.find_elements("css selector", ".code-problem-line") or not browser.driver.find_elements("css selector", ".CodeMirror"),
        "the editor does not mark the line with the problem",
    )
    status, after = worker_get("/api/hello/Ada")
    check((status, after) == (200, before), f"the old code no longer serves: {status} {after!r} (was {before!r})")


@scenario("test-run")
def test_run(browser):
    sign_in_as_first_admin(browser)
    browser.visit(f"/apps/{APP}/run?function=Echo")
    browser.fill("param.id", "42")
    browser.fill("query", "q=1")
    browser.fill("headers", "Content-Type: text/plain\nX-Trace-Id: browser-test")
    browser.fill("body", "hello from the browser")
    browser.click("Send")
    browser.wait_for_text("201")
    text = browser.text()
    check("/api/items/42?q=1" in text, f"the request line is missing: {text[:800]!r}")
    check("hello from the browser" in text and "text/plain" in text, f"the echoed body and header are missing: {text[:800]!r}")
    check("content-type" in text.lower() and "application/json" in text, f"the response headers are missing: {text[:800]!r}")
    check("succeeded" in text, f"the invocation is not shown: {text[:800]!r}")
    browser.visit(f"/apps/{APP}/run?function=Hello")
    browser.fill("param.name", "Grace")
    browser.click("Send")
    browser.wait_for_text("greeted Grace")
    check("x-greeting" in browser.text().lower(), f"the response headers are missing: {browser.text()[:800]!r}")


if __name__ == "__main__":
    sys.exit(main())
