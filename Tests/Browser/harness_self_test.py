"""The browser harness proving itself against what Hearth serves today (no portal yet).

Scenarios:
  health              GET /api/health in Chromium: its JSON read from the page and checked.
  api-needs-a-token   GET /api/apps without a token: the page shows the API's refusal, no app list.
  form-helpers        fill, click and wait_for_text on a small page of the script's own (data: URL).
  deliberate-failure  a check that cannot hold, so the harness keeps the page (only when named).
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from hearth_browser import check, main, scenario  # noqa: E402

FORM_PAGE = (
    "data:text/html;charset=utf-8,"
    "<title>form</title>"
    "<form onsubmit=\"document.getElementById('out').textContent = 'created ' + this.app.value; return false\">"
    "<label>App <input name='app'></label> <button type='submit'>Create</button></form>"
    "<p id='out'></p>"
)


@scenario("health")
def health(browser):
    browser.visit("/api/health")
    answer = browser.json()
    check(answer.get("status") == "ok", f"status is {answer.get('status')!r}, not 'ok': {answer}")
    check(answer.get("warnings") == [], f"a loopback server warns of nothing, yet: {answer.get('warnings')}")


@scenario("api-needs-a-token")
def api_needs_a_token(browser):
    browser.visit("/api/apps")
    answer = browser.json()
    check("apps" not in answer, f"the app list was shown without a token: {answer}")
    check("needs an API token" in browser.text(), f"the page does not say a token is needed: {answer}")


@scenario("form-helpers")
def form_helpers(browser):
    browser.visit(FORM_PAGE)
    browser.fill("app", "orders")
    browser.click("Create")
    browser.wait_for_text("created orders")
    browser.fill("app", "billing")
    browser.click("button[type=submit]")
    browser.wait_for_text("created billing")


@scenario("deliberate-failure", only_when_named=True)
def deliberate_failure(browser):
    browser.visit("/api/health")
    browser.wait_for_text("text that is never on this page", timeout=0.5)


if __name__ == "__main__":
    sys.exit(main())
