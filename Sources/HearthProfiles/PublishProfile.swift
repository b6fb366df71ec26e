import Foundation

/// One `<publishProfile …>` of a `.PublishSettings` file: where and how to publish, with credentials.
///
/// Every attribute is kept in document order, including ones Hearth does not know, so a profile
/// survives import and export unchanged. The typed properties read and write the known ones.
///
/// ```swift
/// var profile = PublishProfile(profileName: "orders - Zip Deploy", publishMethod: .zipDeploy,
///                              publishUrl: "orders.scm.fn.example.local:443",
///                              userName: "$orders", userPWD: password)
/// profile.destinationAppUrl = "https://orders.fn.example.local"
/// ```
public struct PublishProfile: Sendable, Hashable, AttributeBearing {
    /// The attributes Azure, Visual Studio and Hearth write, in Azure's order.
    public static let knownAttributes = [
        "profileName", "publishMethod", "publishUrl", "msdeploySite", "userName", "userPWD", "destinationAppUrl",
        "SQLServerDBConnectionString", "mySQLDBConnectionString", "hostingProviderForumLink", "controlPanelLink",
        "webSystem", "ftpPassiveMode", "targetDatabaseEngineType", "targetServerVersion",
    ]

    /// The attributes a profile must have (the XSD requires them too).
    public static let requiredAttributes = ["profileName", "publishMethod", "publishUrl", "userName", "userPWD"]

    /// Every attribute in document order.
    public var attributes: [ProfileAttribute]
    /// The `databases` entries (Azure writes an empty `<databases />`).
    public var databases: [PublishDatabase]

    /// Creates a profile from raw attributes, as a parser found them.
    /// - Parameters:
    ///   - attributes: The element's attributes, in order.
    ///   - databases: Its `databases/add` entries.
    public init(attributes: [ProfileAttribute], databases: [PublishDatabase] = []) {
        self.attributes = attributes
        self.databases = databases
    }

    /// Creates a profile with the required attributes.
    /// - Parameters:
    ///   - profileName: E.g. `orders - Zip Deploy`.
    ///   - publishMethod: How tools publish with it.
    ///   - publishUrl: The endpoint (`host:443` without a scheme means HTTPS, as Azure writes it).
    ///   - userName: The publishing user, e.g. `$orders`.
    ///   - userPWD: The publishing password.
    public init(profileName: String, publishMethod: PublishMethod, publishUrl: String, userName: String, userPWD: String) {
        self.init(attributes: [
            ProfileAttribute(name: "profileName", value: profileName),
            ProfileAttribute(name: "publishMethod", value: publishMethod.rawValue),
            ProfileAttribute(name: "publishUrl", value: publishUrl),
            ProfileAttribute(name: "userName", value: userName),
            ProfileAttribute(name: "userPWD", value: userPWD),
        ])
    }

    /// The value of any attribute, known or not.
    /// - Parameter name: The attribute's name (case-sensitive, as in XML).
    public subscript(attribute name: String) -> String? {
        get { attribute(name) }
        set { setAttribute(name, newValue) }
    }

    /// E.g. `orders - Zip Deploy`.
    public var profileName: String {
        get { attribute("profileName") ?? "" }
        set { setAttribute("profileName", newValue) }
    }

    /// `ZipDeploy`, `MSDeploy`, `FTP`, or something Hearth does not know.
    public var publishMethod: PublishMethod {
        get { PublishMethod(rawValue: attribute("publishMethod") ?? "") }
        set { setAttribute("publishMethod", newValue.rawValue) }
    }

    /// The endpoint: `host:443` (Azure; HTTPS), `http://host:port/scm/app` (Hearth without TLS),
    /// `ftps://host/site/wwwroot` (FTP).
    public var publishUrl: String {
        get { attribute("publishUrl") ?? "" }
        set { setAttribute("publishUrl", newValue) }
    }

    /// The publishing user, e.g. `$orders` (FTP: `orders\$orders`).
    public var userName: String {
        get { attribute("userName") ?? "" }
        set { setAttribute("userName", newValue) }
    }

    /// The publishing password.
    public var userPWD: String {
        get { attribute("userPWD") ?? "" }
        set { setAttribute("userPWD", newValue) }
    }

    /// The app's own URL.
    public var destinationAppUrl: String? {
        get { attribute("destinationAppUrl") }
        set { setAttribute("destinationAppUrl", newValue) }
    }

    /// The Web Deploy site name (MSDeploy profiles only).
    public var msdeploySite: String? {
        get { attribute("msdeploySite") }
        set { setAttribute("msdeploySite", newValue) }
    }

    /// Attributes outside ``knownAttributes``, kept as they were.
    public var unknownAttributes: [ProfileAttribute] {
        attributes.filter { !Self.knownAttributes.contains($0.name) }
    }

    /// The app (site) name: the `msdeploySite`, else the user name without `$` (and without an FTP
    /// `app\` prefix), else the profile name before ` - `.
    public var siteName: String {
        if let site = msdeploySite, !site.isEmpty { return site }
        var user = Substring(userName)
        if let slash = user.lastIndex(of: "\\") { user = user[user.index(after: slash)...] }
        if user.hasPrefix("$") { user = user.dropFirst() }
        if !user.isEmpty { return String(user) }
        if let range = profileName.range(of: " - ") { return String(profileName[..<range.lowerBound]) }
        return profileName
    }
}
