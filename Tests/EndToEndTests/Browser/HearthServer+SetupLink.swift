import Foundation

extension HearthServer {
    /// The first admin's one-time link (`{portal}/setup/{token}`) that `hearth serve` printed at its
    /// first start, if it printed one.
    var firstAdminSetupLink: String? { Self.setupLink(in: log) }

    /// The first setup link (`http…/setup/{token}`) in `text`, e.g. what `hearth user add` printed.
    static func setupLink(in text: String) -> String? {
        text.range(of: #"https?://[^\s]+/setup/[A-Za-z0-9_-]+"#, options: .regularExpression).map { String(text[$0]) }
    }
}
