/// What Hearth accepts as a new password: long enough to resist guessing, short enough that hashing
/// it cannot be used to tie up the server.
///
/// Length is counted in characters (what a person sees), the upper bound in UTF-8 bytes (what the
/// server hashes). There are no composition rules (NIST SP 800-63B §5.1.1.2 advises against them);
/// a long passphrase is the intended shape. The check runs only when a password is set; signing in
/// with an existing password never applies it, so raising the minimum locks nobody out.
///
/// ```swift
/// try PasswordPolicy().check("correct horse battery staple")
/// ```
package struct PasswordPolicy: Sendable, Hashable {
    /// The fewest characters a new password may have.
    package var minimumCharacters = 12
    /// The most UTF-8 bytes a password may have (longer ones are refused, not truncated).
    package var maximumBytes = 1024

    /// A policy with the given bounds (12 characters and 1024 bytes by default).
    package init(minimumCharacters: Int = 12, maximumBytes: Int = 1024) {
        self.minimumCharacters = minimumCharacters
        self.maximumBytes = maximumBytes
    }

    /// Throws ``PasswordProblem`` naming what is wrong with `password` and what to do instead.
    package func check(_ password: String) throws(PasswordProblem) {
        if password.utf8.count > maximumBytes {
            throw PasswordProblem("the password is longer than \(maximumBytes) bytes; choose a shorter one")
        }
        if password.count < minimumCharacters {
            throw PasswordProblem(
                "the password has \(password.count) characters but needs at least \(minimumCharacters); "
                    + "a phrase of several words is easy to remember and long enough"
            )
        }
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw PasswordProblem("the password contains a control character (such as a tab or a line break); remove it")
        }
        if password.allSatisfy({ $0 == password.first }) {
            throw PasswordProblem("the password repeats one character; choose a phrase of several words")
        }
    }
}

/// Why a new password was refused. The message names the problem and the fix, and never contains
/// the password.
package struct PasswordProblem: Error, Hashable, CustomStringConvertible {
    /// The sentence shown to the person.
    package let message: String

    package init(_ message: String) {
        self.message = message
    }

    package var description: String { message }
}
