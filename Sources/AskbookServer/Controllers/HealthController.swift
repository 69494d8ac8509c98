import HTTPTypes
import Hummingbird

/// `GET /health`: whether the index can be served, without a token: `{status, servedSpaces, unavailableSpaces,
/// reloadFailing}`, 200 when `ok` or `degraded`, 503 when `unavailable`. It gives counts only, never space ids.
struct HealthController {
    let holder: IndexHolder

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health") { _, _ in
            let health = await holder.health()
            return JSONResponse.make(health, status: health.status == .unavailable ? .serviceUnavailable : .ok)
        }
    }
}
