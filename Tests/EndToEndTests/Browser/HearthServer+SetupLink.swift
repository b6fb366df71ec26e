import Foundation

extension HearthServer {
    /// The first admin's one-time link (`{portal}/setup/{token}`) that `hearth serve` printed at its
    /// first start, if it printed one.
    var firstAdminSetupLink: String? {
        log.range(of: #"http://[^\s]+/setup/[A-Za-z0-9_-]+"#, options: .regularExpression).map { String(log[$0]) }
    }
}
