import Testing

@testable import HearthWorker

/// Which header names belong to one hop (never relayed either way): each of the list's names in any
/// ASCII case, and nothing else, whatever its length.
@Suite struct HopByHopTests {
    @Test func theListsNamesInAnyCase() {
        for name in CustomHandlerHost.hopByHop {
            let alternating = String(name.enumerated().map { $0.offset.isMultiple(of: 2) ? Character($0.element.uppercased()) : $0.element })
            for spelling in [name, name.uppercased(), alternating] {
                #expect(CustomHandlerHost.isHopByHop(spelling), "\(spelling)")
            }
        }
    }

    @Test func noOtherName() {
        let others = [
            "", "t", "e", "tf", "host", "Host", "User-Agent", "connectioN-", "connectio", "Connections", "keep-alivE2", "Content-Type",
            "content-lengt", "content-length ", " content-length", "x-connection", "trailers", "upgrade-insecure-requests", "proxy-connectio\u{E9}",
            "transfer_encoding", "Proxy-Authorizatio", "proxy-authenticated", String(repeating: "a", count: 300), "\u{0}te", "t\u{0}",
        ]
        for name in others {
            #expect(!CustomHandlerHost.isHopByHop(name), "\(name)")
        }
    }
}
