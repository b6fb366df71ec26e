"""Signing in to the portal in a real Chromium against a real `hearth serve`.

The Swift suite (Tests/EndToEndTests/Browser/SignInBrowserTests.swift) creates the first admin and a
one-time setup link in the server's store and passes them in the environment:
HEARTH_SETUP_URL (the link), HEARTH_ADMIN_LOGIN and HEARTH_ADMIN_PASSWORD (the password the first
scenario sets). The scenarios run in this order, in one browser, with the cookies cleared before each.

Scenarios:
  first-admin-link  the setup link: set the password, land on the apps page, cookie flags, sign out.
  wrong-password    a wrong password shows the message and sets no session.
  sign-in           the password set by the link signs in; the apps page shows the admin.
  csrf-refused      a POST without the CSRF token is refused with the reason; the session stays.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hearth_browser import check, main, scenario, set_password_from_link, sign_in  # noqa: E402

LOGIN = os.environ.get("HEARTH_ADMIN_LOGIN", "admin")
PASSWORD = os.environ.get("HEARTH_ADMIN_PASSWORD", "")


def session_cookie(browser):
    return next((cookie for cookie in browser.driver.get_cookies() if "hearth-session" in cookie["name"]), None)


@scenario("first-admin-link")
def first_admin_link(browser):
    link = os.environ.get("HEARTH_SETUP_URL")
    check(link, "HEARTH_SETUP_URL is not set")
    browser.visit(link)
    browser.wait_for_text("Set your password")
    browser.fill("password", PASSWORD)
    browser.fill("confirm", PASSWORD)
    browser.click("#setup-submit")
    browser.wait_for_text("every tenant")
    cookie = session_cookie(browser)
    check(cookie is not None, f"no session cookie after setting the password: {browser.driver.get_cookies()}")
    check(cookie["name"] == "hearth-session", f"the cookie on loopback HTTP is {cookie['name']!r}, not 'hearth-session'")
    check(cookie.get("httpOnly") is True, f"the session cookie is not HttpOnly: {cookie}")
    check(cookie.get("sameSite") == "Lax", f"the session cookie is not SameSite=Lax: {cookie}")
    check(cookie.get("path") == "/", f"the session cookie's path is not /: {cookie}")
    browser.click("Sign out")
    browser.wait_for_text("You are signed out.")
    check(session_cookie(browser) is None, "the session cookie is still there after signing out")
    browser.visit("/apps")
    browser.wait_for_text("Sign in")
    # The link worked once.
    set_password_from_link(browser, link, PASSWORD)
    browser.wait_for_text("used already or has expired")


@scenario("wrong-password")
def wrong_password(browser):
    sign_in(browser, LOGIN, "not the password at all")
    browser.wait_for_text("The user name or password is wrong.")
    check(session_cookie(browser) is None, "a wrong password set a session cookie")


@scenario("sign-in")
def sign_in_works(browser):
    sign_in(browser, LOGIN, PASSWORD)
    browser.wait_for_text("every tenant")
    check(LOGIN in browser.text(), "the header does not name the signed-in admin")


@scenario("csrf-refused")
def csrf_refused(browser):
    sign_in(browser, LOGIN, PASSWORD)
    browser.wait_for_text("every tenant")
    # A form posted without the token (WebDriver's script is not subject to the page's CSP).
    browser.driver.execute_script(
        "var f = document.createElement('form'); f.method = 'post'; f.action = '/signout';"
        " document.body.appendChild(f); f.submit();"
    )
    browser.wait_for_text("the form has no security token")
    check(session_cookie(browser) is not None, "the refused sign-out still removed the session cookie")
    browser.visit("/apps")
    browser.wait_for_text("every tenant")


if __name__ == "__main__":
    sys.exit(main())
