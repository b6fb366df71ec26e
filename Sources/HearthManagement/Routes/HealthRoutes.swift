import Hummingbird
import Logging

/// `GET /api/health`: no token needed; says the API is up.
struct HealthRoutes {
    func register(on router: Router<ManagementRequestContext>) {
        router.get("api/health") { _, _ in try JSONResponse.make(HealthDTO(status: "ok")) }
    }
}
