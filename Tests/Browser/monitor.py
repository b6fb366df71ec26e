"""The portal's monitor against a running Hearth (management and worker may be separate processes).

--base-url is the portal's URL. Every scenario signs in first as the first admin (HEARTH_ADMIN_LOGIN,
HEARTH_ADMIN_PASSWORD; the first one sets the password through the one-time link HEARTH_SETUP_URL
that the management role printed). The environment names the app and the call to make:
  HEARTH_MONITOR_APP   the app whose monitor is opened (it must have been called once already)
  HEARTH_MONITOR_CALL  a URL of one of its HTTP functions, called with curl once the live view is connected

Scenarios:
  live-view   the monitor's live view shows a call made with curl within 2 s of its answer
  chart       the per-function chart (or, without Chart.js, the hourly table) shows the app's calls
"""

import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hearth_browser import check, main, scenario, sign_in_as_first_admin  # noqa: E402

APP = os.environ.get("HEARTH_MONITOR_APP", "")
CALL = os.environ.get("HEARTH_MONITOR_CALL", "")


def live_rows(browser):
    return browser.driver.find_elements("css selector", "[data-live-rows] tr[data-invocation]")


@scenario("live-view")
def live_view(browser):
    check(APP and CALL, "set HEARTH_MONITOR_APP and HEARTH_MONITOR_CALL")
    sign_in_as_first_admin(browser)
    browser.visit(f"/apps/{APP}/monitor")
    browser.wait_until(
        lambda _driver: browser.element("[data-live-state]").text == "connected", "the live view connects"
    )
    before = len(live_rows(browser))
    answer = subprocess.run(["curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", CALL], capture_output=True, text=True, timeout=30)
    check(answer.stdout == "200", f"the call answered {answer.stdout!r}: {answer.stderr}")
    answered = time.monotonic()
    browser.wait_until(lambda _driver: len(live_rows(browser)) > before, "the call appears in the live view", timeout=2)
    seconds = time.monotonic() - answered
    check(seconds <= 2, f"the call appeared after {seconds:.2f} s")
    row = live_rows(browser)[0]
    check("/monitor/invocations/" in row.find_element("css selector", "a").get_attribute("href"), "the row links to its detail")


@scenario("chart")
def chart(browser):
    check(APP, "set HEARTH_MONITOR_APP")
    sign_in_as_first_admin(browser)
    browser.visit(f"/apps/{APP}/monitor")
    browser.wait_until(
        lambda _driver: browser.driver.find_elements("css selector", "[data-monitor-chart] canvas")
        or browser.driver.find_elements("css selector", "[data-chart-fallback] tbody tr"),
        "a chart or the hourly table",
    )


if __name__ == "__main__":
    sys.exit(main())
