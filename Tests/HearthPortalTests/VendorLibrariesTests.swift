import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import HearthPortal

@Suite("Portal vendor files")
struct VendorLibrariesTests {
    /// A library root with one file, a link inside the root, a link escaping it, and a secret
    /// beside the root.
    static func fixture() throws -> (VendorLibraries, URL) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("hearth-vendor-\(UUID().uuidString)")
        let root = base.appendingPathComponent("lib")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("mode"), withIntermediateDirectories: true)
        try Data("console.log(1)".utf8).write(to: root.appendingPathComponent("mode/app.js"))
        try Data("secret".utf8).write(to: base.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("inside.js").path, withDestinationPath: "mode/app.js")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("escape.js").path, withDestinationPath: "../secret.txt")
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("up").path, withDestinationPath: "..")
        return (VendorLibraries(roots: ["demo": root.path]), base)
    }

    @Test("files under the root resolve; traversal, hidden names and escaping links do not")
    func resolution() throws {
        let (vendor, base) = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: base) }
        #expect(vendor.resolve(library: "demo", relativePath: "mode/app.js") != nil)
        #expect(vendor.resolve(library: "demo", relativePath: "inside.js") != nil)
        for path in ["../secret.txt", "mode/../../secret.txt", "escape.js", "up/secret.txt", "./mode/app.js", "mode//app.js", "", "mode", ".hidden"] {
            #expect(vendor.resolve(library: "demo", relativePath: path) == nil, "\(path)")
        }
        #expect(vendor.resolve(library: "other", relativePath: "mode/app.js") == nil)
    }

    @Test("over HTTP: a vendor file is served, traversal is a 404")
    func overHTTP() async throws {
        let (vendor, base) = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: base) }
        let instance = try await PortalTestInstance()
        try await instance.test(as: nil, vendor: vendor) { client in
            let file = try await client.page("/static/vendor/demo/mode/app.js")
            #expect(file.status == .ok)
            #expect(file.body == "console.log(1)")
            #expect(file.headers[.contentType]?.hasPrefix("text/javascript") == true)
            for uri in [
                "/static/vendor/demo/escape.js", "/static/vendor/demo/up/secret.txt", "/static/vendor/demo/%2e%2e/secret.txt",
                "/static/vendor/demo/mode/%2e%2e/%2e%2e/secret.txt",
            ] {
                let response = try await client.page(uri)
                #expect(response.status == .notFound, "\(uri)")
                #expect(!response.body.contains("secret\n") && response.body != "secret", "\(uri)")
            }
        }
    }
}
