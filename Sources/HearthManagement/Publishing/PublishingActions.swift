import Foundation
import HTTPTypes
package import HearthCore
import HearthProfiles
package import HearthStore
package import Hummingbird
import NIOCore

/// What the API's publishing routes and the portal both do with an app's publishing credentials:
/// build the `.PublishSettings` download and reset the password. The callers check the role first.
package struct PublishingActions {
    let store: any ManagementStore
    let configuration: ManagementConfiguration

    package init(store: any ManagementStore, configuration: ManagementConfiguration) {
        self.store = store
        self.configuration = configuration
    }

    /// The `.PublishSettings` file as an attachment (issuing credentials on first use). Only for
    /// callers who may read secrets: it holds the publishing password.
    package func profileResponse(app: AppRecord, request: Request) async throws -> Response {
        let credentials = try await PublishingCredentialsIssuer(store: store).ensure(for: app)
        let configuration = try await configuration.applyingInstanceSettings(from: store)
        let endpoint = KuduEndpoint(configuration: configuration)
        let settings = PublishProfileBuilder(configuration: configuration)
            .settings(app: app, credentials: credentials, scmURL: endpoint.publicURL(app: app.name, request: request))
        let xml = Data(settings.xml().utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/xml; charset=utf-8"
        headers[.contentLength] = String(xml.count)
        headers[.contentDisposition] = #"attachment; filename="\#(app.name).PublishSettings""#
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: xml)))
    }

    /// A new publishing password; the old one stops working at once.
    package func resetCredentials(app: AppRecord) async throws {
        _ = try await PublishingCredentialsIssuer(store: store).reset(for: app)
    }
}
