import Foundation
import HTTPTypes
import HearthManagement
import Hummingbird
import NIOCore

/// `/static/portal.css`, `/static/portal.js` (embedded in the binary) and
/// `/static/vendor/{library}/{path…}` (Debian's packages, see ``VendorLibraries``). Served without
/// sign-in: nothing here is the portal's data.
struct StaticRoutes {
    let templates: PortalTemplates
    let vendor: VendorLibraries

    func register(on router: Router<PortalRequestContext>) {
        router.get("static/:asset", use: asset)
        router.get("static/vendor/:library/**", use: vendorFile)
    }

    @Sendable func asset(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let name = try context.parameters.require("asset")
        guard let text = templates.assets[name] else { throw ManagementError(.notFound, "no such file") }
        return Self.response(ByteBuffer(string: text), contentType: VendorLibraries.contentType(of: name))
    }

    @Sendable func vendorFile(_ request: Request, context: PortalRequestContext) async throws -> Response {
        let library = try context.parameters.require("library")
        let prefix = "/static/vendor/\(library)/"
        let path = request.uri.path
        guard path.hasPrefix(prefix),
            let relative = String(path.dropFirst(prefix.count)).removingPercentEncoding,
            let file = vendor.resolve(library: library, relativePath: relative),
            let data = FileManager.default.contents(atPath: file)
        else {
            throw ManagementError(.notFound, "no such file")
        }
        return Self.response(ByteBuffer(bytes: data), contentType: VendorLibraries.contentType(of: file))
    }

    static func response(_ body: ByteBuffer, contentType: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "public, max-age=3600"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }
}
