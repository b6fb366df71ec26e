/// Why a deployment package was refused. The message names the offending entry and the fix.
public struct PackageArchiveError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Wrapped: Hashable, Sendable {
            case notAZip, unsafePath, symlink, duplicate, tooManyFiles, tooLarge, suspiciousRatio, falseSize, unreadable
        }
        private var wrapped: Wrapped
        private init(_ wrapped: Wrapped) { self.wrapped = wrapped }
        public static let notAZip = Code(.notAZip)
        /// Absolute path, `..` segment, drive letter: the entry would land outside the app folder (zip slip).
        public static let unsafePath = Code(.unsafePath)
        public static let symlink = Code(.symlink)
        public static let duplicate = Code(.duplicate)
        public static let tooManyFiles = Code(.tooManyFiles)
        /// The unpacked content is larger than the limit.
        public static let tooLarge = Code(.tooLarge)
        /// Unpacked ÷ packed size is beyond the limit: a zip bomb.
        public static let suspiciousRatio = Code(.suspiciousRatio)
        /// An entry inflates to other than the size its headers declare: a zip bomb or a damaged zip.
        public static let falseSize = Code(.falseSize)
        public static let unreadable = Code(.unreadable)
        public var description: String { String(describing: wrapped) }
    }

    public var code: Code
    public var message: String
    /// The entry's path in the zip, when one entry is at fault.
    public var entry: String?

    public init(_ code: Code, _ message: String, entry: String? = nil) {
        self.code = code
        self.message = message
        self.entry = entry
    }

    public var description: String { message }
}
