public import HearthManagement
public import HearthStore
public import Hummingbird

/// The management portal: server-rendered pages for people, on the same store, rules and helpers
/// as the REST API. Sign-in plugs in as a ``PortalAuthenticator``; the CSRF check as a
/// ``PortalCSRFVerifier``.
///
/// ```swift
/// let portal = try Portal(store: store, configuration: configuration, authenticator: sessions)
/// let router = portal.buildRouter()   // serve it for every path outside /api and /scm
/// ```
public struct Portal: Sendable {
    /// The store pages read from and write to.
    public let store: any ManagementStore
    /// The management settings (base domain, public URLs) the API uses too.
    public let configuration: ManagementConfiguration
    /// Who is signed in.
    public let authenticator: any PortalAuthenticator
    /// The CSRF check every state-changing request passes.
    public let csrfVerifier: any PortalCSRFVerifier
    /// Debian's browser libraries served under `/static/vendor`.
    public let vendor: VendorLibraries
    /// The largest request body a page accepts (a zip upload).
    public let maxBody: Int
    /// Sign-in, sessions and the account page, when the portal signs people in itself.
    let signIn: PortalSignIn?
    let renderer: PortalRenderer
    let appCache = ValidatedPackageCache()

    /// Creates the portal, loading the embedded templates.
    /// - Throws: When an embedded template does not parse (a build mistake).
    public init(
        store: any ManagementStore,
        configuration: ManagementConfiguration = ManagementConfiguration(),
        authenticator: any PortalAuthenticator,
        csrfVerifier: any PortalCSRFVerifier = IdentityTokenCSRFVerifier(),
        vendor: VendorLibraries = .debian,
        maxBody: Int = 100 * 1024 * 1024
    ) throws {
        self.store = store
        self.configuration = configuration
        self.authenticator = authenticator
        self.csrfVerifier = csrfVerifier
        self.vendor = vendor
        self.maxBody = maxBody
        self.signIn = nil
        self.renderer = PortalRenderer(templates: try PortalTemplates())
    }

    /// Creates the portal with its own sign-in: session cookies (``SessionAuthenticator``), the
    /// session's CSRF check (``SessionCSRFVerifier``), and the sign-in, setup and account pages.
    /// - Throws: When an embedded template does not parse (a build mistake).
    package init(
        store: any ManagementStore,
        configuration: ManagementConfiguration = ManagementConfiguration(),
        signIn: PortalSignIn,
        vendor: VendorLibraries = .debian,
        maxBody: Int = 100 * 1024 * 1024
    ) throws {
        self.store = store
        self.configuration = configuration
        self.authenticator = SessionAuthenticator(signIn: signIn)
        self.csrfVerifier = SessionCSRFVerifier(signIn: signIn)
        self.vendor = vendor
        self.maxBody = maxBody
        self.signIn = signIn
        self.renderer = PortalRenderer(templates: try PortalTemplates())
    }

    /// The portal's router. Security headers on every response; `/static/…` without sign-in;
    /// everything else behind ``PortalAuthenticator`` (unknown person → `/signin`) and, for every
    /// method but GET and HEAD, the CSRF check. Each page registers its own group, so later pages
    /// (code, test/run, monitor, members, admin) are one more `register(on:)`.
    public func buildRouter() -> Router<PortalRequestContext> {
        let router = Router(context: PortalRequestContext.self)
        router.add(middleware: PortalSecurityHeadersMiddleware())
        router.add(middleware: PortalErrorMiddleware(renderer: renderer))
        StaticRoutes(templates: renderer.templates, vendor: vendor).register(on: router)
        let signInPages = signIn.map { SignInPages(signIn: $0, renderer: renderer) }
        signInPages?.register(on: router)
        // The error middleware again behind sign-in: a refused page (404, 403) keeps the person's
        // header (name, tenant switcher, sign-out), which the outer one cannot see.
        let pages = router.group()
            .add(middleware: PortalAuthMiddleware(authenticator: authenticator))
            .add(middleware: PortalErrorMiddleware(renderer: renderer))
            .add(middleware: PortalAuditMiddleware(trail: AuditTrail(store: store), store: store))
            .add(middleware: PortalCSRFMiddleware(verifier: csrfVerifier, maxBody: maxBody))
        let environment = PageEnvironment(store: store, configuration: configuration, renderer: renderer, appCache: appCache, vendor: vendor)
        AppsPage(environment).register(on: pages)
        AppPage(environment).register(on: pages)
        SettingsPage(environment).register(on: pages)
        KeysPage(environment).register(on: pages)
        DeploymentsPage(environment).register(on: pages)
        InvocationsPage(environment).register(on: pages)
        CodePage(environment).register(on: pages)
        RunPage(environment).register(on: pages)
        FactoryResetPage(environment, signIn: signIn).register(on: pages)
        if let signIn, let signInPages {
            signInPages.registerSignOut(on: pages)
            AccountPage(signIn: signIn, renderer: renderer).register(on: pages)
        }
        MembersPage(environment).register(on: pages)
        AdminTenantsPage(environment).register(on: pages)
        AdminUsersPage(environment).register(on: pages)
        AdminSettingsPage(environment).register(on: pages)
        AdminWorkersPage(environment).register(on: pages)
        AuditPage(environment).register(on: pages)
        MonitorPage(environment).register(on: pages)
        return router
    }
}
