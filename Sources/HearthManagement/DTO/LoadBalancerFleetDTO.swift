/// `GET /api/lb/haproxy`: the fleet a load balancer configuration is generated from, and where the
/// view comes from (see ``LoadBalancerFleetProvider/source``).
package struct LoadBalancerFleetDTO: Codable, Sendable {
    package var source: String
    package var fleet: LoadBalancerFleet

    package init(source: String, fleet: LoadBalancerFleet) {
        self.source = source
        self.fleet = fleet
    }
}
