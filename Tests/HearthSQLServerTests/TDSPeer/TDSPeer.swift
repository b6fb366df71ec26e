import Foundation
import Synchronization

/// A small TDS 7.4 server for tests. **Test fixture, not a database**: it speaks enough of the
/// protocol for FreeTDS to log in and run requests — PRELOGIN (answering ENCRYPT_NOT_SUP, so no
/// TLS), LOGIN7, SQL batches, RPC (`sp_executesql` with typed parameters), result sets of the
/// types Hearth's store uses, ERROR and INFO tokens, ATTENTION, and dropping a connection
/// mid-query — and answers each request with whatever the test's `respond` closure returns.
///
/// What it proves is Hearth's side: that the FreeTDS wrapper encodes parameters, decodes every
/// type, surfaces errors and recovers from a dropped connection. It does not execute SQL.
final class TDSPeer: Sendable {
    struct Account: Sendable {
        var user: String
        var password: String
    }

    let port: Int
    private let listener: Int32
    private let account: Account
    private let databases: Set<String>
    private let respond: @Sendable (TDSPeerRequest) -> [TDSPeerReply]
    private let state = Mutex(State())

    private struct State {
        var logins = 0
        var requests: [TDSPeerRequest] = []
        var sockets: Set<Int32> = []
        var closed = false
    }

    /// Every request the peer received, in order (login-time `set textsize` batches included).
    var requests: [TDSPeerRequest] { state.withLock { $0.requests } }
    /// Successful logins so far.
    var logins: Int { state.withLock { $0.logins } }

    /// Starts listening on 127.0.0.1 on a free port.
    init(
        account: Account = Account(user: "hearth_app", password: "Corr3ct-Horse!"),
        databases: Set<String> = ["hearth"],
        respond: @escaping @Sendable (TDSPeerRequest) -> [TDSPeerReply]
    ) throws {
        self.account = account
        self.databases = databases
        self.respond = respond
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(fd >= 0, "socket failed")
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        precondition(bound == 0 && listen(fd, 16) == 0, "bind/listen failed")
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        listener = fd
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Stops accepting and closes every connection.
    func stop() {
        let sockets = state.withLock { state in
            state.closed = true
            return state.sockets
        }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        sockets.forEach { shutdown($0, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 { return }
            let accepted = state.withLock { state -> Bool in
                guard !state.closed else { return false }
                state.sockets.insert(client)
                return true
            }
            guard accepted else {
                close(client)
                return
            }
            let thread = Thread { [self] in
                serve(client)
                state.withLock { _ = $0.sockets.remove(client) }
                close(client)
            }
            thread.start()
        }
    }

    // MARK: One connection

    private func serve(_ fd: Int32) {
        do {
            guard let prelogin = try readMessage(fd), prelogin.type == 0x12 else { return }
            try send(fd, type: 0x04, Self.preloginReply())
            guard let login = try readMessage(fd), login.type == 0x10 else { return }
            guard try handleLogin(fd, login.payload) else { return }
            while let message = try readMessage(fd) {
                switch message.type {
                case 0x01:
                    let request = try TDSPeerRPCDecoder.batch(message.payload)
                    if try !answer(fd, request) { return }
                case 0x03:
                    let request = try TDSPeerRPCDecoder.rpc(message.payload)
                    if try !answer(fd, request) { return }
                case 0x06:  // ATTENTION: acknowledge the cancel
                    var w = TDSPeerWriter()
                    TDSPeerTokens.done(&w, status: 0x0020)
                    try send(fd, type: 0x04, w.bytes)
                default:
                    return
                }
            }
        } catch {
            // A test fixture: a malformed request just ends the connection (the client sees EOF).
        }
    }

    private func handleLogin(_ fd: Int32, _ payload: [UInt8]) throws -> Bool {
        var r = TDSPeerReader(payload)
        func field(_ at: Int) throws -> String {
            r.offset = at
            let offset = Int(try r.le(UInt16.self))
            let count = Int(try r.le(UInt16.self))
            r.offset = offset
            return try r.ucs2(chars: count)
        }
        let user = try field(40)
        r.offset = 44
        let passwordOffset = Int(try r.le(UInt16.self))
        let passwordCount = Int(try r.le(UInt16.self))
        r.offset = passwordOffset
        // LOGIN7 obfuscation ([MS-TDS] 2.2.6.4): each byte had its nibbles swapped, then XOR 0xA5.
        let password = try r.take(passwordCount * 2).map { b -> UInt8 in
            let x = b ^ 0xA5
            return (x << 4) | (x >> 4)
        }
        var passwordReader = TDSPeerReader(password)
        let passwordText = try passwordReader.ucs2(chars: passwordCount)
        let database = try field(68)

        var w = TDSPeerWriter()
        guard user == account.user, passwordText == account.password else {
            TDSPeerTokens.message(&w, token: 0xAA, number: 18456, severity: 14, text: "Login failed for user '\(user)'.")
            TDSPeerTokens.done(&w, status: 0x0002)
            try send(fd, type: 0x04, w.bytes)
            return false
        }
        if !database.isEmpty, !databases.contains(database) {
            TDSPeerTokens.message(
                &w,
                token: 0xAA,
                number: 4060,
                severity: 11,
                text: "Cannot open database \"\(database)\" requested by the login. The login failed."
            )
            TDSPeerTokens.message(&w, token: 0xAA, number: 18456, severity: 14, text: "Login failed for user '\(user)'.")
            TDSPeerTokens.done(&w, status: 0x0002)
            try send(fd, type: 0x04, w.bytes)
            return false
        }
        TDSPeerTokens.envChange(&w, type: 1, new: database.isEmpty ? "master" : database, old: "master")
        TDSPeerTokens.message(&w, token: 0xAB, number: 5701, severity: 0, text: "Changed database context to '\(database)'.")
        TDSPeerTokens.collationChange(&w)
        TDSPeerTokens.envChange(&w, type: 4, new: "4096", old: "4096")
        TDSPeerTokens.loginAck(&w)
        TDSPeerTokens.done(&w, status: 0)
        try send(fd, type: 0x04, w.bytes)
        state.withLock { $0.logins += 1 }
        return true
    }

    /// Answers one request; `false` when the connection was dropped on purpose.
    private func answer(_ fd: Int32, _ request: TDSPeerRequest) throws -> Bool {
        state.withLock { $0.requests.append(request) }
        let replies = request.sql.lowercased().hasPrefix("set textsize") ? [] : respond(request)
        var w = TDSPeerWriter()
        var failed = false
        let inner: UInt8 = request.isRPC ? 0xFF : 0xFD  // DONEINPROC inside an RPC
        for reply in replies {
            switch reply {
            case .rows(let columns, let rows):
                TDSPeerTokens.columns(&w, columns)
                rows.forEach { TDSPeerTokens.row(&w, columns, $0) }
                TDSPeerTokens.done(&w, token: inner, status: 0x0011, rowCount: rows.count)
            case .done(let count):
                TDSPeerTokens.done(&w, token: inner, status: 0x0011, rowCount: count)
            case .info(let number, let message):
                TDSPeerTokens.message(&w, token: 0xAB, number: number, severity: 0, text: message)
            case .error(let number, let severity, let message):
                TDSPeerTokens.message(&w, token: 0xAA, number: number, severity: severity, text: message)
                TDSPeerTokens.done(&w, token: inner, status: 0x0003)
                failed = true
            case .drop:
                if !w.bytes.isEmpty { try send(fd, type: 0x04, w.bytes, last: false) }
                return false
            case .delay(let duration):
                Thread.sleep(forTimeInterval: Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
            }
        }
        if request.isRPC {
            w.u8(0x79)
            w.le(Int32(failed ? -6 : 0))  // RETURNSTATUS
            TDSPeerTokens.done(&w, token: 0xFE, status: failed ? 0x0002 : 0)
        } else {
            TDSPeerTokens.done(&w, status: failed ? 0x0002 : 0)
        }
        try send(fd, type: 0x04, w.bytes)
        return true
    }

    static func preloginReply() -> [UInt8] {
        // VERSION, ENCRYPTION (ENCRYPT_NOT_SUP), INSTOPT, MARS; then the terminator and the data.
        let options: [(UInt8, [UInt8])] = [(0, [15, 0, 0x07, 0xD0, 0, 0]), (1, [0x02]), (2, [0]), (4, [0])]
        var w = TDSPeerWriter()
        var offset = options.count * 5 + 1
        for (token, data) in options {
            w.u8(token)
            w.be16(UInt16(offset))
            w.be16(UInt16(data.count))
            offset += data.count
        }
        w.u8(0xFF)
        options.forEach { w.raw($0.1) }
        return w.bytes
    }

    // MARK: Packets

    private struct Message {
        var type: UInt8
        var payload: [UInt8]
    }

    private func readMessage(_ fd: Int32) throws -> Message? {
        var payload: [UInt8] = []
        var type: UInt8 = 0
        while true {
            guard let header = readExactly(fd, 8) else { return nil }
            type = header[0]
            let length = Int(header[2]) << 8 | Int(header[3])
            guard length >= 8, let body = readExactly(fd, length - 8) else { return nil }
            payload += body
            if header[1] & 0x01 != 0 { return Message(type: type, payload: payload) }
        }
    }

    private func readExactly(_ fd: Int32, _ count: Int) -> [UInt8]? {
        var buffer = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, count - got, 0) }
            if n <= 0 { return nil }
            got += n
        }
        return buffer
    }

    private struct Closed: Error {}

    private func send(_ fd: Int32, type: UInt8, _ payload: [UInt8], last: Bool = true) throws {
        let chunk = 4096 - 8
        var offset = 0
        var packetID: UInt8 = 1
        repeat {
            let n = min(chunk, payload.count - offset)
            let final = offset + n == payload.count
            var packet: [UInt8] = [type, final && last ? 0x01 : 0x00, UInt8((n + 8) >> 8), UInt8((n + 8) & 0xFF), 0, 0x33, packetID, 0]
            packet += payload[offset..<offset + n]
            var sent = 0
            while sent < packet.count {
                let w = packet.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, packet.count - sent, Int32(MSG_NOSIGNAL)) }
                if w <= 0 { throw Closed() }
                sent += w
            }
            offset += n
            packetID &+= 1
        } while offset < payload.count
    }
}
