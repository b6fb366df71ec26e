"""Roles and tenant isolation in the portal, in a real Chromium against a real `hearth serve`.

The Swift suite (Tests/EndToEndTests/Browser/TenantIsolationBrowserTests.swift) makes, through the API
and the `hearth user` CLI, two tenants `alpha` and `beta`, each with one deployed app (`alpha-app`,
`beta-app`) holding a plain and a secret setting, and three members of `alpha` (an owner, a
contributor and a reader; none of `beta`). It passes in the environment:
  HEARTH_TOKEN           the admin token, to check through the API what a refused request left alone
  HEARTH_PEOPLE          JSON {"owner"|"contributor"|"reader": {"login", "password", "setup"}}
  HEARTH_ALPHA_SECRET    the value of alpha-app's secret setting DB_PASSWORD
  HEARTH_BETA_DEPLOYMENT the id of beta-app's deployment

Scenarios (in this order, in one browser, cookies cleared before each):
  set-passwords         each member sets a password through the link `hearth user add` printed.
  contributor-masked    a contributor sees alpha-app's secret setting masked and no key value anywhere
                        (settings, keys, functions, deployments, run); the owner sees both.
  reader-read-only      a reader sees the pages without a form that changes anything; forged POSTs with a
                        valid CSRF token are refused with 403 and change nothing (checked through the API).
  tenant-isolation      an owner of alpha does not see beta-app in the list, gets 404 for every page of it
                        (the same answer as for an app that does not exist), and forms edited to point at
                        beta (tenant field, form action, deployment id) are refused and change nothing.
  hostile-setting       a setting named and valued `<script>alert(1)</script>`, typed in the settings form,
                        shows as text and runs nothing: on the settings page (owner and reader), in an error
                        message that echoes it, and the owner's hostile display name in the header, the
                        members list and the audit log.
"""

import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402

from hearth_browser import check, main, scenario, set_password_from_link  # noqa: E402
from hearth_browser import sign_in as sign_in_with_password  # noqa: E402

PEOPLE = json.loads(os.environ.get("HEARTH_PEOPLE", "{}"))
ALPHA_SECRET = os.environ.get("HEARTH_ALPHA_SECRET", "")
BETA_DEPLOYMENT = os.environ.get("HEARTH_BETA_DEPLOYMENT", "")
HOSTILE = "<script>alert(1)</script>"

ALPHA = "alpha-app"
BETA = "beta-app"
# Every page of an app, and what it serves besides pages (JSON, an event stream, a download).
APP_PAGES = ["", "/settings", "/keys", "/code", "/run", "/deployments", "/invocations", "/monitor"]
APP_ENDPOINTS = ["/monitor/stats", "/monitor/live", "/publishprofile", "/code/new"]


# The API, as the admin (what the browser could not change)


def api(browser, path, method="GET", body=None):
    """`(status, parsed JSON or None)` of an admin-token call to the management API."""
    request = urllib.request.Request(browser.url("/api" + path), method=method)
    request.add_header("Authorization", f"Bearer {browser.token}")
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, data=data, timeout=10) as response:
            text = response.read()
            return response.status, (json.loads(text) if text else None)
    except urllib.error.HTTPError as error:
        return error.code, None


def app_state(browser, app):
    """What a refused change must leave as it was: the app, its settings (values revealed), its keys."""
    state = {}
    for name, path in [
        ("app", f"/apps/{app}"),
        ("settings", f"/apps/{app}/settings"),
        ("hostKeys", f"/apps/{app}/admin/host/keys"),
        ("master", f"/apps/{app}/admin/host/keys/_master"),
        ("helloKeys", f"/apps/{app}/admin/functions/Hello/keys"),
        ("deployments", f"/apps/{app}/deployments"),
        ("publishing", f"/apps/{app}/publishingcredentials"),
    ]:
        status, body = api(browser, path)
        check(status == 200, f"GET /api{path} as the admin answered {status}")
        # The app's running state is the worker's to change, not a request's.
        state[name] = {k: v for k, v in body.items() if k != "status"} if name == "app" else body
    return state


def key_values(browser, app):
    """Every key value of `app` (master, host, Hello's function keys)."""
    state = app_state(browser, app)
    values = [state["master"]["value"]]
    values += [key["value"] for key in state["hostKeys"]["keys"] + state["helloKeys"]["keys"]]
    check(all(values), f"the admin did not get every key value of {app}: {values}")
    return values


# Signing in and reading pages


def sign_in(browser, role):
    person = PEOPLE[role]
    browser.driver.delete_all_cookies()
    sign_in_with_password(browser, person["login"], person["password"])
    browser.wait_for_text("Apps of alpha")


def fill_in(browser, css, value):
    """Types `value` into the field matching `css` (pages repeat field names in their row forms)."""
    field = browser.element(css)
    field.clear()
    field.send_keys(value)


SETTING_FORM = 'main form[action$="/settings"]'


def source(browser):
    return browser.driver.page_source


def visit_app_page(browser, app, page, expect):
    browser.visit(f"/apps/{app}{page}")
    browser.wait_for_text(expect)


def post_forms(browser):
    """The actions of the page's POST forms outside the header (the header has sign-out)."""
    return browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('main form'))"
        ".filter(f => f.method.toLowerCase() === 'post').map(f => f.getAttribute('action'));"
    )


def status_of(browser, path, method="GET"):
    """The HTTP status the signed-in browser gets for `path` (fetch, with the session cookie)."""
    browser.driver.set_script_timeout(15)
    return browser.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "fetch(arguments[0], {method: arguments[1], credentials: 'same-origin', redirect: 'manual'})"
        ".then(r => { done(r.status); r.body && r.body.cancel(); }, e => done('failed: ' + e));",
        path,
        method,
    )


def forge(browser, action, fields, expect):
    """Posts a form made in the current page (with the page's valid CSRF token) to `action`; waits for
    the answer's text `expect` (e.g. "403 Forbidden", the error page's heading)."""
    browser.driver.execute_script(
        "const form = document.createElement('form'); form.method = 'post'; form.action = arguments[0];"
        "const fields = Object.assign({csrf: document.querySelector('input[name=csrf]').value}, arguments[1]);"
        "for (const [name, value] of Object.entries(fields)) {"
        "  const input = document.createElement('input'); input.type = 'hidden'; input.name = name; input.value = value;"
        "  form.appendChild(input); }"
        # Submitted after the script returns: a navigation started inside it can destroy the page's
        # context before WebDriver has the script's result ("unhandled inspector error").
        "document.body.appendChild(form); setTimeout(() => form.submit(), 0);",
        action,
        fields,
    )
    browser.wait_for_text(expect)


def refused(browser, requests, expect):
    """Forges each `(action, fields)` from alpha-app's settings page; each answer must say `expect`."""
    for action, fields in requests:
        visit_app_page(browser, ALPHA, "/settings", "DB_PASSWORD")
        forge(browser, action, fields, expect)


def token_refused(browser, name, tenant, role, expect):
    """The account page's token form, forged for `tenant` and `role`, says `expect` and makes no token."""
    browser.visit("/account")
    browser.wait_for_text("Your API tokens")
    forge(browser, "/account/tokens", {"name": name, "tenant": tenant, "role": role}, expect)
    check(name not in token_names(browser), f"a token {name!r} ({tenant}, {role}) was made")


def token_names(browser):
    """The names of every API token (the admin's view)."""
    status, body = api(browser, "/tokens")
    check(status == 200, f"GET /api/tokens answered {status}")
    return [token["name"] for token in body["tokens"]]


def no_alert(browser):
    try:
        alert = browser.driver.switch_to.alert
        text = alert.text
    except NoAlertPresentException:
        return
    raise AssertionError(f"an alert is open: {text!r}")


def no_inline_script(browser):
    inline = browser.driver.execute_script("return document.querySelectorAll('script:not([src])').length;")
    check(inline == 0, f"the page has {inline} inline script element(s)")


# Scenarios


@scenario("set-passwords")
def set_passwords(browser):
    check(set(PEOPLE) == {"owner", "contributor", "reader"}, f"HEARTH_PEOPLE names {sorted(PEOPLE)}")
    for role, person in PEOPLE.items():
        browser.driver.delete_all_cookies()
        set_password_from_link(browser, person["setup"], person["password"])
        browser.wait_for_text("Apps of alpha")
        check(role in browser.driver.find_element("css selector", "header .role").text, f"the header does not say {role}")


@scenario("contributor-masked")
def contributor_masked(browser):
    keys = key_values(browser, ALPHA)
    sign_in(browser, "contributor")
    visit_app_page(browser, ALPHA, "/settings", "DB_PASSWORD")
    row = browser.element("table.settings").text
    check("DB_PASSWORD hidden (secret)" in row, f"the secret setting is not shown masked: {row!r}")
    check("plain-value-alpha" in row, f"the plain setting's value is not shown: {row!r}")
    for page, expect in [("/settings", "DB_PASSWORD"), ("/keys", "master"), ("", "Hello"), ("/deployments", "Publishing"),
                         ("/run?function=Hello", "Route:"), ("/code", "Active deployment")]:
        visit_app_page(browser, ALPHA, page, expect)
        html = source(browser)
        check(ALPHA_SECRET not in html, f"/apps/{ALPHA}{page} holds the secret setting's value")
        leaked = [key for key in keys if key in html]
        check(not leaked, f"/apps/{ALPHA}{page} holds {len(leaked)} key value(s)")
    visit_app_page(browser, ALPHA, "/keys", "master")
    check(not browser.driver.find_elements("css selector", "[data-reveal], .secret-value"), "the keys page offers to reveal a key")
    masked = browser.driver.find_elements("css selector", "table.keys .masked")
    check(len(masked) >= 2, f"{len(masked)} keys are shown masked")
    visit_app_page(browser, ALPHA, "", "Hello")
    check(not browser.driver.find_elements("css selector", "[data-copy-url]"), "a contributor is offered a URL with a key")
    check(status_of(browser, f"/apps/{ALPHA}/publishprofile") == 403, "a contributor downloads the publish profile")
    # Nor through an API token of a higher role made on the account page.
    token_refused(browser, "contributor-as-owner", "alpha", "owner", "at most your own role")

    sign_in(browser, "owner")
    visit_app_page(browser, ALPHA, "/settings", "DB_PASSWORD")
    check(ALPHA_SECRET in browser.element("table.settings").text, "the owner does not see the secret setting's value")
    visit_app_page(browser, ALPHA, "/keys", "master")
    shown = browser.element("table.keys").text
    check(all(key in shown for key in keys), "the owner does not see every key value")


@scenario("reader-read-only")
def reader_read_only(browser):
    before = app_state(browser, ALPHA)
    sign_in(browser, "reader")
    for page, expect in [("", "Hello"), ("/settings", "DB_PASSWORD"), ("/keys", "master"), ("/deployments", "Publishing"),
                         ("/code", "Active deployment"), ("/run?function=Hello", "Readers can see functions"),
                         ("/run?function=Tick", "Readers can see functions")]:
        visit_app_page(browser, ALPHA, page, expect)
        forms = post_forms(browser)
        check(not forms, f"a reader's /apps/{ALPHA}{page} has forms that change things: {forms}")
    check(ALPHA_SECRET not in source(browser), "a reader's page holds the secret setting's value")
    browser.visit("/apps")
    browser.wait_for_text(ALPHA)
    check(not post_forms(browser), f"a reader's apps page has forms that change things: {post_forms(browser)}")
    browser.visit("/members")
    browser.wait_for_text("Members of alpha")
    check(not post_forms(browser), f"a reader's members page has forms that change things: {post_forms(browser)}")

    deployment = before["deployments"]["deployments"][0]["id"]
    changes = [
        (f"/apps/{ALPHA}/settings", {"name": "PLAIN", "value": "changed by a reader"}),
        (f"/apps/{ALPHA}/settings", {"name": "NEW_SETTING", "value": "x"}),
        (f"/apps/{ALPHA}/settings/delete", {"name": "PLAIN"}),
        (f"/apps/{ALPHA}/keys", {"name": "readers-key", "function": ""}),
        (f"/apps/{ALPHA}/keys/regenerate", {"scope": "master", "function": "", "name": "_master"}),
        (f"/apps/{ALPHA}/keys/delete", {"scope": "host", "function": "", "name": "default"}),
        (f"/apps/{ALPHA}/functions/Hello/state", {"disabled": "true"}),
        (f"/apps/{ALPHA}/run", {"function": "Hello", "method": "GET", "query": "", "headers": "", "body": ""}),
        (f"/apps/{ALPHA}/run", {"function": "Tick"}),
        (f"/apps/{ALPHA}/deployments/{deployment}/activate", {}),
        (f"/apps/{ALPHA}/publishingcredentials/reset", {}),
        (f"/apps/{ALPHA}/code", {"base": deployment, "file": "handler.py", "content": "# a reader's code\n"}),
        (f"/apps/{ALPHA}/delete", {"confirm": ALPHA}),
        ("/apps", {"name": "readers-app", "tenant": "alpha"}),
        ("/tenants/alpha/members", {"user": PEOPLE["reader"]["login"], "role": "owner"}),
    ]
    refused(browser, changes, "403 Forbidden")
    token_refused(browser, "reader-as-contributor", "alpha", "contributor", "at most your own role")
    browser.visit("/members")
    browser.wait_for_text("Members of alpha")
    check(f"{PEOPLE['reader']['login']}" in browser.text(), "the reader is not listed")
    row = [line for line in browser.text().splitlines() if PEOPLE["reader"]["login"] in line]
    check(row and "reader" in row[0] and "owner" not in row[0], f"the reader's role changed: {row}")
    after = app_state(browser, ALPHA)
    for name in before:
        check(after[name] == before[name], f"a refused POST changed alpha-app's {name}: {before[name]} → {after[name]}")
    check(api(browser, "/apps/readers-app")[0] == 404, "a reader created an app")


@scenario("tenant-isolation")
def tenant_isolation(browser):
    before = app_state(browser, BETA)
    beta_values = [setting["value"] for setting in before["settings"]["settings"]]
    sign_in(browser, "owner")
    browser.visit("/apps")
    browser.wait_for_text(ALPHA)
    check(BETA not in source(browser), "beta's app is in alpha's apps list")
    options = [o.text for o in browser.driver.find_elements("css selector", "#tenant-select option")]
    check(options == ["alpha"], f"the tenant switcher offers {options}")

    # Every page of beta's app is a 404 saying no more than for an app that does not exist.
    for page in APP_PAGES:
        visit_app_page(browser, "no-such-app", page, "404 Not Found")
        missing = browser.element("p.error").text.replace("no-such-app", BETA)
        visit_app_page(browser, BETA, page, "404 Not Found")
        check(browser.element("p.error").text == missing, f"/apps/{BETA}{page} answers differently from a missing app")
        check(browser.driver.find_elements("css selector", "header form.signout"), f"/apps/{BETA}{page} lost the person's header")
        html = source(browser)
        leaked = [value for value in beta_values if value in html]
        check(not leaked, f"/apps/{BETA}{page} shows beta's settings")
    for page in APP_PAGES + APP_ENDPOINTS + [f"/deployments/{BETA_DEPLOYMENT}/activate"]:
        status = status_of(browser, f"/apps/{BETA}{page}")
        check(status == 404, f"GET /apps/{BETA}{page} answered {status}")
    # Beta's tenant, by its name in a URL: the same answer as for a tenant that does not exist.
    for path in ["/apps?tenant={}", "/tenants/{}/members", "/tenants/{}/members?tenant={}"]:
        browser.visit(path.format("no-such-tenant", "no-such-tenant"))
        browser.wait_for_text("404 Not Found")
        missing = browser.element("p.error").text.replace("no-such-tenant", "beta")
        browser.visit(path.format("beta", "beta"))
        browser.wait_for_text("404 Not Found")
        check(browser.element("p.error").text == missing, f"{path.format('beta', 'beta')} answers differently from a missing tenant")

    # Forms of alpha's pages edited to point at beta: a field, the action, an id.
    browser.visit("/apps")
    browser.wait_for_text(ALPHA)
    browser.driver.execute_script("document.querySelector('form.create-app input[name=tenant]').value = 'beta';")
    browser.fill("name", "sneaky-app")
    browser.click("Create")
    browser.wait_for_text("404 Not Found")
    check(api(browser, "/apps/sneaky-app")[0] == 404, "an app was created in beta from alpha's form")

    visit_app_page(browser, ALPHA, "/settings", "DB_PASSWORD")
    browser.driver.execute_script(f"document.querySelector('form[action$=\"/settings\"]').action = '/apps/{BETA}/settings';")
    fill_in(browser, f"{SETTING_FORM} input[name=name]", "BETA_SECRET")
    fill_in(browser, f"{SETTING_FORM} input[name=value]", "overwritten from alpha")
    browser.click("Save")
    browser.wait_for_text("404 Not Found")

    visit_app_page(browser, ALPHA, "/keys", "master")
    browser.driver.execute_script(
        f"for (const f of document.querySelectorAll('form[action$=\"/keys/regenerate\"]')) f.action = '/apps/{BETA}/keys/regenerate';"
    )
    browser.click("Regenerate")
    browser.wait_for_text("404 Not Found")

    browser.visit("/members")
    browser.wait_for_text("Members of alpha")
    adding = 'main form[action="/tenants/alpha/members"] input[name=user]:not([type=hidden])'
    fill_in(browser, adding, PEOPLE["owner"]["login"])
    browser.driver.execute_script("document.querySelector(arguments[0]).form.action = '/tenants/beta/members';", adding)
    browser.click("Add")
    browser.wait_for_text("404 Not Found")

    forged = [
        (f"/apps/{ALPHA}/deployments/{BETA_DEPLOYMENT}/activate", {}),
        (f"/apps/{BETA}/deployments/{BETA_DEPLOYMENT}/activate", {}),
        (f"/apps/{BETA}/settings/delete", {"name": "BETA_SECRET"}),
        (f"/apps/{BETA}/keys", {"name": "from-alpha", "function": ""}),
        (f"/apps/{BETA}/keys/delete", {"scope": "host", "function": "", "name": "default"}),
        (f"/apps/{BETA}/functions/Hello/state", {"disabled": "true"}),
        (f"/apps/{BETA}/run", {"function": "Hello", "method": "GET", "query": "", "headers": "", "body": ""}),
        (f"/apps/{BETA}/code", {"base": BETA_DEPLOYMENT, "file": "handler.py", "content": "# from alpha\n"}),
        (f"/apps/{BETA}/publishingcredentials/reset", {}),
        (f"/apps/{BETA}/delete", {"confirm": BETA}),
        ("/tenants/beta/members/remove", {"user": "00000000-0000-0000-0000-000000000000"}),
    ]
    refused(browser, forged, "404 Not Found")
    token_refused(browser, "alpha-in-beta", "beta", "reader", "404 Not Found")

    # The tenant switcher offered beta by hand.
    browser.visit("/apps")
    browser.wait_for_text(ALPHA)
    browser.driver.execute_script(
        "const s = document.getElementById('tenant-select'); s.add(new Option('beta', 'beta')); s.value = 'beta';"
        "setTimeout(() => s.dispatchEvent(new Event('change')), 0);"
    )
    browser.wait_for_text("404 Not Found")
    browser.visit("/apps")
    browser.wait_for_text("Apps of alpha")

    # The audit log shows alpha's events only, whatever its tenant filter says (beta's hold beta-app).
    for path in ["/audit", "/audit?tenant=beta"]:
        browser.visit(path)
        browser.wait_for_text("Audit log")
        check(BETA not in source(browser), f"{path} shows beta's events to an owner of alpha")

    after = app_state(browser, BETA)
    for name in before:
        check(after[name] == before[name], f"a request from alpha changed beta-app's {name}: {before[name]} → {after[name]}")


@scenario("hostile-setting")
def hostile_setting(browser):
    sign_in(browser, "owner")
    no_alert(browser)
    check(HOSTILE in browser.element("header .user").text, "the owner's display name is not shown as text in the header")
    visit_app_page(browser, ALPHA, "/settings", "DB_PASSWORD")
    fill_in(browser, f"{SETTING_FORM} input[name=name]", HOSTILE)
    fill_in(browser, f"{SETTING_FORM} input[name=value]", HOSTILE)
    browser.click("Save")
    browser.wait_until(lambda d: d.find_element("css selector", "table.settings").text.count(HOSTILE) == 2, "the setting in the table")
    no_alert(browser)
    no_inline_script(browser)
    check("&lt;script&gt;alert(1)&lt;/script&gt;" in source(browser), "the setting is not escaped in the page source")
    status, settings = api(browser, f"/apps/{ALPHA}/settings")
    check(status == 200 and any(s["name"] == HOSTILE and s["value"] == HOSTILE for s in settings["settings"]), f"the API has {settings}")

    # An error that echoes the name.
    fill_in(browser, f"{SETTING_FORM} input[name=name]", HOSTILE + "=")
    browser.click("Save")
    browser.wait_for_text("not a valid setting name")
    check(HOSTILE + "=" in browser.text(), f"the error does not show the name as text: {browser.text()[:300]!r}")
    no_alert(browser)
    no_inline_script(browser)

    # Where the owner's hostile display name appears: the members list and the audit log.
    for path, expect in [("/members", "Members of alpha"), ("/audit", "Audit log")]:
        browser.visit(path)
        browser.wait_for_text(expect)
        check(HOSTILE in browser.element("main").text, f"{path} does not show the display name as text")
        no_alert(browser)
        no_inline_script(browser)

    sign_in(browser, "reader")
    visit_app_page(browser, ALPHA, "/settings", "DB_PASSWORD")
    check(browser.element("table.settings").text.count(HOSTILE) == 2, "the reader does not see the setting as text")
    no_alert(browser)
    no_inline_script(browser)


if __name__ == "__main__":
    sys.exit(main())
