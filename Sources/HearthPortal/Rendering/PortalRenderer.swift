import Foundation
import HTTPTypes
import HearthCore
import HearthManagement
import Hummingbird
import Mustache
import NIOCore

/// Renders a page template inside the layout: adds what the header needs (the person, the tenant
/// switcher, the sign-out form's CSRF token) to the page's model. Every value is rendered with
/// `{{ }}`, which escapes HTML.
struct PortalRenderer: Sendable {
    let templates: PortalTemplates

    func page(
        _ template: String,
        _ model: [String: Any],
        identity: PortalIdentity?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        var model = model
        if let identity {
            model["csrf"] = identity.csrfToken
            model["user"] =
                [
                    "name": identity.displayName,
                    "role": identity.principal.role.rawValue,
                    "isAdmin": identity.principal.isAdmin,
                    "hasTenant": identity.principal.isAdmin || identity.principal.tenantID != nil,
                    "canAudit": identity.principal.isAdmin || (identity.principal.role == .owner && identity.principal.tenantID != nil),
                ] as [String: Any]
            model["tenants"] = identity.tenants.sorted { $0.name < $1.name }.map { tenant -> [String: Any] in
                ["name": tenant.name, "selected": tenant.id == identity.selectedTenant?.id]
            }
            model["canWrite"] = identity.principal.role.canWrite
            model["canReadSecrets"] = identity.principal.role.canReadSecrets
        }
        let html = templates.library.render(model, withTemplate: template) ?? ""
        var headers = HTTPFields()
        headers[.contentType] = "text/html; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
