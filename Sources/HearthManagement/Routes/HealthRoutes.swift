import Hummingbird
import Logging

/// `GET /api/health`: no token needed; says the API is up, and warns of listeners that serve plain
/// HTTP beyond this machine.
struct HealthRoutes {
    let warnings: [String]

    func register(on router: Router<ManagementRequestContext>) {
        let dto = HealthDTO(status: "ok", warnings: warnings)
        router.get("api/health") { _, _ in try JSONResponse.make(dto) }
    }
}
