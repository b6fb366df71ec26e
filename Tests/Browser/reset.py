"""Reset to factory defaults in the portal, as the first admin would, against a real `hearth serve`.

The environment:
  HEARTH_SETUP_URL, HEARTH_ADMIN_PASSWORD  the first-start link `hearth serve` printed, and the
                                           password the first admin sets through it
  HEARTH_RESET_APP     an app created before the reset
  HEARTH_RESET_OUTPUT  a file where `factory-reset` writes the new admin API token (JSON
                       {"adminToken": …}) for the Swift suite to try on /api

Scenarios (in this order; the second needs the first admin the first one set up):
  not-confirmed  a wrong confirmation changes nothing: the page says so and the app is still listed.
  factory-reset  `reset`: the page shows a new setup link and admin token; the session cookie is gone
                 and the old session no longer works; the new link sets the new first admin's
                 password, who sees no apps.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hearth_browser import check, main, scenario, set_password_from_link, sign_in_as_first_admin, wait_until_signed_in  # noqa: E402

APP = os.environ.get("HEARTH_RESET_APP", "")
NEW_PASSWORD = "the pass phrase of the admin after the reset"


def open_reset_page(browser):
    browser.visit("/admin/reset")
    browser.wait_for_text("stops every app and replaces the master key")


def confirm_reset(browser, typed):
    browser.fill("confirm", typed)
    browser.click("Reset to factory defaults")


@scenario("not-confirmed")
def not_confirmed(browser):
    check(APP, "HEARTH_RESET_APP is not set")
    sign_in_as_first_admin(browser)
    open_reset_page(browser)
    confirm_reset(browser, "please")
    browser.wait_for_text("Nothing was changed")
    browser.visit("/apps")
    browser.wait_for_text(APP)


@scenario("factory-reset")
def factory_reset(browser):
    output = os.environ.get("HEARTH_RESET_OUTPUT")
    check(APP and output, "HEARTH_RESET_APP and HEARTH_RESET_OUTPUT are not set")
    sign_in_as_first_admin(browser)
    open_reset_page(browser)
    confirm_reset(browser, "reset")
    browser.wait_for_text("The instance was reset")
    new_link = browser.element("#setup-link").get_attribute("href")
    token = browser.element("#admin-token").text
    check("/setup/" in new_link and new_link.startswith(browser.base_url), f"no new setup link on the page: {new_link!r}")
    check(token.startswith("hth_"), "no new admin token on the page")
    check("audit-before-reset-" in browser.text(), "the page does not name the audit export file")
    Path(output).write_text(json.dumps({"adminToken": token}), encoding="utf-8")
    # The session went with everything else: the browser forgot its cookie, and the portal asks to sign in again.
    cookies = [cookie["name"] for cookie in browser.driver.get_cookies()]
    check(not any("hearth-session" in name for name in cookies), f"the session cookie is still there after the reset: {cookies}")
    browser.visit("/admin/reset")
    browser.wait_until(lambda d: "/signin" in d.current_url, "the sign-in page instead of the reset page")
    # The first-start state: the new link sets the new first admin's password, and the app is gone.
    set_password_from_link(browser, new_link, NEW_PASSWORD)
    wait_until_signed_in(browser)
    browser.visit("/apps")
    browser.wait_for_text("every tenant")
    check(APP not in browser.text(), f"the app {APP!r} is still listed after the reset: {browser.text()[:500]!r}")


if __name__ == "__main__":
    sys.exit(main())
