import Foundation
import HearthCore
import Testing

@testable import HearthStore

/// The SQL Server store's reads of many apps at once (the portal's apps list) over the TDS test
/// peer: each is one request, whatever the number of apps, with the ids as one JSON parameter
/// opened with `OPENJSON`, and its rows come back by app.
@Suite struct TDSPeerAppsListTests {
    static let ids = (0..<1000).map { _ in UUID() }
    static let day = TDSPeerValue.datetime2(ticks: 0, days: 739_995)

    static func text(_ name: String) -> TDSPeerColumn { TDSPeerColumn(name: name, type: .nvarchar(maxBytes: 8000)) }

    /// A peer that answers the three reads (each with rows of `ids[3]` and `ids[998]`) and nothing else.
    static func peer() throws -> TDSPeer {
        try TDSPeer { request in
            guard request.sql.contains("OPENJSON(@app_ids)") else { return [.done(rowCount: 0)] }
            let (a, b) = (TDSPeerValue.guid(GUIDBytes.wire(ids[3])), TDSPeerValue.guid(GUIDBytes.wire(ids[998])))
            if request.sql.contains("hearth.app_settings") {
                let columns = [
                    TDSPeerColumn(name: "app_id", type: .guid), text("name"), TDSPeerColumn(name: "value", type: .varbinary(maxBytes: 8000)),
                    TDSPeerColumn(name: "is_secret", type: .bitN), TDSPeerColumn(name: "updated_at", type: .datetime2(scale: 7)),
                ]
                return [
                    .rows(
                        columns,
                        [
                            [a, .text("A"), .binary(Array("1".utf8)), .bit(false), day],
                            [a, .text("FUNCTIONS_WORKER_RUNTIME"), .binary(Array("node".utf8)), .bit(false), day],
                            [b, .text("B"), .binary(Array("2".utf8)), .bit(false), day],
                        ]
                    )
                ]
            }
            if request.sql.contains("status_state IS NOT NULL") {
                let columns = [
                    TDSPeerColumn(name: "id", type: .guid), text("status_state"), text("status_reason"), text("status_worker_id"),
                    TDSPeerColumn(name: "status_updated_at", type: .datetime2(scale: 7)),
                ]
                return [.rows(columns, [[b, .text("failed"), .text("no host.json"), .text("w1"), day]])]
            }
            let columns = [
                TDSPeerColumn(name: "id", type: .guid), TDSPeerColumn(name: "app_id", type: .guid), text("package_sha256"),
                TDSPeerColumn(name: "package_size", type: .intN(size: 8)), text("status"), text("message"), text("author"),
                text("function_names"), text("log"), TDSPeerColumn(name: "created_at", type: .datetime2(scale: 7)),
                TDSPeerColumn(name: "completed_at", type: .datetime2(scale: 7)),
            ]
            let deployment = TDSPeerValue.guid(GUIDBytes.wire(UUID()))
            return [
                .rows(
                    columns,
                    [[deployment, a, .text("abc"), .int(10), .text("succeeded"), .null, .text("ann"), .text(#"["Hello"]"#), .text("[]"), day, .null]]
                )
            ]
        }
    }

    @Test func eachReadOfAThousandAppsIsOneRequestWithTheIdsAsJSON() async throws {
        let peer = try Self.peer()
        defer { peer.stop() }
        let store = try TDSPeerStoreRetryTests().store(peer)
        defer { store.shutdown() }
        let settings = try await store.settings(appIDs: Self.ids)
        let statuses = try await store.appStatuses(appIDs: Self.ids)
        let deployments = try await store.activeDeployments(appIDs: Self.ids)

        #expect(settings.count == 2)
        #expect(settings[Self.ids[3]]?.map(\.name) == ["A", "FUNCTIONS_WORKER_RUNTIME"])
        #expect(settings[Self.ids[3]]?.last?.value == "node")
        #expect(settings[Self.ids[998]]?.map(\.value) == ["2"])
        #expect(statuses.count == 1)
        #expect(statuses[Self.ids[998]]?.state == "failed" && statuses[Self.ids[998]]?.reason == "no host.json")
        #expect(deployments.count == 1)
        #expect(deployments[Self.ids[3]]?.author == "ann" && deployments[Self.ids[3]]?.functionNames == ["Hello"])

        let requests = peer.requests.filter { $0.sql.contains("OPENJSON") }
        #expect(requests.count == 3)
        for request in requests {
            #expect(request.parameters.count == 1, "\(request.sql)")
            guard case .text(let json)? = request.parameters.first(where: { $0.name == "@app_ids" })?.value else {
                Issue.record("no @app_ids text parameter in \(request.sql)")
                continue
            }
            #expect(json.hasPrefix("[\"") && json.contains(Self.ids[0].uuidString) && json.contains(Self.ids[999].uuidString))
        }
    }

    @Test func noAppsMakeNoRequest() async throws {
        let peer = try Self.peer()
        defer { peer.stop() }
        let store = try TDSPeerStoreRetryTests().store(peer)
        defer { store.shutdown() }
        #expect(try await store.settings(appIDs: []).isEmpty)
        #expect(try await store.appStatuses(appIDs: []).isEmpty)
        #expect(try await store.activeDeployments(appIDs: []).isEmpty)
        #expect(!peer.requests.contains { $0.sql.contains("OPENJSON") })
    }
}
