/// Writes ``PublishSettings`` as XML: UTF-8 declaration, `publishData` root, one
/// `publishProfile` per profile with its attributes in order and a `databases` child.
enum PublishSettingsWriter {
    static func write(_ settings: PublishSettings) -> String {
        var text = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<publishData>\n"
        for profile in settings.profiles {
            text += "  <publishProfile" + attributes(profile.attributes) + ">\n"
            if profile.databases.isEmpty {
                text += "    <databases />\n"
            } else {
                text += "    <databases>\n"
                for database in profile.databases {
                    text += "      <add" + attributes(database.attributes) + " />\n"
                }
                text += "    </databases>\n"
            }
            text += "  </publishProfile>\n"
        }
        return text + "</publishData>\n"
    }

    static func attributes(_ list: [ProfileAttribute]) -> String {
        list.map { " \($0.name)=\"\(escape($0.value))\"" }.joined()
    }

    /// Escapes an attribute value. Tabs and line breaks become character references so they survive
    /// attribute-value normalisation; characters XML 1.0 cannot carry become U+FFFD.
    static func escape(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t": result += "&#x9;"
            case "\n": result += "&#xA;"
            case "\r": result += "&#xD;"
            default:
                let v = scalar.value
                let allowed = v >= 0x20 && !(0xFFFE...0xFFFF).contains(v)
                result.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return result
    }
}
