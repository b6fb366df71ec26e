public import Foundation
public import HearthCore

/// The state both roles share, and the only channel between them.
///
/// Management writes tenants, apps, deployments, settings, keys and tokens; workers read their apps
/// from it, write the invocation log and app status, and claim timer occurrences and leases in it.
/// Every method is safe to call from many tasks at once. Secret values (secret settings, key values)
/// go in and come out in plain text; the backend encrypts them at rest with a ``SecretCipher``.
///
/// Errors are ``StoreError``; a method that finds nothing returns `nil` or `false` rather than throwing.
public protocol Store: Sendable {
    // MARK: Tenants

    /// Creates a tenant. Throws ``StoreError/Code/conflict`` when the name is taken.
    func createTenant(_ tenant: Tenant) async throws
    func tenants() async throws -> [Tenant]
    func tenant(named name: String) async throws -> Tenant?
    func tenant(id: UUID) async throws -> Tenant?
    /// Deletes a tenant with its apps, their deployments, settings, keys and logs, and its tokens.
    func deleteTenant(id: UUID) async throws -> Bool

    // MARK: Tenant domains

    /// The domain suffixes granted to one tenant, or to every tenant when `tenantID` is `nil`, by suffix.
    func tenantDomains(tenantID: UUID?) async throws -> [TenantDomain]
    /// Grants a suffix to a tenant. Throws ``StoreError/Code/conflict`` when the suffix is granted
    /// already, or when it or a name above or below it is granted to another tenant (checked in the
    /// same transaction as the insert, so two overlapping grants made at once cannot both pass).
    func addTenantDomain(_ domain: TenantDomain) async throws
    /// Takes a suffix back; the tenant's host names below it stay until changed (the caller disables them).
    func removeTenantDomain(tenantID: UUID, suffix: String) async throws -> Bool

    // MARK: Apps

    /// Creates an app. Throws ``StoreError/Code/conflict`` when the name (or a host name) is taken,
    /// ``StoreError/Code/notFound`` when the tenant does not exist.
    func createApp(_ app: AppRecord) async throws
    /// Apps of one tenant, or of every tenant when `tenantID` is `nil`, by name.
    func apps(tenantID: UUID?) async throws -> [AppRecord]
    func app(named name: String) async throws -> AppRecord?
    func app(id: UUID) async throws -> AppRecord?
    /// The app a custom host name routes to.
    func app(hostName: String) async throws -> AppRecord?
    /// Replaces the app's custom host names (its disabled ones included; a name another app kept
    /// disabled passes to this one). Throws ``StoreError/Code/conflict`` if one routes to another app.
    func setHostNames(appID: UUID, _ hostNames: [String]) async throws
    /// Stops routing a custom host name, keeping it with the reason. Returns `false` if no app has it.
    func disableHostName(_ hostName: String, reason: String) async throws -> Bool
    /// Custom host names that route nowhere, of one app or of every app when `appID` is `nil`.
    /// ``AppRecord/hostNames`` and ``app(hostName:)`` leave them out.
    func disabledHostNames(appID: UUID?) async throws -> [DisabledHostName]
    func deleteApp(id: UUID) async throws -> Bool
    func setAppStatus(appID: UUID, _ status: AppStatus) async throws
    func appStatus(appID: UUID) async throws -> AppStatus?

    // MARK: Packages and deployments

    /// Stores a package under the SHA-256 of its bytes (idempotent: equal content is kept once).
    func putPackage(sha256: String, content: Data) async throws
    func package(sha256: String) async throws -> Data?
    func createDeployment(_ deployment: Deployment) async throws
    /// Rewrites a deployment's mutable fields: status, message, author, function names, log,
    /// completion time, and its package (SHA-256 and size; a queued Kudu deployment gets its package
    /// only once it validated). The package must already be stored.
    func updateDeployment(_ deployment: Deployment) async throws
    /// The app's deployments, newest first.
    func deployments(appID: UUID) async throws -> [Deployment]
    func deployment(id: UUID) async throws -> Deployment?
    /// Makes a succeeded deployment the one that serves the app, in one transaction.
    /// Throws ``StoreError/Code/invalidState`` if the deployment did not succeed or belongs to another app.
    func activateDeployment(appID: UUID, deploymentID: UUID) async throws

    // MARK: Settings

    func settings(appID: UUID) async throws -> [AppSetting]
    /// Sets (inserts or replaces) settings in one transaction.
    func putSettings(appID: UUID, _ settings: [AppSetting]) async throws
    func deleteSetting(appID: UUID, name: String) async throws -> Bool

    // MARK: Keys

    func keys(appID: UUID) async throws -> [FunctionKey]
    /// Inserts or replaces a key; returns `true` when it was new.
    func putKey(appID: UUID, _ key: FunctionKey) async throws -> Bool
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

    // MARK: Secrets at rest

    /// How many sealed values (secret settings, keys, publishing passwords) each master key sealed;
    /// the `nil` key counts values in the version-1 format, which does not record its key.
    func sealedSecretCounts() async throws -> [SecretCipher.KeyID?: Int]
    /// Re-seals, in one transaction, up to `limit` sealed values that are not under the store
    /// cipher's primary key; each only while its row still holds the ciphertext read, so a value
    /// changed meanwhile is left as its writer sealed it. Returns how many it re-sealed: call
    /// again until it returns 0 (a crash in between loses nothing: re-run).
    func resealSecrets(limit: Int) async throws -> Int

    // MARK: API tokens

    /// Stores a token with the SHA-256 (hex) of its secret.
    func createToken(_ token: APIToken, secretHash: String) async throws
    func token(secretHash: String) async throws -> APIToken?
    func tokens() async throws -> [APIToken]
    func deleteToken(id: UUID) async throws -> Bool

    // MARK: Invocation log

    /// Inserts or updates invocation records (by id) in one transaction. Records of apps that no
    /// longer exist are dropped.
    func writeInvocations(_ records: [InvocationRecord]) async throws
    /// The newest invocations of an app (optionally one function), newest first.
    func invocations(appID: UUID, functionName: String?, limit: Int) async throws -> [InvocationRecord]
    func invocation(id: UUID) async throws -> InvocationRecord?
    /// Deletes invocation records that started before `date`; returns how many.
    func pruneInvocations(startedBefore date: Date) async throws -> Int
    /// Marks the invocations that earlier processes of worker `workerID` left `running` as
    /// ``InvocationRecord/Status/abandoned``, with `error` as their message: rows whose
    /// `workerInstance` sorts before `currentInstance` (or has none). Rows of other workers, and of
    /// this process, are never touched. Returns how many were marked.
    func abandonInvocations(workerID: String, before currentInstance: String, error: String) async throws -> Int

    // MARK: Timers and leases

    /// Claims one occurrence of a timer for `owner`. Exactly one caller gets `true` per occurrence,
    /// however many workers share the store.
    func claimTimerOccurrence(appID: UUID, functionName: String, occurrence: Date, owner: String) async throws -> Bool
    func timerStatus(appID: UUID, functionName: String) async throws -> TimerStatus?
    func setTimerStatus(appID: UUID, functionName: String, _ status: TimerStatus) async throws
    /// Takes or renews the named lease for `owner` until `now + duration`; `false` if another owner holds it.
    func acquireLease(name: String, owner: String, duration: Duration) async throws -> Bool
    func releaseLease(name: String, owner: String) async throws

    // MARK: Change tracking

    /// A number that grows with every change a worker must react to (apps, deployments, settings,
    /// keys, host names). Workers poll it and reload what they cache when it moves.
    func changeVersion() async throws -> Int64
}
