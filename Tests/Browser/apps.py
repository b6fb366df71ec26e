"""An app's life in the portal, in a real Chromium against a real `hearth serve`: create it, deploy a
zip, roll back, manage its keys and download its publish profile.

The Swift suite (Tests/EndToEndTests/Browser/AppLifecycleBrowserTests.swift) passes in the environment:
HEARTH_SETUP_URL (the first admin's one-time link), HEARTH_ADMIN_LOGIN, HEARTH_ADMIN_PASSWORD, the
tenant owner's HEARTH_OWNER_SETUP_URL, HEARTH_OWNER_LOGIN and HEARTH_OWNER_PASSWORD,
HEARTH_TENANT (a tenant that exists), HEARTH_APP (the app to create), HEARTH_ZIP_V1 and HEARTH_ZIP_V2
(two builds of a custom-handler app whose `api/hello/{name}` answers HEARTH_ANSWER_V1 and
HEARTH_ANSWER_V2 for the name "Ann"), HEARTH_WORKER_URL and HEARTH_DOWNLOAD_DIR. The scenarios run in
this order, in one browser, each signing in again (the cookies are cleared before each).

Scenarios:
  first-admin       the setup link sets the admin's password.
  owner-link        the tenant owner's setup link (from `hearth user add`) sets the owner's password.
  create-app        an invalid or taken name shows the problem as it is typed, before any submit; a good
                    name creates the app, which the apps list then shows with the function host's URL.
  upload-zip        a zip uploaded on the deployments page deploys; the function answers over HTTP.
  rollback          a second upload answers differently; re-activating the first serves the first again.
  keys              as the owner: a key for a function the app lacks is refused; a function key created
                    on the keys page is revealed to the owner and opens the function; regenerated, the
                    old value is refused and the new one works; deleted, it is refused.
  publish-profile   as the owner: the .PublishSettings downloads from the deployments page (the Swift
                    side imports it with `hearth profile import` and publishes with `hearth publish`).
  published-active  after that publish, the deployments page shows the published deployment active.
"""

import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hearth_browser import check, main, scenario, set_password_from_link, sign_in, wait_until_signed_in  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

LOGIN = os.environ.get("HEARTH_ADMIN_LOGIN", "admin")
PASSWORD = os.environ.get("HEARTH_ADMIN_PASSWORD", "")
OWNER_LOGIN = os.environ.get("HEARTH_OWNER_LOGIN", "")
OWNER_PASSWORD = os.environ.get("HEARTH_OWNER_PASSWORD", "")
TENANT = os.environ.get("HEARTH_TENANT", "")
APP = os.environ.get("HEARTH_APP", "")
WORKER = os.environ.get("HEARTH_WORKER_URL", "").rstrip("/")

# Straight to the function host on loopback, whatever proxy the environment names.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))

# A custom handler's first call starts its process: more than a page load's wait.
ANSWER_TIMEOUT = 30.0


def signed_in(browser, owner=False):
    """Signed in as the first admin, or as the tenant's owner."""
    if owner:
        sign_in(browser, OWNER_LOGIN, OWNER_PASSWORD)
    else:
        sign_in(browser, LOGIN, PASSWORD)
    wait_until_signed_in(browser)


def call(path, key=None):
    """(status, body) of a GET of the app's `path` on the function host; `key` as `x-functions-key`."""
    request = urllib.request.Request(f"{WORKER}/_app/{APP}{path}")
    if key:
        request.add_header("x-functions-key", key)
    try:
        with DIRECT.open(request, timeout=10) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")
    except OSError as error:
        return None, str(error)


def wait_for_call(browser, path, status, body=None, key=None):
    """Waits until the function host answers `path` with `status` (and `body`, when given)."""
    last = {}

    def answered(driver):
        last["reply"] = call(path, key)
        return last["reply"][0] == status and (body is None or last["reply"][1] == body)

    try:
        browser.wait_until(answered, f"{path} to answer {status} {body or ''}", ANSWER_TIMEOUT)
    except AssertionError as error:
        raise AssertionError(f"{error}; the last reply was {last.get('reply')}")


def deployment_row(browser, message):
    """The deployments table's row of the deployment uploaded with `message`."""
    xpath = f"//table[contains(@class,'deployments')]//tr[td[3][normalize-space()='{message}']]"
    return browser.wait_until(lambda d: d.find_element(By.XPATH, xpath), f"the deployment {message!r} in the history")


def wait_until_active(browser, message):
    browser.wait_until(
        lambda d: "active" in deployment_row(browser, message).find_element(By.XPATH, "td[4]").text,
        f"the deployment {message!r} to be shown active",
    )


def upload(browser, zip_path, message):
    browser.visit(f"/apps/{APP}/deployments")
    browser.element("input[name=package]").send_keys(zip_path)
    fill_in(browser, "input[name=message]", message)
    browser.click("Deploy")
    wait_until_active(browser, message)
    status = deployment_row(browser, message).find_element(By.XPATH, "td[4]").text
    check(status.startswith("succeeded"), f"the deployment {message!r} has status {status!r}")


def fill_in(browser, css, value):
    """Types `value` into the field matching `css` (forms on these pages share field names)."""
    field = browser.element(css)
    field.clear()
    field.send_keys(value)


def name_check(browser):
    return browser.element("[data-name-check-result]")


@scenario("first-admin")
def first_admin(browser):
    set_password_from_link(browser, os.environ["HEARTH_SETUP_URL"], PASSWORD)
    browser.wait_for_text("every tenant")


@scenario("owner-link")
def owner_link(browser):
    set_password_from_link(browser, os.environ["HEARTH_OWNER_SETUP_URL"], OWNER_PASSWORD)
    wait_until_signed_in(browser)
    check(OWNER_LOGIN in browser.text(), "the header does not name the owner")


@scenario("create-app")
def create_app(browser):
    signed_in(browser)
    browser.visit("/apps")
    check(APP not in browser.text(), f"the apps list shows {APP!r} before it was created")
    fill_in(browser, "form.create-app input[name=tenant]", TENANT)
    page = browser.driver.current_url
    # An invalid name: the problem shows while typing, nothing is submitted.
    fill_in(browser, "form.create-app input[name=name]", "Not_A_Name")
    result = name_check(browser)
    browser.wait_until(lambda d: "is not valid" in result.text, "the name check to call 'Not_A_Name' invalid")
    check("invalid" in result.get_attribute("class"), f"the invalid name's message is not marked invalid: {result.get_attribute('class')}")
    check("not-a-name" in result.text, f"the message does not suggest a valid name: {result.text!r}")
    check(browser.driver.current_url == page, f"typing a name left the page: {browser.driver.current_url}")
    # A good name.
    fill_in(browser, "form.create-app input[name=name]", APP)
    browser.wait_until(lambda d: result.text == "available", f"the name check to call {APP!r} available")
    check("valid" in result.get_attribute("class").split(), f"the good name is not marked valid: {result.get_attribute('class')}")
    browser.click("Create")
    browser.wait_until(lambda d: d.current_url.rstrip("/").endswith(f"/apps/{APP}"), f"the new app's page /apps/{APP}")
    browser.visit("/apps")
    row = browser.wait_until(
        lambda d: d.find_element(By.XPATH, f"//table[contains(@class,'apps')]//tr[td[1]/a[normalize-space()='{APP}']]"),
        f"{APP!r} in the apps list",
    )
    check(TENANT in row.text and "not deployed" in row.text, f"the new app's row: {row.text!r}")
    # Its URL is where the function host serves it: the host's scheme and port, the app's host name.
    scheme, port = WORKER.split("://")[0], WORKER.rsplit(":", 1)[1]
    url = row.find_element(By.XPATH, "td[8]/a").get_attribute("href")
    check(url == f"{scheme}://{APP}.localhost:{port}/", f"the apps list gives {APP!r} the URL {url!r}, not the function host's")
    # Now the name is taken, and the check says so as it is typed.
    fill_in(browser, "form.create-app input[name=name]", APP)
    result = name_check(browser)
    browser.wait_until(lambda d: "already exists" in result.text, f"the name check to call {APP!r} taken")


@scenario("upload-zip")
def upload_zip(browser):
    signed_in(browser)
    upload(browser, os.environ["HEARTH_ZIP_V1"], "v1")
    wait_for_call(browser, "/api/hello/Ann", 200, os.environ["HEARTH_ANSWER_V1"])


@scenario("rollback")
def rollback(browser):
    signed_in(browser)
    upload(browser, os.environ["HEARTH_ZIP_V2"], "v2")
    wait_for_call(browser, "/api/hello/Ann", 200, os.environ["HEARTH_ANSWER_V2"])
    row = deployment_row(browser, "v1")
    check("active" not in row.find_element(By.XPATH, "td[4]").text, "v1 is still shown active after v2 was deployed")
    row.find_element(By.XPATH, ".//button[normalize-space()='Re-activate']").click()
    wait_until_active(browser, "v1")
    check("active" not in deployment_row(browser, "v2").find_element(By.XPATH, "td[4]").text, "v2 is still shown active")
    wait_for_call(browser, "/api/hello/Ann", 200, os.environ["HEARTH_ANSWER_V1"])


def key_row_xpath(function, name):
    return f"//table[contains(@class,'keys')]//tr[td[1]='function' and td[2]='{function}' and td[3]='{name}']"


def key_value(browser, function, name):
    """The value the keys page shows for the function key, once the row is there."""
    xpath = key_row_xpath(function, name) + "/td[4]//code"
    return browser.wait_until(lambda d: d.find_element(By.XPATH, xpath).text.strip(), f"the key {function}/{name}'s value")


@scenario("keys")
def keys(browser):
    signed_in(browser, owner=True)
    wait_for_call(browser, "/api/Secure", 401)
    # A function the app does not have: refused, naming the functions it has.
    browser.visit(f"/apps/{APP}/keys")
    fill_in(browser, "form[action$='/keys'] input[name=name]", "browser")
    fill_in(browser, "form[action$='/keys'] input[name=function]", "Nope")
    browser.click("Create")
    browser.wait_for_text("has no function named 'Nope'")
    check("Secure" in browser.text(), f"the refusal does not name the app's functions: {browser.text()[:400]!r}")
    # The function's name in another case: the key is the function's, as the deployment spells it.
    browser.visit(f"/apps/{APP}/keys")
    fill_in(browser, "form[action$='/keys'] input[name=name]", "browser")
    fill_in(browser, "form[action$='/keys'] input[name=function]", "secure")
    browser.click("Create")
    first = key_value(browser, "Secure", "browser")
    check(len(first) >= 20, f"the new key's value is not shown to the admin: {first!r}")
    wait_for_call(browser, "/api/Secure", 200, "secret area", key=first)

    row = browser.driver.find_element(By.XPATH, key_row_xpath("Secure", "browser"))
    row.find_element(By.XPATH, ".//button[normalize-space()='Regenerate']").click()
    second = browser.wait_until(
        lambda d: (value := key_value(browser, "Secure", "browser")) != first and value,
        "the regenerated key's new value",
    )
    wait_for_call(browser, "/api/Secure", 401, key=first)
    wait_for_call(browser, "/api/Secure", 200, "secret area", key=second)

    row = browser.driver.find_element(By.XPATH, key_row_xpath("Secure", "browser"))
    row.find_element(By.XPATH, ".//button[normalize-space()='Delete']").click()
    browser.wait_until(
        lambda d: not d.find_elements(By.XPATH, key_row_xpath("Secure", "browser")) and d.find_elements(By.CSS_SELECTOR, "table.keys"),
        "the deleted key to leave the keys page",
    )
    wait_for_call(browser, "/api/Secure", 401, key=second)


@scenario("publish-profile")
def publish_profile(browser):
    signed_in(browser, owner=True)
    browser.visit(f"/apps/{APP}/deployments")
    browser.click("Download the publish profile (.PublishSettings)")
    path = browser.wait_for_download(f"{APP}.PublishSettings")
    text = path.read_text(encoding="utf-8")
    check("<publishData>" in text and f"/scm/{APP}" in text, f"the download is not {APP}'s publish profile: {text[:300]!r}")


@scenario("published-active", only_when_named=True)
def published_active(browser):
    signed_in(browser)
    browser.visit(f"/apps/{APP}/deployments")
    rows = browser.driver.find_elements(By.XPATH, "//table[contains(@class,'deployments')]/tbody/tr[not(contains(@class,'log'))]")
    check(len(rows) == 3, f"the history does not hold the two uploads and the publish: {[row.text for row in rows]}")
    newest = rows[0].text
    check("active" in newest and "v1" not in newest and "v2" not in newest, f"the newest deployment is not the active publish: {newest!r}")


if __name__ == "__main__":
    sys.exit(main())
