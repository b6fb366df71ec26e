"""The portal's Workers page (/admin/workers), in a real Chromium against a real `hearth serve`.

The Swift suite (Tests/EndToEndTests/Browser/WorkersBrowserTests.swift) starts `hearth serve` with
its worker named HEARTH_WORKER_NAME, registers and heartbeats a second worker `desk-7` (labels
zone=b) in the store, and adds a user who is not an admin. It passes in the environment:
  HEARTH_SETUP_URL, HEARTH_ADMIN_PASSWORD  the first admin's setup link and password
  HEARTH_WORKER_NAME     the name of serve's own worker
  HEARTH_MEMBER          JSON {"login", "password", "setup"} of the user who is not an admin
  HEARTH_WORKERS_SCREENSHOT  when set, where the page with its workers is saved as a PNG

Scenarios (in this order):
  admin-drains   the first admin opens Workers from the admin navigation, sees both workers ready,
                 drains serve's worker and sees its state change to draining (also through the API),
                 then makes it ready again.
  not-for-members  a signed-in user who is not an admin gets the same answer for /admin/workers as for
                 any other admin page, and the page's forms are not there.
"""

import json
import os
import sys
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hearth_browser import check, main, scenario, set_password_from_link, sign_in_as_first_admin, wait_until_signed_in  # noqa: E402

WORKER = os.environ.get("HEARTH_WORKER_NAME", "")
MEMBER = json.loads(os.environ.get("HEARTH_MEMBER", "{}"))


def row_state(browser, name):
    """The state shown in the row of worker `name` ("" when there is no such row)."""
    return browser.driver.execute_script(
        """
        for (const row of document.querySelectorAll("table.workers tr[data-worker]")) {
          if (row.dataset.worker === arguments[0]) return row.querySelector("[data-state]").textContent.trim();
        }
        return "";
        """,
        name,
    )


def api_state(browser, name):
    request = urllib.request.Request(browser.url("/api/workers"))
    request.add_header("Authorization", f"Bearer {browser.token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        workers = json.loads(response.read())["workers"]
    return next((worker["state"] for worker in workers if worker["name"] == name), None)


@scenario("admin-drains")
def admin_drains(browser):
    check(WORKER, "HEARTH_WORKER_NAME is not set")
    sign_in_as_first_admin(browser)
    browser.visit("/admin")
    browser.click("Workers")
    browser.wait_until(lambda d: "/admin/workers" in d.current_url, "the Workers page")
    browser.wait_until(lambda d: row_state(browser, WORKER) == "ready", f"{WORKER} listed ready")
    browser.wait_until(lambda d: row_state(browser, "desk-7") == "ready", "desk-7 listed ready")
    check("zone=b" in browser.text(), "desk-7's label is not shown")
    screenshot = os.environ.get("HEARTH_WORKERS_SCREENSHOT")
    browser.click(f'form[action="/admin/workers/{WORKER}/drain"] button')
    browser.wait_until(lambda d: row_state(browser, WORKER) == "draining", f"{WORKER} listed draining after Drain")
    check(api_state(browser, WORKER) == "draining", "the API does not list the worker draining")
    check(row_state(browser, "desk-7") == "ready", "draining one worker changed another")
    if screenshot:
        browser.driver.set_window_size(1400, 800)
        browser.visit("/admin/workers")
        browser.wait_until(lambda d: row_state(browser, WORKER) == "draining", f"{WORKER} listed draining")
        check(browser.driver.save_screenshot(screenshot), f"Chromium did not write {screenshot}")
    browser.click(f'form[action="/admin/workers/{WORKER}/ready"] button')
    browser.wait_until(lambda d: row_state(browser, WORKER) == "ready", f"{WORKER} listed ready again after Ready")
    check(api_state(browser, WORKER) == "ready", "the API does not list the worker ready again")


@scenario("not-for-members")
def not_for_members(browser):
    check(MEMBER, "HEARTH_MEMBER is not set")
    set_password_from_link(browser, MEMBER["setup"], MEMBER["password"])
    wait_until_signed_in(browser)
    check("/admin/workers" not in browser.driver.page_source, "a non-admin's page links to the Workers page")
    browser.visit("/admin/users")
    other_admin_page = browser.text()
    browser.visit("/admin/workers")
    check(browser.text() == other_admin_page, f"/admin/workers answers otherwise than /admin/users: {browser.text()[:300]!r}")
    check("Drain" not in browser.text() and WORKER not in browser.text(), "a non-admin sees the workers")


if __name__ == "__main__":
    sys.exit(main())
