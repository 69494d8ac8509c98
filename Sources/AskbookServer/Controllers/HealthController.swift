import HTTPTypes
import Hummingbird

/// `GET /health`: whether the index can be served, without a token: `{status, servedSpaces, unavailableSpaces,
/// reloadFailing}`, 200 when `ok` or `degraded`, 503 when `unavailable`. It gives counts only, never space ids.
///
/// With the query log on, `insights` gives its queue's counts: `{queued, dropped, written, failed}`.
struct HealthController {
    let holder: IndexHolder
    let insightsLog: InsightsLog?

    struct Body: Encodable {
        var health: IndexHealth
        var insights: InsightsLog.Statistics?

        enum CodingKeys: String, CodingKey {
            case insights
        }

        func encode(to encoder: any Encoder) throws {
            try health.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(insights, forKey: .insights)
        }
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("health") { _, _ in
            let health = await holder.health()
            return JSONResponse.make(
                Body(health: health, insights: insightsLog?.statistics),
                status: health.status == .unavailable ? .serviceUnavailable : .ok
            )
        }
    }
}
