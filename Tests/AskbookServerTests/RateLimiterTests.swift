import Testing

@testable import AskbookServer

@Suite struct RateLimiterTests {
    @Test(arguments: [
        (1000.5, 1000.6, 60),  // 59.9 s left: 60, not the 61 of whole epoch seconds
        (1000.5, 1059.4, 2),
        (1000.5, 1060.0, 1),  // half a second left still says 1
        (1000.0, 1059.999, 1),
    ])
    func aRefusedRequestIsToldTheRealRemainingTime(start: Double, now: Double, retryAfter: Int) async {
        let limiter = RateLimiter(limit: 1, window: .seconds(60))
        #expect(await limiter.take(key: "token", now: start).allowed)
        let refused = await limiter.take(key: "token", now: now)
        #expect(!refused.allowed)
        #expect(refused.retryAfterSeconds == retryAfter)
    }
}
