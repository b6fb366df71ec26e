public import Foundation

/// What a worker says about itself when it registers in the store at start: its name, where it is
/// reached, what it offers and when.
public struct WorkerRegistration: Sendable, Hashable {
    /// The worker's name in the fleet (unique; `--name`, the host name by default).
    public var name: String
    /// The URL other workers and load balancers reach it at (`--advertise`).
    public var advertiseURL: String
    /// The memory it offers to apps, in MiB (`--capacity-mb`).
    public var capacityMB: Int
    /// Labels such as `zone=b` (`--label`), checked by ``WorkerLabels``.
    public var labels: [String: String]
    /// The Hearth version it runs.
    public var version: String
    /// The hours it offers its capacity in (`--available`), or `nil` for always.
    public var availability: AvailabilityWindow?
    /// The time zone ``availability`` is read in (an IANA identifier, the worker's own).
    public var timeZone: String?
    /// The worker's X25519 public key (raw representation), for wrapping per-app keys; `nil` for
    /// a worker that holds the master key itself.
    public var publicKey: Data?

    public init(
        name: String,
        advertiseURL: String,
        capacityMB: Int,
        labels: [String: String] = [:],
        version: String,
        availability: AvailabilityWindow? = nil,
        timeZone: String? = nil,
        publicKey: Data? = nil
    ) {
        self.name = name
        self.advertiseURL = advertiseURL
        self.capacityMB = capacityMB
        self.labels = labels
        self.version = version
        self.availability = availability
        self.timeZone = timeZone
        self.publicKey = publicKey
    }

    /// Checks the name (``WorkerName``), labels (``WorkerLabels``), the capacity, the public key
    /// (32 bytes when present) and the URL.
    ///
    /// Throws ``HearthError`` naming the bad value and the expected form.
    public func validate() throws {
        try WorkerName.validate(name)
        try WorkerLabels.validate(labels)
        guard capacityMB > 0 else {
            throw HearthError(
                code: .invalidArgument,
                message: "the capacity \(capacityMB) MB is not a positive number",
                fix: "pass --capacity-mb with the memory in MiB the worker offers to apps, e.g. --capacity-mb 4096"
            )
        }
        if let publicKey, publicKey.count != 32 {
            throw HearthError(
                code: .invalidArgument,
                message: "the worker's public key has \(publicKey.count) bytes; an X25519 public key has 32",
                fix: "remove the worker's 'fleet' folder in its data directory and join again with a new enrolment token"
            )
        }
        guard let url = URL(string: advertiseURL), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil
        else {
            throw HearthError(
                code: .invalidArgument,
                message: "the advertised URL '\(advertiseURL)' is not an http or https URL with a host",
                fix: "pass --advertise with the URL others reach this worker at, e.g. --advertise http://10.0.0.5:7071"
            )
        }
    }
}
