import Foundation

/// How a browser script signs in as the first admin of a fresh instance: through the one-time setup
/// link that `hearth serve` or `hearth management` printed at its first start, which sets the password
/// (`hearth_browser.sign_in_as_first_admin` uses it once, then signs in at /signin).
struct FirstAdminSignIn {
    /// `{portal}/setup/{token}`, as printed.
    let link: String
    let login = "admin"
    let password = "the first admin's browser test pass phrase"

    /// The link in a role's output; throws with the output when there is none.
    init(printedIn output: String) throws {
        guard let found = output.firstMatch(of: #/https?://\S+/setup/[A-Za-z0-9_-]+/#) else {
            throw TestFailure("no first-admin setup link in the output:\n\(output)")
        }
        link = String(found.0)
    }

    /// What the script needs in its environment.
    var environment: [String: String] {
        ["HEARTH_SETUP_URL": link, "HEARTH_ADMIN_LOGIN": login, "HEARTH_ADMIN_PASSWORD": password]
    }
}
