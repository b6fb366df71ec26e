/// What `hearth secrets` calls to move sealed values to a new master key: how many values each
/// key sealed, and re-sealing under the primary key in batches.
///
/// The roles do not call these; an operator does, after adding a key to the ring (see
/// ``MasterKey``). Sealed values are secret settings, function keys, publishing passwords,
/// users' TOTP secrets and queue accounts' keys.
public protocol SealedSecretsStore: Sendable {
    /// How many sealed values each master key sealed; the `nil` key counts values in the
    /// version-1 format, which does not record its key.
    ///
    /// Keys with no values are absent. Reads only.
    func sealedSecretCounts() async throws -> [SecretCipher.KeyID?: Int]

    /// Re-seals, in one transaction, up to `limit` sealed values that are not under the store
    /// cipher's primary key.
    ///
    /// Each value is rewritten only while its row still holds the ciphertext read, so a value
    /// changed meanwhile is left as its writer sealed it. Returns how many it re-sealed: call
    /// again until it returns 0 (a crash in between loses nothing: re-run). Throws ``StoreError``
    /// when a value cannot be opened with any key in the ring.
    func resealSecrets(limit: Int) async throws -> Int
}
