import Foundation
import HearthCore

/// A domain suffix granted to a tenant.
struct TenantDomainDTO: Codable, Sendable {
    var domain: String
    var createdAt: Date

    init(_ domain: TenantDomain) {
        self.domain = domain.suffix
        createdAt = domain.createdAt
    }
}

/// `GET /api/tenants/{tenant}/domains`.
struct TenantDomainListDTO: Codable, Sendable {
    var domains: [TenantDomainDTO]
}

/// `POST /api/tenants/{tenant}/domains`: `{"domain": "apps.acme.corp"}`.
struct TenantDomainRequest: Codable, Sendable {
    var domain: String
}
