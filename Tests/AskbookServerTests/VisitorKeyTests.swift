import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Visitor keys on a real socket: only their routes, their spaces and their origins, rate-limited per client address
/// as well as per key, every refusal in GitBook's error body.
@Suite struct VisitorKeyTests {
    static let allowed = "https://docs.acme.test"

    /// The environment with a visitor key of `coffee` that allows `allowed` (secret `visitor`), and a second one
    /// (`visitor2`, same space and origin).
    static func environment(addressLimit: Int = 300) async throws -> TestEnvironment {
        var environment = try await TestEnvironment.make()
        environment.configuration.visitorAddressRateLimit = addressLimit
        for name in ["visitor", "visitor2"] {
            let (_, secret) = try await environment.store.createToken(
                organizationID: "acme",
                role: .visitor,
                spaces: ["coffee"],
                name: name,
                allowedOrigins: [allowed]
            )
            environment.secrets[name] = secret
        }
        return environment
    }

    static func headers(_ environment: TestEnvironment, _ name: String = "visitor", origin: String? = allowed, json: Bool = false) -> HTTPFields {
        var fields = environment.auth(name, json: json)
        if let origin { fields[.origin] = origin }
        return fields
    }

    /// Sends `method uri` (with `body` as JSON when not empty) with the visitor key from the allowed origin, expects
    /// GitBook's 403 body naming the visitor key, and returns the response.
    static func refusedToTheVisitorKey(
        _ client: some TestClientProtocol,
        _ environment: TestEnvironment,
        method: HTTPRequest.Method,
        uri: String,
        body: String
    ) async throws -> TestResponse {
        let response = try await client.execute(
            uri: uri,
            method: method,
            headers: headers(environment, json: !body.isEmpty),
            body: body.isEmpty ? nil : .text(body)
        )
        #expect(response.status == .forbidden)
        #expect(response.errorCode == 403)
        #expect(response.errorMessage?.contains("visitor key") == true)
        return response
    }

    @Test func searchesAndAsksInItsSpaceFromItsOriginWithCORSHeaders() async throws {
        let environment = try await Self.environment()
        try await environment.application().test(.live) { client in
            let search = try await client.execute(uri: "/v1/spaces/coffee/search?query=grind", method: .get, headers: Self.headers(environment))
            #expect(search.status == .ok)
            #expect(search.headers[.accessControlAllowOrigin] == Self.allowed)
            #expect(search.headers[.vary]?.contains("Origin") == true)
            #expect(search.headers[.accessControlExposeHeaders]?.contains("X-Askbook-Answer-Id") == true)
            let stream = try await client.execute(
                uri: "/v1/spaces/coffee/search/ask/stream?query=How%20fine%20should%20I%20grind%20the%20beans%3F",
                method: .get,
                headers: Self.headers(environment)
            )
            #expect(stream.status == .ok)
            #expect(String(buffer: stream.body).contains("data: done"))
            let ask = try await client.execute(
                uri: "/v1/search/ask",
                method: .post,
                headers: Self.headers(environment, json: true),
                body: .text(#"{"query":"How fine should I grind the beans?"}"#)
            )
            #expect(ask.status == .ok)
            #expect(try ask.decode(AskResponse.self).answer?.sources.allSatisfy { $0.space == "coffee" } == true)
            let questions = try await client.execute(uri: "/v1/spaces/coffee/search/questions", method: .get, headers: Self.headers(environment))
            #expect(questions.status == .ok)
            // Without Origin (curl, a server) the key works as any space-limited token.
            let plain = try await client.execute(uri: "/v1/spaces/coffee/search?query=grind", method: .get, headers: environment.auth("visitor"))
            #expect(plain.status == .ok && plain.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func sendsFeedbackOnItsAnswerButCannotReadFeedback() async throws {
        let environment = try await Self.environment()
        try await environment.application().test(.live) { client in
            let stream = try await client.execute(
                uri: "/v1/spaces/coffee/search/ask/stream?query=How%20fine%20should%20I%20grind%20the%20beans%3F",
                method: .get,
                headers: Self.headers(environment)
            )
            let answerID = try #require(stream.headers[HTTPField.Name("X-Askbook-Answer-Id")!])
            let sent = try await client.execute(
                uri: "/v1/answers/\(answerID)/feedback",
                method: .put,
                headers: Self.headers(environment, json: true),
                body: .text(#"{"rating":"good"}"#)
            )
            #expect(sent.status == .ok)
            #expect(sent.headers[.accessControlAllowOrigin] == Self.allowed)
            let read = try await client.execute(uri: "/v1/answers/\(answerID)/feedback", method: .get, headers: Self.headers(environment))
            #expect(read.status == .forbidden && read.errorCode == 403)
            let insights = try await client.execute(uri: "/v1/spaces/coffee/insights/search", method: .get, headers: Self.headers(environment))
            #expect(insights.status == .forbidden && insights.errorCode == 403)
        }
    }

    @Test func aWrongOriginIsRefusedWithGitBooksErrorBody() async throws {
        let environment = try await Self.environment()
        try await environment.application().test(.live) { client in
            let refused = try await client.execute(
                uri: "/v1/spaces/coffee/search?query=grind",
                method: .get,
                headers: Self.headers(environment, origin: "https://evil.test")
            )
            #expect(refused.status == .forbidden)
            #expect(refused.errorCode == 403)
            #expect(refused.errorMessage?.contains("https://evil.test") == true)
            // An origin no key allows gets no CORS headers: the browser keeps the response from the page.
            #expect(refused.headers[.accessControlAllowOrigin] == nil)
            // A preflight from it is refused too; one from the allowed origin is answered.
            let preflight = try await client.execute(
                uri: "/v1/spaces/coffee/search?query=grind",
                method: .options,
                headers: [.origin: "https://evil.test", .accessControlRequestMethod: "GET"]
            )
            #expect(preflight.status == .forbidden && preflight.errorCode == 403)
            let allowed = try await client.execute(
                uri: "/v1/spaces/coffee/search/ask/stream",
                method: .options,
                headers: [.origin: Self.allowed, .accessControlRequestMethod: "GET", .accessControlRequestHeaders: "authorization"]
            )
            #expect(allowed.status == .noContent)
            #expect(allowed.headers[.accessControlAllowOrigin] == Self.allowed)
            #expect(allowed.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            #expect(allowed.headers[.accessControlAllowMethods]?.contains("PUT") == true)
            // A read token is not a browser key: from an allowed origin it gets CORS headers but is not refused,
            // as before visitor keys existed; from an unknown origin it gets none.
            let read = try await client.execute(
                uri: "/v1/spaces/coffee/search?query=grind",
                method: .get,
                headers: [.authorization: "Bearer \(environment.secrets["acmeRead"]!)", .origin: "https://evil.test"]
            )
            #expect(read.status == .ok && read.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test func theServersOwnPageMayUseAnyVisitorKey() async throws {
        let environment = try await Self.environment()
        try await environment.application().test(.live) { client in
            // The test client sends `Host: localhost`; a page served by this server has that origin.
            let headers = Self.headers(environment, origin: "http://localhost")
            let response = try await client.execute(uri: "/v1/spaces/coffee/search?query=grind", method: .get, headers: headers)
            #expect(response.status == .ok && response.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test(arguments: ["/v1/spaces/tea/search?query=steep", "/v1/spaces/vault/search?query=quokka", "/v1/spaces/tea/search/ask/stream?query=steep"])
    func aSpaceOutsideTheKeyIsNotFound(uri: String) async throws {
        let environment = try await Self.environment()
        try await environment.application().test(.live) { client in
            let response = try await client.execute(uri: uri, method: .get, headers: Self.headers(environment))
            #expect(response.status == .notFound)
            #expect(response.errorCode == 404)
        }
    }

    @Test func theOrganizationsSearchHoldsOnlyTheKeysSpaces() async throws {
        let environment = try await Self.environment()
        try await environment.application().test(.live) { client in
            let response = try await client.execute(uri: "/v1/orgs/acme/search?query=steep%20tea", method: .get, headers: Self.headers(environment))
            #expect(response.status == .ok)
            #expect(!String(buffer: response.body).contains("\"tea\""))
        }
    }

    @Test(arguments: [
        (HTTPRequest.Method.patch, "/v1/spaces/coffee", #"{"title":"Hacked"}"#),
        (.delete, "/v1/spaces/coffee", ""),
        (.post, "/v1/spaces/coffee/restore", ""),
    ])
    func writeRoutesAreRefusedWithGitBooksErrorBody(method: HTTPRequest.Method, uri: String, body: String) async throws {
        let environment = try await Self.environment()
        try await environment.application().test(.live) { client in
            let response = try await Self.refusedToTheVisitorKey(client, environment, method: method, uri: uri, body: body)
            // The refusal is readable by the allowed page, and nothing changed.
            #expect(response.headers[.accessControlAllowOrigin] == Self.allowed)
            let space = try await client.execute(uri: "/v1/spaces/coffee", method: .get, headers: environment.auth("acmeRead"))
            #expect(String(buffer: space.body).contains("\"title\":\"Coffee\""))
            #expect(!String(buffer: space.body).contains("deletedAt"))
        }
    }

    /// The MCP server and the llms.txt / page-markdown routes are for tokens (or `--public` spaces), not page keys.
    @Test(arguments: [
        (HTTPRequest.Method.post, "/mcp", #"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#),
        (.get, "/v1/spaces/coffee/llms.txt", ""),
        (.get, "/v1/spaces/coffee/llms-full.txt", ""),
    ])
    func theMCPServerAndLLMTextAreRefused(method: HTTPRequest.Method, uri: String, body: String) async throws {
        let environment = try await Self.environment()
        try await environment.application().test(.live) { client in
            _ = try await Self.refusedToTheVisitorKey(client, environment, method: method, uri: uri, body: body)
        }
    }

    @Test func theRateLimitCountsEachClientAddressAcrossKeys() async throws {
        let environment = try await Self.environment(addressLimit: 2)
        try await environment.application().test(.live) { client in
            for name in ["visitor", "visitor2"] {
                let response = try await client.execute(
                    uri: "/v1/spaces/coffee/search?query=grind",
                    method: .get,
                    headers: Self.headers(environment, name)
                )
                #expect(response.status == .ok)
            }
            // Another key, the same address: the address has used its two requests.
            let limited = try await client.execute(
                uri: "/v1/spaces/coffee/search?query=grind",
                method: .get,
                headers: Self.headers(environment, "visitor2")
            )
            #expect(limited.status == .tooManyRequests)
            #expect(limited.errorCode == 429)
            #expect(limited.headers[.retryAfter] != nil)
            #expect(limited.headers[.accessControlAllowOrigin] == Self.allowed)
            // A read token is not limited per address.
            let read = try await client.execute(uri: "/v1/spaces/coffee/search?query=grind", method: .get, headers: environment.auth("acmeRead"))
            #expect(read.status == .ok)
        }
    }

    @Test func keysAreCheckedWhenCreated() async throws {
        let environment = try await TestEnvironment.make()
        await #expect(throws: AskbookError.invalidVisitorKey("A visitor key must name at least one space (--space).")) {
            _ = try await environment.store.createToken(organizationID: "acme", role: .visitor, spaces: nil, name: "")
        }
        await #expect(throws: AskbookError.invalidVisitorKey("Only a visitor key (--role visitor) has allowed origins.")) {
            _ = try await environment.store.createToken(organizationID: "acme", role: .read, spaces: nil, name: "", allowedOrigins: [Self.allowed])
        }
        for origin in [
            "docs.acme.test", "https://docs.acme.test/", "https://docs.acme.test/path", "ftp://docs.acme.test", "https://user@docs.acme.test",
            "https://",
        ] {
            await #expect(throws: AskbookError.self, "\(origin)") {
                _ = try await environment.store.createToken(
                    organizationID: "acme",
                    role: .visitor,
                    spaces: ["coffee"],
                    name: "",
                    allowedOrigins: [origin]
                )
            }
        }
        let (token, _) = try await environment.store.createToken(
            organizationID: "acme",
            role: .visitor,
            spaces: ["coffee"],
            name: "",
            allowedOrigins: ["HTTPS://Docs.Acme.Test:443", "http://localhost:8000"]
        )
        #expect(token.allowedOrigins == ["http://localhost:8000", "https://docs.acme.test"])
        #expect(try await environment.store.visitorOrigins() == ["http://localhost:8000", "https://docs.acme.test"])
    }
}

/// The page and the widget: their headers, caching and security policy.
@Suite struct WebRouteTests {
    @Test func thePageHasItsPolicyAndIsRevalidatedByETag() async throws {
        var environment = try await TestEnvironment.make()
        environment.configuration.askKey = "askb_test\"<key>"
        environment.configuration.askSpaces = ["coffee"]
        try await environment.application().test(.live) { client in
            let page = try await client.execute(uri: "/ask", method: .get)
            #expect(page.status == .ok)
            #expect(page.headers[.contentType] == "text/html; charset=utf-8")
            let policy = try #require(page.headers[.contentSecurityPolicy])
            #expect(policy.contains("script-src 'self'") && policy.contains("connect-src 'self'") && !policy.contains("unsafe-inline"))
            #expect(page.headers[.cacheControl] == "no-cache")
            let html = String(buffer: page.body)
            // The configured key is escaped into its attribute, and there is no inline script.
            #expect(html.contains(#"content="askb_test&quot;&lt;key&gt;""#))
            #expect(!html.contains("<script>") && html.contains(#"<script src="/assets/ask.js?v="#))
            let etag = try #require(page.headers[.eTag])
            let again = try await client.execute(uri: "/ask", method: .get, headers: [.ifNoneMatch: etag])
            #expect(again.status == .notModified && again.body.readableBytes == 0)
            #expect(again.headers[.eTag] == etag)
            let other = try await client.execute(uri: "/ask", method: .get, headers: [.ifNoneMatch: "\"other\""])
            #expect(other.status == .ok)
        }
    }

    @Test(arguments: [("/assets/ask.js", "text/javascript"), ("/assets/ask.css", "text/css"), ("/widget.js", "text/javascript")])
    func assetsAreCachedAndRevalidated(path: String, type: String) async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.live) { client in
            let asset = try await client.execute(uri: path, method: .get)
            #expect(asset.status == .ok)
            #expect(asset.headers[.contentType]?.hasPrefix(type) == true)
            #expect(asset.headers[.xContentTypeOptions] == "nosniff")
            #expect(asset.headers[.cacheControl]?.contains("max-age=") == true)
            let etag = try #require(asset.headers[.eTag])
            let revalidated = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: "W/\(etag)"])
            #expect(revalidated.status == .notModified)
        }
    }

    @Test func thePageNamesItsAssetsByTheirHash() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.live) { client in
            let html = String(buffer: try await client.execute(uri: "/ask", method: .get).body)
            for path in ["/assets/ask.js", "/assets/ask.css"] {
                let hash = try #require(html.range(of: "\(path)?v=").map { html[$0.upperBound...].prefix { $0 != "\"" } })
                let asset = try await client.execute(uri: path, method: .get)
                #expect(asset.headers[.eTag] == "\"\(hash)\"")
            }
        }
    }
}
