import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InMemoryLogging
import Logging
import Testing

@Suite struct RouteTests {
    // MARK: Info and auth

    @Test func infoNeedsNoToken() async throws {
        let app = try await TestEnvironment.make().application()
        try await app.test(.router) { client in
            let response = try await client.execute(uri: "/v1/", method: .get)
            #expect(response.status == .ok)
            let info = try response.json()
            #expect(info["version"] == .string(AskbookVersion.version))
            #expect(info["build"] == .string(AskbookVersion.build))
        }
    }

    @Test(arguments: [nil, "Token abc", "Bearer", "Bearer not-a-token", "revoked"])
    func badTokensAre401WithJSONError(authorization: String?) async throws {
        let environment = try await TestEnvironment.make()
        var headers: HTTPFields = [:]
        if let authorization { headers[.authorization] = authorization == "revoked" ? "Bearer \(environment.secrets["revoked"]!)" : authorization }
        let requestHeaders = headers
        try await environment.application().test(.router) { client in
            let response = try await client.execute(uri: "/v1/search?query=coffee", method: .get, headers: requestHeaders)
            #expect(response.status == .unauthorized)
            #expect(response.errorCode == 401)
            #expect(response.errorMessage?.isEmpty == false)
        }
    }

    @Test func unknownRoutesAre404AndWrongMethodsAre405() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let missing = try await client.execute(uri: "/v1/nothing/here", method: .get, headers: environment.auth("acmeRead"))
            #expect(missing.status == .notFound && missing.errorCode == 404)
            let wrong = try await client.execute(uri: "/v1/search", method: .put, headers: environment.auth("acmeRead"))
            #expect(wrong.status == .methodNotAllowed && wrong.errorCode == 405)
            #expect(wrong.headers[.allow] == "GET, HEAD")
            let wrongAsk = try await client.execute(uri: "/v1/search/ask", method: .delete, headers: environment.auth("acmeRead"))
            #expect(wrongAsk.status == .methodNotAllowed && wrongAsk.headers[.allow] == "GET, HEAD, POST")
        }
    }

    /// The 405 table is read from the router: every route's path allows exactly the methods its controller registers.
    @Test(arguments: [
        ("/health", HTTPRequest.Method.post, "GET, HEAD"),
        ("/v1", .delete, "GET, HEAD"),
        ("/v1/search", .post, "GET, HEAD"),
        ("/v1/search/ask", .patch, "GET, HEAD, POST"),
        ("/v1/spaces/tea", .post, "GET, HEAD, PATCH, DELETE"),
        ("/v1/spaces/tea/restore", .get, "POST"),
    ])
    func everyRouteAnswersAnotherMethodWithItsAllowList(uri: String, method: HTTPRequest.Method, allow: String) async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(uri: uri, method: method, headers: environment.auth("acmeAdmin"))
            #expect(response.status == .methodNotAllowed && response.errorCode == 405)
            #expect(response.headers[.allow] == allow)
        }
    }

    @Test func headOnGetRoutesAnswersTheHeadersWithoutABody() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            for (uri, headers) in [("/v1/", HTTPFields()), ("/health", [:]), ("/v1/search?query=tea", environment.auth("acmeRead"))] {
                let get = try await client.execute(uri: uri, method: .get, headers: headers)
                let head = try await client.execute(uri: uri, method: .head, headers: headers)
                #expect(head.status == .ok, "\(uri)")
                #expect(head.body.readableBytes == 0)
                #expect(head.headers[.contentType] == get.headers[.contentType])
                #expect(head.headers[.contentLength] == String(get.body.readableBytes))
            }
            let missing = try await client.execute(uri: "/v1/nothing", method: .head)
            #expect(missing.status == .notFound && missing.body.readableBytes == 0)
            let unauthorized = try await client.execute(uri: "/v1/search?query=tea", method: .head)
            #expect(unauthorized.status == .unauthorized && unauthorized.body.readableBytes == 0)
        }
    }

    @Test func serverErrorsAreLoggedWithTheRequestIDAndRevealNothing() async throws {
        let environment = try await TestEnvironment.make()
        let logs = InMemoryLogHandler()
        try await environment.application(logger: Logger(label: "test") { _ in logs }).test(.router) { client in
            // A table dropped behind the server's back: reading a space fails inside the rate-limited group.
            try environment.damage("DROP TABLE space")
            let response = try await client.execute(uri: "/v1/spaces/coffee", method: .get, headers: environment.auth("acmeRead"))
            #expect(response.status == .internalServerError && response.errorCode == 500)
            #expect(response.errorMessage == "Internal server error.")
            #expect(response.headers[.init("X-RateLimit-Limit")!] != nil)
        }
        let failures = logs.entries.filter { $0.level == .error && "\($0.message)" == "Request failed" }
        #expect(failures.count == 1)
        #expect(failures.first?.metadata["hb.request.id"] != nil)
        #expect(failures.first?.metadata["error"]?.description.contains("space") == true)
    }

    // MARK: Search

    @Test func searchReturnsSpacesPagesAndSectionsWithSnippets() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(uri: "/v1/search?query=grind%20size&limit=3", method: .get, headers: environment.auth("acmeRead"))
            #expect(response.status == .ok)
            let results = try response.decode(SearchResults.self)
            #expect(results.count >= 1)
            let section = try #require(results.items.first?.pages.first?.sections?.first)
            #expect(section.id == "grind-size")
            #expect(section.urls.app == "http://docs.test/s/coffee/guides/grinding#grind-size")
            #expect(section.body.contains("medium-fine grind") && section.body.count <= 240)
            #expect(response.headers[.init("X-RateLimit-Limit")!] != nil)
        }
    }

    @Test func searchPagesWithACursorThatExpiresWithTheRevision() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let first = try await client.execute(uri: "/v1/search?query=tea%20steep&limit=1", method: .get, headers: environment.auth("acmeRead"))
            let page1 = try first.decode(SearchResults.self)
            let cursor = try #require(page1.next?.page)
            let second = try await client.execute(
                uri: "/v1/search?query=tea%20steep&limit=1&page=\(cursor)",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            #expect(second.status == .ok)
            let page2 = try second.decode(SearchResults.self)
            #expect(page2.count == page1.count)
            #expect(page2.items.first?.pages.first?.sections?.first?.id != page1.items.first?.pages.first?.sections?.first?.id)

            // A new revision of a searched space invalidates the cursor.
            _ = try await environment.importer().run(
                path: try environment.writeTea(extra: "\nMatcha is whisked, not steeped.\n"),
                spaceID: "tea",
                organizationID: "acme"
            )
            // The server swaps the new revision in within a reload interval or two; wait for it (at most 5 s).
            var stale = try await client.execute(
                uri: "/v1/search?query=tea%20steep&limit=1&page=\(cursor)",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            let deadline = ContinuousClock.now + .seconds(5)
            while stale.status == .ok, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                stale = try await client.execute(
                    uri: "/v1/search?query=tea%20steep&limit=1&page=\(cursor)",
                    method: .get,
                    headers: environment.auth("acmeRead")
                )
            }
            #expect(stale.status == .badRequest && stale.errorMessage?.contains("no longer valid") == true)
        }
    }

    @Test(arguments: [
        "/v1/search", "/v1/search?query=", "/v1/search?query=%20%20", "/v1/search?query=\(String(repeating: "a", count: 513))",
        "/v1/search?query=x&limit=abc", "/v1/search?query=x&limit=1001", "/v1/search?query=x&limit=-1", "/v1/search?query=x&page=garbage",
    ])
    func badSearchParametersAre400(uri: String) async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(uri: uri, method: .get, headers: environment.auth("acmeRead"))
            #expect(response.status == .badRequest && response.errorCode == 400)
        }
    }

    // MARK: Ask

    @Test func postAskAnswersInGitBooksShape() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/search/ask",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"query":"What temperature should the water be?"}"#)
            )
            #expect(response.status == .ok)
            let answer = try #require(try response.decode(AskResponse.self).answer)
            #expect(answer.answer.markdown?.contains("90 and 96 degrees") == true)
            #expect(answer.sources.first?.space == "coffee" && answer.sources.first?.sections.first == "temp")
            #expect(try response.json()["details"] == nil)
        }
    }

    @Test func getAskWithDocumentFormatAndDetails() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/search/ask?query=How%20long%20do%20I%20steep%20green%20tea%3F&format=document&details=true",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            #expect(response.status == .ok)
            let json = try response.json()
            let document = try #require(json["answer"]?["answer"]?["document"])
            #expect(document["object"] == .string("document"))
            #expect(json["answer"]?["answer"]?["markdown"] == nil)
            let details = try #require(json["details"])
            guard case .array(let matches)? = details["matches"] else {
                Issue.record("details.matches missing")
                return
            }
            #expect(!matches.isEmpty)
            #expect(details["timings"]?["retrieveMilliseconds"] != nil)
        }
    }

    @Test(arguments: [
        (#"{"query":"#, "application/json", HTTPResponse.Status.badRequest),
        (#"{"query": 5}"#, "application/json", .badRequest),
        (#"{"previousQueries": []}"#, "application/json", .badRequest),
        (#"{"query": "   "}"#, "application/json", .badRequest),
        (#"{"query": "tea", "previousQueries": ["1","2","3","4","5","6","7","8","9","10","11"]}"#, "application/json", .badRequest),
        (#"{"query": "tea", "previousQueries": "tea"}"#, "application/json", .badRequest),
        (#"{"query": "tea"}"#, "text/plain", .unsupportedMediaType),
        (#"query=tea"#, "application/x-www-form-urlencoded", .unsupportedMediaType),
    ])
    func badAskBodiesAreRejected(body: String, contentType: String, status: HTTPResponse.Status) async throws {
        let environment = try await TestEnvironment.make()
        var headers = environment.auth("acmeRead")
        headers[.contentType] = contentType
        let requestHeaders = headers
        try await environment.application().test(.router) { client in
            let response = try await client.execute(uri: "/v1/search/ask", method: .post, headers: requestHeaders, body: .text(body))
            #expect(response.status == status)
            #expect(response.errorCode == Int(status.code))
        }
    }

    @Test func askBodyErrorsSayWhatToSend() async throws {
        let cases = [
            (#"{"query":"tea","previousQueries":"tea"}"#, "Invalid JSON body: 'previousQueries' must be a list of strings."),
            (#"{"query":"tea","previousQueries":["tea", 5]}"#, "Invalid JSON body: 'previousQueries[1]' must be a string."),
            (#"{"query":["tea"]}"#, "Invalid JSON body: 'query' must be a string."),
            (
                #"{"query":"tea","previousQueries":["\#(String(repeating: "a", count: 513))"]}"#,
                "The 'previousQueries[0]' is longer than 512 characters (or 2048 bytes)."
            ),
        ]
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            for (body, message) in cases {
                let response = try await client.execute(
                    uri: "/v1/search/ask",
                    method: .post,
                    headers: environment.auth("acmeRead", json: true),
                    body: .text(body)
                )
                #expect(response.status == .badRequest && response.errorMessage == message)
            }
        }
    }

    @Test(arguments: ["format=xml", "details=maybe"])
    func badAskParametersAre400(parameter: String) async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(uri: "/v1/search/ask?query=tea&\(parameter)", method: .get, headers: environment.auth("acmeRead"))
            #expect(response.status == .badRequest)
        }
    }

    @Test func bodiesOverOneMebibyteAre413() async throws {
        let environment = try await TestEnvironment.make()
        let big = #"{"query": "\#(String(repeating: "tea ", count: 300_000))"}"#
        try await environment.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/search/ask",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(big)
            )
            #expect(response.status == .contentTooLarge && response.errorCode == 413)
        }
    }

    // MARK: Rate limit

    @Test func requestsPastTheRateLimitAre429WithHeaders() async throws {
        var configured = try await TestEnvironment.make()
        configured.configuration.rateLimit = 3
        let environment = configured
        try await environment.application().test(.router) { client in
            for expected in [2, 1, 0] {
                let response = try await client.execute(uri: "/v1/search?query=tea", method: .get, headers: environment.auth("acmeRead"))
                #expect(response.status == .ok)
                #expect(response.headers[.init("X-RateLimit-Limit")!] == "3")
                #expect(response.headers[.init("X-RateLimit-Remaining")!] == String(expected))
                #expect(Int(response.headers[.init("X-RateLimit-Reset")!] ?? "") ?? 0 > Int(Date().timeIntervalSince1970) - 1)
            }
            let limited = try await client.execute(uri: "/v1/search?query=tea", method: .get, headers: environment.auth("acmeRead"))
            #expect(limited.status == .tooManyRequests && limited.errorCode == 429)
            #expect(limited.headers[.init("X-RateLimit-Remaining")!] == "0")
            // The 60 s window started with the first request (a second or more ago on a loaded machine): the message
            // and Retry-After give the same remaining time (RateLimiterTests check its rounding).
            let retryAfter = try #require(limited.headers[.retryAfter].flatMap { Int($0) })
            #expect((55...60).contains(retryAfter))
            #expect(limited.errorMessage == "API rate limit exceeded. Please try again in \(retryAfter) seconds.")
            // Another token has its own budget, and errors carry the headers too.
            let other = try await client.execute(uri: "/v1/search", method: .get, headers: environment.auth("acmeEdit"))
            #expect(other.status == .badRequest && other.headers[.init("X-RateLimit-Remaining")!] == "2")
        }
    }
}
