"""Hearth's browser test harness: one headless Chromium driven by Selenium, for scenario scripts.

A scenario script (Tests/Browser/*.py) registers scenarios and hands over to `main()`:

    from hearth_browser import scenario, main

    @scenario("health")
    def health(browser):
        browser.visit("/api/health")
        browser.wait_for_text('"status"')

    if __name__ == "__main__":
        main()

It is run by a Swift Testing suite (Tests/EndToEndTests/Browser/) that starts `hearth serve` first:

    .build/browser-venv/bin/python Tests/Browser/SCRIPT.py --base-url http://127.0.0.1:PORT \
        [--scenario NAME ...] [--failures-dir DIR]

with the admin token, when a scenario needs one, in the environment (HEARTH_TOKEN), never on the
command line. Every scenario runs in the same browser (starting Chromium is most of a scenario's time),
each with its cookies cleared first. A scenario passes when it returns; any exception fails it, and
the page it was on is kept as DIR/NAME.png and DIR/NAME.html. The script's last line on stdout is one
JSON object (see `main`); everything else goes to stderr. Exit status: 0 all passed, 1 some failed,
2 the harness itself could not run (no browser, bad arguments).
Files a scenario downloads (`Browser.wait_for_download`) go to HEARTH_DOWNLOAD_DIR when it is set.
"""

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path
from urllib.parse import urljoin

from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    TimeoutException,
    WebDriverException,
)
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# Debian's packages (chromium, chromium-driver). The paths are always given: without them Selenium
# Manager tries to download a driver first, and this machine has no way out.
CHROMIUM = os.environ.get("HEARTH_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("HEARTH_CHROMEDRIVER", "/usr/bin/chromedriver")

DEFAULT_TIMEOUT = 10.0

_SCENARIOS = {}
_ONLY_WHEN_NAMED = set()


def scenario(name, only_when_named=False):
    """Registers the decorated function `f(browser)` as the scenario `name`, in definition order.

    A scenario `only_when_named` runs only when `--scenario NAME` asks for it (the harness's deliberate
    failure), not in a run of every scenario.
    """

    def register(function):
        if name in _SCENARIOS:
            raise ValueError(f"two scenarios named {name!r}")
        _SCENARIOS[name] = function
        if only_when_named:
            _ONLY_WHEN_NAMED.add(name)
        return function

    return register


class CheckFailed(AssertionError):
    """A scenario's check did not hold; the message says what was expected and what was there."""


def start_chromium(download_dir=None):
    """A headless Chromium with the driver and browser paths given explicitly; files it downloads go
    to `download_dir` without asking (when given)."""
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    options.add_argument("--headless=new")
    options.add_argument("--window-size=1280,900")
    options.add_argument("--disable-gpu")
    options.add_argument("--no-first-run")
    options.add_argument("--disable-extensions")
    options.add_argument("--disable-background-networking")
    # As root Chromium does not start with its sandbox on (checked on Debian 12's chromium: "Running as
    # root without --no-sandbox is not supported"), and CI and the development machines run the tests as
    # root. Only then is it turned off; the pages are Hearth's own, served on loopback.
    if os.geteuid() == 0:
        options.add_argument("--no-sandbox")
    # Containers often give /dev/shm only 64 MiB, where Chromium's renderer crashes; /tmp is enough.
    options.add_argument("--disable-dev-shm-usage")
    if download_dir:
        prefs = {"download.default_directory": str(download_dir), "download.prompt_for_download": False}
        options.add_experimental_option("prefs", prefs)
    service = Service(CHROMEDRIVER, log_output=subprocess.DEVNULL)
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    if download_dir:
        # Headless Chromium also wants the download behaviour set through DevTools.
        driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    return driver


# The visible button, link or submit input whose text (or value) is the target, else the first visible
# element matching the target as a CSS selector.
_FIND_CLICKABLE = """
const target = arguments[0];
const visible = (e) => e.offsetParent !== null || e.getClientRects().length > 0;
const controls = document.querySelectorAll("button, a, input[type=submit], input[type=button], [role=button]");
for (const e of controls) {
  const label = (e.innerText || e.value || "").trim();
  if (label === target && visible(e)) return e;
}
try {
  for (const e of document.querySelectorAll(target)) if (visible(e)) return e;
} catch (notCSS) {}
return null;
"""


class Browser:
    """One page in one Chromium, with the few verbs scenarios need. Paths are relative to the base URL."""

    def __init__(self, driver, base_url, failures_dir, token=None, download_dir=None):
        self.driver = driver
        self.base_url = base_url.rstrip("/") + "/"
        self.failures_dir = Path(failures_dir)
        self.token = token
        self.download_dir = Path(download_dir) if download_dir else None

    # Navigation and reading

    def url(self, path):
        """`path` against the base URL (an absolute URL stays as it is)."""
        return urljoin(self.base_url, path.lstrip("/")) if "://" not in path and not path.startswith("data:") else path

    def visit(self, path):
        """Loads `path` (relative to the base URL, or absolute) and waits for the document."""
        self.driver.get(self.url(path))
        self.wait_until(lambda d: d.execute_script("return document.readyState") == "complete", "the page to load")

    def text(self):
        """The visible text of the page."""
        return self.driver.find_element(By.TAG_NAME, "body").text

    def json(self):
        """The page's text parsed as JSON (a JSON response as Chromium shows it)."""
        text = self.text()
        try:
            return json.loads(text)
        except ValueError as error:
            raise CheckFailed(f"the page is not JSON ({error}): {text[:300]!r}")

    # Forms

    def element(self, css):
        """The first element matching the CSS selector `css`, once it is there."""
        return self.wait_until(lambda d: first(d.find_elements(By.CSS_SELECTOR, css)), f"an element matching {css!r}")

    def fill(self, name, value):
        """Types `value` into the form field named `name` (its `name`, else its `id`), replacing what it held."""
        field = self.wait_until(
            lambda d: first(d.find_elements(By.NAME, name)) or first(d.find_elements(By.ID, name)),
            f"a form field named {name!r}",
        )
        field.clear()
        field.send_keys(value)
        return field

    def click(self, target):
        """Clicks the button or link whose text is `target`, else the element matching `target` as CSS."""

        # One round trip to the driver per try (asking element by element costs ~50 ms each).
        element = self.wait_until(
            lambda d: d.execute_script(_FIND_CLICKABLE, target),
            f"a button or link {target!r} (or an element matching it as CSS)",
        )
        element.click()
        return element

    # Waiting

    def wait_until(self, condition, what, timeout=DEFAULT_TIMEOUT):
        """`condition(driver)`'s first truthy value within `timeout` seconds; else fails saying `what` never came."""
        try:
            # A page that is being replaced (a form was just submitted) leaves the elements a try
            # found stale or gone: that try counts as "not yet", not as a failure.
            return WebDriverWait(
                self.driver,
                timeout,
                poll_frequency=0.05,
                ignored_exceptions=(NoSuchElementException, StaleElementReferenceException),
            ).until(_not_yet_while_navigating(condition))
        except TimeoutException:
            url = self.driver.current_url
            url = url if len(url) <= 200 else url[:200] + "…"
            raise CheckFailed(f"waited {timeout:g} s for {what}; the page at {url} says: {self.text()[:500]!r}")

    def wait_for_text(self, text, timeout=DEFAULT_TIMEOUT):
        """Waits until the page's visible text contains `text`."""
        self.wait_until(lambda d: text in d.find_element(By.TAG_NAME, "body").text, f"the text {text!r}", timeout)

    def wait_for_download(self, name, timeout=DEFAULT_TIMEOUT):
        """The path of the downloaded file `name` once Chromium finished writing it (HEARTH_DOWNLOAD_DIR)."""
        check(self.download_dir is not None, "no download directory: set HEARTH_DOWNLOAD_DIR")
        path = self.download_dir / name
        partial = self.download_dir / f"{name}.crdownload"
        return self.wait_until(lambda d: path.is_file() and not partial.exists() and path, f"the download {name!r}", timeout)

    # Failures

    def keep_page(self, name):
        """Saves a screenshot (NAME.png) and the page source (NAME.html); returns both paths."""
        self.failures_dir.mkdir(parents=True, exist_ok=True)
        screenshot = self.failures_dir / f"{name}.png"
        source = self.failures_dir / f"{name}.html"
        if not self.driver.save_screenshot(str(screenshot)):
            raise RuntimeError(f"Chromium did not write {screenshot}")
        source.write_text(self.driver.page_source, encoding="utf-8")
        return str(screenshot), str(source)

    @contextlib.contextmanager
    def keeping_page_on_failure(self, name, result):
        """Runs the block; if it raises, keeps the page (`keep_page`) and records the failure in `result`."""
        started = time.monotonic()
        try:
            yield
            result["passed"] = True
        except Exception as error:  # every failure of a scenario, a check or Selenium's own
            result["passed"] = False
            result["error"] = f"{type(error).__name__}: {error}"
            print(f"scenario {name} failed:\n{traceback.format_exc()}", file=sys.stderr)
            try:
                result["screenshot"], result["pageSource"] = self.keep_page(name)
            except Exception as keep_error:
                result["keepError"] = f"{type(keep_error).__name__}: {keep_error}"
        finally:
            result["seconds"] = round(time.monotonic() - started, 3)


def _not_yet_while_navigating(condition):
    """`condition`, with a page replaced under it counting as "not yet": Chromium can destroy the page's
    script context in the middle of a call ("unhandled inspector error: ... Cannot find context")."""

    def attempt(driver):
        try:
            return condition(driver)
        except WebDriverException as error:
            if "inspector error" in str(error) or "Cannot find context" in str(error):
                return False
            raise

    return attempt


# Signing in, as a person would: the steps every signed-in script shares.


def set_password_from_link(browser, link, password):
    """Opens a one-time setup link (`/setup/{token}`) and sets `password`; a valid link also signs in."""
    browser.visit(link)
    browser.fill("password", password)
    browser.fill("confirm", password)
    browser.click("#setup-submit")


def sign_in(browser, login, password):
    """Submits the sign-in form at /signin (waits for nothing after: see `wait_until_signed_in`)."""
    browser.visit("/signin")
    browser.fill("login", login)
    browser.fill("password", password)
    browser.click("#signin-submit")


def wait_until_signed_in(browser):
    """Waits for a page of a signed-in person (one with the Sign out button)."""
    browser.wait_until(lambda d: d.execute_script(_FIND_CLICKABLE, "Sign out"), "a signed-in page (its Sign out button)")


_first_admin = {"linkUsed": False}


def sign_in_as_first_admin(browser):
    """Signs in as the first admin: HEARTH_ADMIN_LOGIN (default `admin`) with HEARTH_ADMIN_PASSWORD.

    The first time in a run, when HEARTH_SETUP_URL is set (the one-time link `hearth serve` or
    `hearth management` printed), the password is set through that link, which signs in too.
    """
    login = os.environ.get("HEARTH_ADMIN_LOGIN", "admin")
    password = os.environ.get("HEARTH_ADMIN_PASSWORD", "")
    check(password, "HEARTH_ADMIN_PASSWORD is not set")
    link = os.environ.get("HEARTH_SETUP_URL")
    if link and not _first_admin["linkUsed"]:
        _first_admin["linkUsed"] = True
        set_password_from_link(browser, link, password)
    else:
        sign_in(browser, login, password)
    wait_until_signed_in(browser)


def first(iterable):
    for item in iterable:
        return item
    return None


def check(condition, message):
    """Fails the scenario with `message` unless `condition` holds."""
    if not condition:
        raise CheckFailed(message)


def main(argv=None):
    """Runs the chosen scenarios (all, by default) in one browser and prints the JSON result:

    {"scenarios": [{"name", "passed", "seconds", "error"?, "screenshot"?, "pageSource"?}, ...],
     "passed": N, "failed": N, "browserStartSeconds": S, "seconds": S}
    """
    parser = argparse.ArgumentParser(description="Hearth browser scenarios")
    parser.add_argument("--base-url", required=True, help="the management API's URL, e.g. http://127.0.0.1:7070")
    parser.add_argument("--scenario", action="append", help="a scenario to run (repeatable; default: every one)")
    parser.add_argument("--failures-dir", default=".build/browser-failures", help="where failing pages are kept")
    parser.add_argument("--list", action="store_true", help="print the scenarios' names and exit")
    arguments = parser.parse_args(argv)
    if arguments.list:
        print("\n".join(_SCENARIOS))
        return 0
    names = arguments.scenario or [name for name in _SCENARIOS if name not in _ONLY_WHEN_NAMED]
    unknown = [name for name in names if name not in _SCENARIOS]
    if unknown:
        return _harness_error(f"no scenario named {', '.join(unknown)}; there are: {', '.join(_SCENARIOS)}")
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            return _harness_error(f"{path} is missing: install Debian's chromium and chromium-driver (scripts/test.sh does)")

    # Killed by the test's time limit: quit Chromium on the way out (the `finally` below) rather than
    # leave it and its driver running.
    signal.signal(signal.SIGTERM, lambda number, frame: sys.exit(128 + number))
    started = time.monotonic()
    download_dir = os.environ.get("HEARTH_DOWNLOAD_DIR") or None
    try:
        driver = start_chromium(download_dir)
    except Exception as error:
        return _harness_error(f"Chromium did not start: {type(error).__name__}: {error}")
    browser_start = time.monotonic() - started
    browser = Browser(driver, arguments.base_url, arguments.failures_dir, os.environ.get("HEARTH_TOKEN"), download_dir)
    results = []
    try:
        for name in names:
            result = {"name": name}
            results.append(result)
            driver.delete_all_cookies()
            with browser.keeping_page_on_failure(name, result):
                _SCENARIOS[name](browser)
    finally:
        driver.quit()
    failed = sum(1 for result in results if not result["passed"])
    summary = {
        "scenarios": results,
        "passed": len(results) - failed,
        "failed": failed,
        "browserStartSeconds": round(browser_start, 3),
        "seconds": round(time.monotonic() - started, 3),
    }
    print(json.dumps(summary), flush=True)
    return 1 if failed else 0


def _harness_error(message):
    print(json.dumps({"harnessError": message}), flush=True)
    print(f"hearth_browser: {message}", file=sys.stderr)
    return 2
