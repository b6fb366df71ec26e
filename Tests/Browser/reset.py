"""Reset to factory defaults in the portal, as the first admin would.

Needs sign-in (/setup/{token} with fields `password`, `confirm`; /signin with `login`, `password`)
and the portal mounted under `/`. HEARTH_SETUP_LINK is the first-start link `hearth serve` printed.

Scenarios:
  factory-reset  set the first admin's password through the link, sign in, open /admin/reset, submit
                 a wrong confirmation (nothing changes), then `reset`: the page shows a new setup
                 link and admin token; the old session no longer works, the new link does.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hearth_browser import check, main, scenario  # noqa: E402

PASSWORD = "correct horse battery staple 42"


def set_password(browser, link):
    browser.visit(link)
    browser.fill("password", PASSWORD)
    browser.fill("confirm", PASSWORD)
    browser.click("button[type=submit]")


def sign_in(browser):
    browser.visit("/signin")
    browser.fill("login", "admin")
    browser.fill("password", PASSWORD)
    browser.click("button[type=submit]")


@scenario("factory-reset")
def factory_reset(browser):
    link = os.environ.get("HEARTH_SETUP_LINK")
    check(bool(link), "HEARTH_SETUP_LINK is not set (the first-start link hearth serve printed)")
    set_password(browser, link)
    sign_in(browser)
    browser.visit("/admin/reset")
    browser.wait_for_text("Reset to factory defaults")
    browser.fill("confirm", "please")
    browser.click("button[type=submit]")
    browser.wait_for_text("Nothing was changed")
    browser.fill("confirm", "reset")
    browser.click("button[type=submit]")
    browser.wait_for_text("The instance was reset")
    new_link = browser.element("#setup-link").get_attribute("href")
    token = browser.element("#admin-token").text
    check("/setup/" in new_link, f"no new setup link on the page: {new_link!r}")
    check(token.startswith("hth_"), f"no new admin token on the page: {token!r}")
    # The session went with everything else: the portal asks to sign in again.
    browser.visit("/admin/reset")
    check("/signin" in browser.driver.current_url, f"still signed in after the reset: {browser.driver.current_url}")
    # The first-start state: the new link sets the new admin's password.
    set_password(browser, new_link)
    sign_in(browser)
    browser.visit("/admin/reset")
    browser.wait_for_text("Reset to factory defaults")


if __name__ == "__main__":
    sys.exit(main())
