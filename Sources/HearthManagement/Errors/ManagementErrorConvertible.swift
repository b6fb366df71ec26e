/// An error that knows how the management API reports it.
///
/// The error middleware turns every thrown error into a ``ManagementError`` through this protocol;
/// anything that does not conform is logged and answered with 500.
protocol ManagementErrorConvertible: Error {
    /// The error as the API caller sees it.
    var managementError: ManagementError { get }
}

extension ManagementError: ManagementErrorConvertible {
    var managementError: ManagementError { self }
}
