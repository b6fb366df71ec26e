internal import CLibXML2

/// libxml2's process-wide state, set up once.
///
/// `xmlInitParser` must run once before threads use the library
/// (https://gnome.pages.gitlab.gnome.org/libxml2/devhelp/libxml2-parser.html#xmlInitParser); a
/// `static let` initializer runs exactly once, thread-safely. Nothing else process-wide is changed:
/// error reporting is configured per parser and schema context (structured handlers, and
/// `XML_PARSE_NOERROR`), so libxml2 never prints to standard error on Hearth's behalf.
enum LibXML {
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    static func ensureInitialized() {
        _ = initialized
    }

    /// A C string from libxml2 (UTF-8), or `""`.
    static func string(_ pointer: UnsafePointer<xmlChar>?) -> String {
        guard let pointer else { return "" }
        return String(cString: pointer)
    }
}
