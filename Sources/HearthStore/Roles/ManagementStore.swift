public import Foundation
public import HearthCore

/// What the management role (`HearthManagement`) reads and writes: tenants and their domains,
/// apps and host names, packages and deployments, settings, keys, publishing credentials, API
/// tokens, and the invocation log as people read it.
///
/// Everything a person changes goes through here; the portal, placement and the REST API add
/// their requirements to this protocol. The reads a worker makes too are in ``AppReadStore``.
///
/// Every method may throw ``StoreError/Code/unavailable`` when the database cannot be reached;
/// other errors are listed on each method. A lookup that finds nothing returns `nil`, `false` or
/// an empty array rather than throwing. Each write is one transaction: it happens entirely or not
/// at all. Writes a worker must react to (apps, host names, tenant domains, deployments' activation,
/// settings, keys) raise ``WorkerStore/changeVersion()``.
///
/// People (users, memberships, sessions) are in ``PeopleStore``, the audit log in ``AuditStore``
/// queues in ``QueueStore``, the fleet in ``FleetStore`` and named leases (the placer's) in
/// ``LeaseStore``, all refined here, so `any ManagementStore` has them; workers need
/// neither people nor the audit log.
public protocol ManagementStore: AppReadStore, PeopleStore, AuditStore, QueueStore, FleetStore, LeaseStore {
    // MARK: Tenants

    /// Creates a tenant.
    ///
    /// Throws ``StoreError/Code/conflict`` when the name or the id is taken.
    func createTenant(_ tenant: Tenant) async throws

    /// Every tenant, ordered by name.
    func tenants() async throws -> [Tenant]

    /// The tenant with this name, or `nil`.
    func tenant(named name: String) async throws -> Tenant?

    /// The tenant with this id, or `nil`.
    func tenant(id: UUID) async throws -> Tenant?

    /// Deletes a tenant with its apps, their deployments, settings, keys and logs, its domains and
    /// its tokens, in one transaction.
    ///
    /// Returns `false` when no tenant has this id (so deleting twice is harmless).
    func deleteTenant(id: UUID) async throws -> Bool

    // MARK: Tenant domains

    /// The domain suffixes granted to one tenant, or to every tenant when `tenantID` is `nil`,
    /// ordered by suffix.
    func tenantDomains(tenantID: UUID?) async throws -> [TenantDomain]

    /// Grants a suffix to a tenant.
    ///
    /// Throws ``StoreError/Code/conflict`` when the suffix is granted already, or when it or a name
    /// above or below it is granted to another tenant (checked in the same transaction as the
    /// insert, so two overlapping grants made at once cannot both pass), and
    /// ``StoreError/Code/notFound`` when the tenant does not exist.
    func addTenantDomain(_ domain: TenantDomain) async throws

    /// Takes a suffix back; the tenant's host names below it stay until changed (the caller
    /// disables them).
    ///
    /// Returns `false` when the tenant did not hold the suffix.
    func removeTenantDomain(tenantID: UUID, suffix: String) async throws -> Bool

    // MARK: Apps

    /// Creates an app with its custom host names (stored lower-cased).
    ///
    /// Throws ``StoreError/Code/conflict`` when the name, the id or a host name is taken, and
    /// ``StoreError/Code/notFound`` when the tenant does not exist.
    func createApp(_ app: AppRecord) async throws

    /// The app with this name, or `nil`.
    func app(named name: String) async throws -> AppRecord?

    /// The app with this id, or `nil`.
    func app(id: UUID) async throws -> AppRecord?

    /// The app a custom host name routes to (compared case-insensitively), or `nil`.
    ///
    /// A disabled host name routes nowhere and gives `nil`.
    func app(hostName: String) async throws -> AppRecord?

    /// Replaces the app's custom host names, its disabled ones included, in one transaction.
    ///
    /// Names are stored lower-cased and deduplicated; a name another app kept disabled passes to
    /// this one. Setting the same list again changes nothing. Throws ``StoreError/Code/conflict``
    /// if a name routes to another app, and ``StoreError/Code/notFound`` if the list names a host
    /// and the app does not exist.
    func setHostNames(appID: UUID, _ hostNames: [String]) async throws

    /// Stops routing a custom host name, keeping it on its app with the reason.
    ///
    /// Returns `false` if no app has the name. Disabling again replaces the reason.
    func disableHostName(_ hostName: String, reason: String) async throws -> Bool

    /// Custom host names that route nowhere, of one app or of every app when `appID` is `nil`,
    /// ordered by host name.
    ///
    /// ``AppRecord/hostNames`` and ``app(hostName:)`` leave them out.
    func disabledHostNames(appID: UUID?) async throws -> [DisabledHostName]

    /// Deletes an app with its host names, deployments, settings, keys, credentials, timers and
    /// invocation log; packages no deployment refers to any more go too.
    ///
    /// Returns `false` when no app has this id.
    func deleteApp(id: UUID) async throws -> Bool

    /// The status a worker last reported for the app (see ``WorkerStore/setAppStatus(appID:_:)``),
    /// or `nil` before any report or for an unknown app.
    func appStatus(appID: UUID) async throws -> AppStatus?

    /// ``appStatus(appID:)`` of each of `appIDs`, in one query (the portal's apps list reads a page
    /// of rows at once). Apps without a report, and unknown ids, are left out of the answer.
    func appStatuses(appIDs: [UUID]) async throws -> [UUID: AppStatus]

    // MARK: Packages and deployments

    /// Stores a package under the SHA-256 (lower-case hex) of its bytes.
    ///
    /// Idempotent: storing content under a hash that is stored already keeps the first copy and
    /// does not fail. The caller computes the hash; the store does not check it.
    func putPackage(sha256: String, content: Data) async throws

    /// Records a new deployment of an app (it serves nothing until activated).
    ///
    /// Throws ``StoreError/Code/conflict`` when the id is taken and ``StoreError/Code/notFound``
    /// when the app or the package does not exist.
    func createDeployment(_ deployment: Deployment) async throws

    /// Rewrites a deployment's mutable fields: status, message, author, function names, log,
    /// completion time, and its package (SHA-256 and size; a queued Kudu deployment gets its
    /// package only once it validated).
    ///
    /// The package must already be stored (``StoreError/Code/notFound`` otherwise); an unknown
    /// deployment throws ``StoreError/Code/notFound``. Writing the same values again is harmless.
    func updateDeployment(_ deployment: Deployment) async throws

    /// ``createDeployment(_:)`` and ``putSettings(appID:_:)`` for the deployment's app in one
    /// transaction: a deployment that implies settings (a v1 app upgraded on the way in) is recorded
    /// with them or not at all. No settings: exactly ``createDeployment(_:)``.
    func createDeployment(_ deployment: Deployment, applying settings: [AppSetting]) async throws

    /// ``updateDeployment(_:)`` and ``putSettings(appID:_:)`` for the deployment's app in one
    /// transaction (a queued Kudu deployment that validated). No settings: exactly ``updateDeployment(_:)``.
    func updateDeployment(_ deployment: Deployment, applying settings: [AppSetting]) async throws

    /// The app's deployments, newest first (by creation time, then by insertion order).
    func deployments(appID: UUID) async throws -> [Deployment]

    /// Makes a succeeded deployment the one that serves the app, in one transaction.
    ///
    /// Throws ``StoreError/Code/notFound`` if the deployment does not exist, and
    /// ``StoreError/Code/invalidState`` if it did not succeed or belongs to another app.
    /// Activating the active deployment again is harmless.
    func activateDeployment(appID: UUID, deploymentID: UUID) async throws

    /// Makes a succeeded deployment the one that serves the app only while `expected` still is
    /// (compare-and-set in one transaction): of two saves based on the same deployment, only one
    /// activates. Returns `false`, changing nothing, when another deployment serves (or none).
    ///
    /// Throws like ``activateDeployment(appID:deploymentID:)``.
    func activateDeployment(appID: UUID, deploymentID: UUID, replacing expected: UUID) async throws -> Bool

    /// The deployment that serves each of `appIDs` (see ``activateDeployment(appID:deploymentID:)``),
    /// by app id, in one query. Apps serving none, and unknown ids, are left out of the answer.
    func activeDeployments(appIDs: [UUID]) async throws -> [UUID: Deployment]

    // MARK: Settings

    /// Sets (inserts or replaces, by name) settings in one transaction; secret values are
    /// encrypted at rest.
    ///
    /// Idempotent. Throws ``StoreError/Code/notFound`` when the app does not exist.
    func putSettings(appID: UUID, _ settings: [AppSetting]) async throws

    /// Deletes one setting; returns `false` when the app had no setting of that name.
    func deleteSetting(appID: UUID, name: String) async throws -> Bool

    /// ``AppReadStore/settings(appID:)`` of each of `appIDs` (ordered by name, secret values
    /// decrypted), by app id, in one query. Apps without settings, and unknown ids, are left out.
    ///
    /// Throws ``StoreError`` when a secret value cannot be opened, like the one-app read.
    func settings(appIDs: [UUID]) async throws -> [UUID: [AppSetting]]

    // MARK: Keys

    /// Inserts or replaces a key (by scope, function name and name; the value is encrypted at
    /// rest, the creation time of a replaced key kept).
    ///
    /// Returns `true` when the key was new. Throws ``StoreError/Code/notFound`` when the app does
    /// not exist.
    func putKey(appID: UUID, _ key: FunctionKey) async throws -> Bool

    /// Deletes one key; returns `false` when there was no such key.
    func deleteKey(appID: UUID, scope: FunctionKey.Scope, functionName: String?, name: String) async throws -> Bool

    // MARK: Publishing credentials

    /// The app's publishing credentials (publish profiles, the Kudu deploy endpoint), or `nil`
    /// before any were issued. The password comes back in plain text.
    func publishingCredentials(appID: UUID) async throws -> PublishingCredentials?

    /// Stores the app's publishing credentials, the password encrypted at rest.
    ///
    /// With `replace: true` they overwrite any existing ones (a reset: the old password stops
    /// working at once); with `replace: false` existing credentials are kept, so two callers issuing
    /// first credentials at the same time agree on one password. Returns whether the row was written.
    /// Throws ``StoreError/Code/notFound`` if the app does not exist.
    func setPublishingCredentials(appID: UUID, _ credentials: PublishingCredentials, replace: Bool) async throws -> Bool

    // MARK: API tokens

    /// Stores a token with the SHA-256 (hex) of its secret; the secret itself is never stored.
    ///
    /// Throws ``StoreError/Code/conflict`` when the id or the hash is taken, and
    /// ``StoreError/Code/notFound`` when the token names a tenant that does not exist.
    func createToken(_ token: APIToken, secretHash: String) async throws

    /// The token whose secret hashes to `secretHash`, or `nil`.
    func token(secretHash: String) async throws -> APIToken?

    /// Every token, oldest first (by creation time, then name).
    func tokens() async throws -> [APIToken]

    /// Deletes a token; returns `false` when no token has this id.
    func deleteToken(id: UUID) async throws -> Bool

    // MARK: Invocation log

    /// The newest `limit` invocations of an app (of one function when `functionName` is given,
    /// compared case-insensitively), newest first by start time.
    func invocations(appID: UUID, functionName: String?, limit: Int) async throws -> [InvocationRecord]

    /// The invocation with this id, or `nil`.
    func invocation(id: UUID) async throws -> InvocationRecord?

    /// The newest `limit` invocations of an app that pass `filter`, newest first by start time.
    func invocations(appID: UUID, filter: InvocationFilter, limit: Int) async throws -> [InvocationRecord]

    /// Up to `limit` invocations of an app that pass `filter` and started after `cursor` (in
    /// start-time order, ids breaking ties), oldest first; from the start of the log when `cursor`
    /// is `nil`. The live view follows the log with it.
    func invocations(
        appID: UUID,
        after cursor: InvocationCursor?,
        filter: InvocationFilter,
        limit: Int
    ) async throws
        -> [InvocationRecord]

    /// Finished invocations and failures of each of `appIDs` whose start falls in the hours from
    /// the one `since` is in up to (not including) `until`, in one query. Apps without any are
    /// left out of the answer.
    func invocationTotals(appIDs: [UUID], since: Date, until: Date) async throws -> [UUID: InvocationTotals]

    /// The hourly statistics of every function of an app whose hour starts at or after the hour
    /// of `since` and before `until`, ordered by function name, then hour.
    func invocationStats(appID: UUID, since: Date, until: Date) async throws -> [InvocationStats]

    /// Deletes the invocation records that started before `date`, with the statistics of the
    /// hours that ended by then; returns how many records.
    ///
    /// Idempotent: a second call with the same date deletes nothing more and returns 0.
    func pruneInvocations(startedBefore date: Date) async throws -> Int

    // MARK: Factory reset

    /// Deletes everything but the schema, in one transaction: every tenant, app, host name,
    /// package, deployment, setting, key, publishing credential, token, invocation, timer state,
    /// lease, tenant domain, user, membership, session, setup link, failed sign-in, instance
    /// setting, and the whole audit log. Raises ``WorkerStore/changeVersion()`` so workers stop
    /// every app. The store is usable afterwards, as on first start.
    ///
    /// The audit log goes too: the caller first exports it (``AuditStore/exportAudit(after:limit:)``)
    /// to a file, then calls this, then appends the reset event (who, when) as the new log's first
    /// entry. Replacing the master key is the caller's part as well.
    func resetToFactory() async throws
}
