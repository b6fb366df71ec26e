package import Foundation

/// When a browser session ends, and when its last-seen time is worth writing.
///
/// A session ends after ``idleTimeout`` without a request, and in any case ``absoluteLifetime``
/// after sign-in. Every request moves the idle deadline, but writing `lastSeen` to the store on every
/// request would cost a write per page; ``decide(createdAt:lastSeenAt:now:)`` asks for one only when
/// the stored time is older than ``touchInterval``. The idle deadline is therefore accurate to within
/// ``touchInterval``, on the short side: a session never lives longer than ``idleTimeout`` after
/// the last request whose time was written.
///
/// ```swift
/// switch SessionPolicy().decide(createdAt: row.created, lastSeenAt: row.lastSeen, now: now) {
/// case .valid: break
/// case .touch: try await store.touchSession(idHash: hash, at: now)
/// case .expired(let reason): return signInPage(message: reason.message)
/// }
/// ```
package struct SessionPolicy: Sendable, Hashable {
    /// How long a session lasts without requests: 30 minutes by default.
    package var idleTimeout: Duration = .seconds(30 * 60)
    /// How long a session lasts after sign-in however busy: 12 hours by default.
    package var absoluteLifetime: Duration = .seconds(12 * 60 * 60)
    /// How old the stored last-seen time must be before a request writes a new one: 60 s by default.
    package var touchInterval: Duration = .seconds(60)

    /// A policy with the given limits (30 minutes, 12 hours and 60 s by default).
    package init(
        idleTimeout: Duration = .seconds(30 * 60),
        absoluteLifetime: Duration = .seconds(12 * 60 * 60),
        touchInterval: Duration = .seconds(60)
    ) {
        self.idleTimeout = idleTimeout
        self.absoluteLifetime = absoluteLifetime
        self.touchInterval = touchInterval
    }

    /// What to do with a session on a request at `now`.
    /// - Parameters:
    ///   - createdAt: When the session was made (sign-in).
    ///   - lastSeenAt: The last-seen time the store holds.
    ///   - now: The request's time.
    package func decide(createdAt: Date, lastSeenAt: Date, now: Date) -> SessionDecision {
        if now >= createdAt + Self.seconds(absoluteLifetime) {
            return .expired(.lifetime)
        }
        if now >= lastSeenAt + Self.seconds(idleTimeout) {
            return .expired(.idle)
        }
        if now < createdAt || now < lastSeenAt {
            // A clock that went backwards (another management instance wrote a later time): the
            // session is fine and the stored time stays.
            return .valid
        }
        return now >= lastSeenAt + Self.seconds(touchInterval) ? .touch : .valid
    }

    /// When a session made at `createdAt` ends at the latest, for the cookie's `Max-Age`.
    package func absoluteExpiry(createdAt: Date) -> Date {
        createdAt + Self.seconds(absoluteLifetime)
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}

/// What ``SessionPolicy/decide(createdAt:lastSeenAt:now:)`` found.
package enum SessionDecision: Sendable, Hashable {
    /// The session is valid; nothing to write.
    case valid
    /// The session is valid; write `now` as its last-seen time.
    case touch
    /// The session has ended: delete it and send the person to sign in.
    case expired(SessionExpiry)
}

/// Why a session ended.
package enum SessionExpiry: Sendable, Hashable {
    /// No request for longer than the idle timeout.
    case idle
    /// Older than the absolute lifetime.
    case lifetime

    /// The sentence the sign-in page shows.
    package var message: String {
        switch self {
        case .idle: "You were signed out after a period of inactivity; sign in again."
        case .lifetime: "Your session reached its maximum length; sign in again."
        }
    }
}
