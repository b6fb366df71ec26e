import Hummingbird

/// `GET /api/lb/haproxy` (admin only): the fleet view `hearth lb haproxy` renders as an HAProxy
/// configuration: workers with their addresses and states, apps with their host names and the
/// workers they are placed on. Workers' addresses are not secret, but they map the fleet, so
/// only admins read them.
struct LoadBalancerRoutes {
    let provider: any LoadBalancerFleetProvider

    func register(on group: RouterGroup<ManagementRequestContext>) {
        group.get("lb/haproxy", use: fleet)
    }

    @Sendable func fleet(_ request: Request, context: ManagementRequestContext) async throws -> Response {
        try context.requirePrincipal().requireAdmin("read the fleet's load balancer view")
        return try JSONResponse.make(try await provider.describedFleet())
    }
}
