package import HearthCore

extension [AppSetting] {
    /// The settings as the function app loader sees them (name → value; of a name twice, the last).
    package var valuesByName: [String: String] {
        Dictionary(map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }
}
