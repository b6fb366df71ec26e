/// One XML attribute of a profile element, kept in document order (known or not).
public struct ProfileAttribute: Sendable, Hashable {
    /// The attribute's name, e.g. `publishUrl`.
    public var name: String
    /// The attribute's value, with XML escapes resolved.
    public var value: String

    /// Creates an attribute.
    /// - Parameters:
    ///   - name: The attribute's name.
    ///   - value: Its (unescaped) value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Attribute lists with lookup by name, shared by ``PublishProfile`` and ``PublishDatabase``.
protocol AttributeBearing {
    var attributes: [ProfileAttribute] { get set }
}

extension AttributeBearing {
    func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }

    mutating func setAttribute(_ name: String, _ value: String?) {
        guard let value else {
            attributes.removeAll { $0.name == name }
            return
        }
        if let index = attributes.firstIndex(where: { $0.name == name }) {
            attributes[index].value = value
        } else {
            attributes.append(ProfileAttribute(name: name, value: value))
        }
    }
}
