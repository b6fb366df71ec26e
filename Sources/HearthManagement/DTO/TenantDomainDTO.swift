package import Foundation
import HearthCore

/// A domain suffix granted to a tenant.
package struct TenantDomainDTO: Codable, Sendable {
    package var domain: String
    package var createdAt: Date

    init(_ domain: TenantDomain) {
        self.domain = domain.suffix
        createdAt = domain.createdAt
    }
}

/// `GET /api/tenants/{tenant}/domains`.
package struct TenantDomainListDTO: Codable, Sendable {
    package var domains: [TenantDomainDTO]
}

/// `POST /api/tenants/{tenant}/domains`: `{"domain": "apps.acme.corp"}`.
package struct TenantDomainRequest: Codable, Sendable {
    package var domain: String

    package init(domain: String) {
        self.domain = domain
    }
}
