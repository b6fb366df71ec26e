/// The state both roles share, and the only channel between them: every role's protocol at once.
///
/// Management writes tenants, apps, deployments, settings, keys and tokens (``ManagementStore``);
/// workers read their apps from it, write the invocation log and app status, and claim timer
/// occurrences and leases in it (``WorkerStore``); both read apps the same way (``AppReadStore``).
/// `hearth secrets` re-seals values (``SealedSecretsStore``), and a store reports its schema
/// (``SchemaStore``).
///
/// The backends (`SQLiteStore`, `SQLServerStore`) conform to all of it, and the assembly that
/// opens a store (``StoreFactory``, the `hearth` command) holds one; each role's module depends
/// only on its own protocol.
///
/// Every method is safe to call from many tasks at once. Secret values (secret settings, key
/// values, publishing passwords) go in and come out in plain text; the backend encrypts them at
/// rest with a ``SecretCipher``. Errors are ``StoreError``; a method that finds nothing returns
/// `nil` or `false` rather than throwing.
public typealias Store = ManagementStore & WorkerStore & SealedSecretsStore & SchemaStore
