import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The space- and organization-scoped search and ask routes: what each covers, and the same rules as the seed routes
/// (tokens, roles, space limits, rate limits, error bodies, paging, 405).
@Suite struct ScopeRouteTests {
    // MARK: Search

    @Test func spaceSearchReturnsPagesOfThatSpaceOnly() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/spaces/tea/search?query=water%20temperature",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            #expect(response.status == .ok)
            let results = try response.decode(PageList.self)
            #expect(!results.items.isEmpty && results.count >= results.items.flatMap { $0.sections ?? [] }.count)
            for page in results.items { #expect(page.urls.app.hasPrefix("http://docs.test/s/tea/"), "\(page.urls.app)") }
            // Pages › sections: no space level.
            guard case .array(let items)? = try response.json()["items"] else { throw ScopeTestFailure("items is not a list") }
            #expect(items.allSatisfy { $0["pages"] == nil && $0["path"] != nil })
        }
    }

    @Test func spaceSearchSaysWhatWasCorrected() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/spaces/coffee/search?query=brewng%20guide",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            #expect(response.status == .ok)
            #expect(try response.json()["spelling"] != nil, "\(String(buffer: response.body).prefix(300))")
        }
    }

    @Test func spaceSearchPagesWithItsOwnCursor() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let first = try await client.execute(
                uri: "/v1/spaces/tea/search?query=tea%20steep&limit=1",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            let page1 = try first.decode(PageList.self)
            let cursor = try #require(page1.next?.page)
            let second = try await client.execute(
                uri: "/v1/spaces/tea/search?query=tea%20steep&limit=1&page=\(cursor)",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            let page2 = try second.decode(PageList.self)
            #expect(second.status == .ok && page2.count == page1.count)
            #expect(
                page2.items.first?.sections?.first?.id != page1.items.first?.sections?.first?.id || page2.items.first?.id != page1.items.first?.id
            )
            // A cursor of another scope's list is refused.
            let other = try await client.execute(
                uri: "/v1/search?query=tea%20steep&limit=1&page=\(cursor)",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            #expect(other.status == .badRequest)
        }
    }

    @Test func organizationSearchCoversTheTokensSpacesOfItsOrganization() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let all = try await client.execute(
                uri: "/v1/search?query=water%20temperature&limit=50",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            let org = try await client.execute(
                uri: "/v1/orgs/acme/search?query=water%20temperature&limit=50",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            #expect(org.status == .ok)
            let results = try org.decode(SearchResults.self)
            #expect(Set(results.items.map(\.id)) == ["coffee", "tea"])
            #expect(results == (try all.decode(SearchResults.self)))
            let limited = try await client.execute(
                uri: "/v1/orgs/acme/search?query=water%20temperature&limit=50",
                method: .get,
                headers: environment.auth("coffeeOnly")
            )
            #expect(Set(try limited.decode(SearchResults.self).items.map(\.id)) == ["coffee"])
        }
    }

    // MARK: Ask

    @Test func spaceAskAnswersFromThatSpaceOnly() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            // Both spaces talk about water temperature; the tea space answers with tea, never coffee's 96 degrees.
            for (uri, method, body) in [
                ("/v1/spaces/tea/search/ask", HTTPRequest.Method.post, #"{"query":"What temperature should the water be?"}"#),
                ("/v1/spaces/tea/search/ask?query=What%20temperature%20should%20the%20water%20be%3F", .get, nil),
            ] {
                let response = try await client.execute(
                    uri: uri,
                    method: method,
                    headers: environment.auth("acmeRead", json: body != nil),
                    body: body.map { .text($0) }
                )
                #expect(response.status == .ok, "\(method) \(uri)")
                let answer = try #require(try response.decode(AskResponse.self).answer)
                #expect(!answer.sources.isEmpty && answer.sources.allSatisfy { $0.space == "tea" })
                #expect(answer.answer.markdown?.contains("96 degrees") == false)
                #expect(answer.text?.isEmpty == false)
            }
            let coffee = try await client.execute(
                uri: "/v1/spaces/coffee/search/ask",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"query":"What temperature should the water be?"}"#)
            )
            let answer = try #require(try coffee.decode(AskResponse.self).answer)
            #expect(answer.sources.allSatisfy { $0.space == "coffee" } && answer.answer.markdown?.contains("96 degrees") == true)
        }
    }

    @Test func organizationAskAnswersLikeTheWholeScopeOfItsToken() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let body = #"{"query":"How fine should I grind the beans?"}"#
            let org = try await client.execute(
                uri: "/v1/orgs/acme/ask",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(body)
            )
            let all = try await client.execute(
                uri: "/v1/search/ask",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(body)
            )
            #expect(org.status == .ok)
            let orgAnswer = try #require(try org.decode(AskResponse.self).answer)
            #expect(orgAnswer == (try all.decode(AskResponse.self).answer))
            #expect(orgAnswer.sources.first?.space == "coffee" && orgAnswer.text?.contains("medium-fine") == true)
            let document = try await client.execute(
                uri: "/v1/orgs/acme/ask?format=document&details=true",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(body)
            )
            let json = try document.json()
            #expect(json["answer"]?["answer"]?["document"]?["object"] == .string("document"))
            #expect(json["details"]?["matches"] != nil)
        }
    }

    @Test func everyAnswerFillsTheDeprecatedTextField() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/search/ask?format=document",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"query":"What temperature should the water be?"}"#)
            )
            let answer = try #require(try response.decode(AskResponse.self).answer)
            let text = try #require(answer.text)
            #expect(text.contains("96 degrees") && !text.contains("]("))
        }
    }

    @Test func aTokenOfAnOrganizationWithoutContentGetsNoAnswerInItsOrganization() async throws {
        let environment = try await TestEnvironment.make()
        let (_, secret) = try await environment.store.createToken(organizationID: "initech", role: .read, spaces: nil, name: "empty")
        try await environment.application().test(.router) { client in
            let headers: HTTPFields = [.authorization: "Bearer \(secret)", .contentType: "application/json"]
            let search = try await client.execute(uri: "/v1/orgs/initech/search?query=water", method: .get, headers: headers)
            let results = try search.decode(SearchResults.self)
            #expect(search.status == .ok && results.count == 0)
            let ask = try await client.execute(uri: "/v1/orgs/initech/ask", method: .post, headers: headers, body: .text(#"{"query":"water"}"#))
            let answer = try ask.decode(AskResponse.self).answer
            #expect(ask.status == .ok && answer == nil)
        }
    }

    // MARK: Errors

    /// Every new route, by how it is called: (method, path before the query, query, JSON body).
    static let routes: [(HTTPRequest.Method, String, String?)] = [
        (.get, "/v1/spaces/tea/search", nil),
        (.get, "/v1/spaces/tea/search/ask", nil),
        (.post, "/v1/spaces/tea/search/ask", "tea"),
        (.get, "/v1/spaces/tea/search/ask/stream", nil),
        (.get, "/v1/orgs/acme/search", nil),
        (.post, "/v1/orgs/acme/ask", "tea"),
        (.get, "/v1/orgs/acme/ask/stream", nil),
    ]

    /// `route` asking `query` (in the query string or the body, as the route takes it).
    static func request(_ route: (HTTPRequest.Method, String, String?), query: String, extra: String = "") -> (String, ByteBuffer?) {
        let escaped = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        if route.2 != nil {
            let body = try? JSONEncoder().encode(["query": query])
            return (route.1 + (extra.isEmpty ? "" : "?\(extra)"), body.map { ByteBuffer(bytes: $0) })
        }
        return (route.1 + "?query=\(escaped)" + (extra.isEmpty ? "" : "&\(extra)"), nil)
    }

    @Test(arguments: 0..<routes.count)
    func everyNewRouteAnswersTheSameErrors(index: Int) async throws {
        let route = Self.routes[index]
        var configured = try await TestEnvironment.make()
        configured.configuration.rateLimit = 6
        let environment = configured
        try await environment.application().test(.router) { client in
            func send(_ uri: String, _ body: ByteBuffer?, token: String? = "acmeRead") async throws -> TestResponse {
                try await client.execute(uri: uri, method: route.0, headers: token.map { environment.auth($0, json: body != nil) } ?? [:], body: body)
            }
            let (uri, body) = Self.request(route, query: "How long do I steep green tea?")
            // 401 without a token, or with a revoked one.
            #expect(try await send(uri, body, token: nil).errorCode == 401)
            #expect(try await send(uri, body, token: "revoked").errorCode == 401)
            // 400 for an empty or too long query.
            for query in ["", "   ", String(repeating: "a", count: 513)] {
                let (bad, badBody) = Self.request(route, query: query)
                let response = try await send(bad, badBody)
                #expect(response.status == .badRequest && response.errorCode == 400, "\(route.0) \(route.1) '\(query.prefix(5))'")
            }
            // 404 for another organization's space or organization, and for a space the token may not read.
            let foreign = route.1.replacingOccurrences(of: "/spaces/tea", with: "/spaces/vault").replacingOccurrences(
                of: "/orgs/acme",
                with: "/orgs/globex"
            )
            let (foreignURI, foreignBody) = Self.request((route.0, foreign, route.2), query: "quokka")
            let notFound = try await send(foreignURI, foreignBody)
            #expect(notFound.status == .notFound && notFound.errorCode == 404)
            let unknown = route.1.replacingOccurrences(of: "/spaces/tea", with: "/spaces/nope").replacingOccurrences(
                of: "/orgs/acme",
                with: "/orgs/nope"
            )
            let (unknownURI, unknownBody) = Self.request((route.0, unknown, route.2), query: "tea")
            #expect(try await send(unknownURI, unknownBody).status == .notFound)
            if route.1.contains("/spaces/tea") {
                let limited = try await send(uri, body, token: "coffeeOnly")
                #expect(limited.status == .notFound && limited.errorMessage == "Space 'tea' not found.")
            }
            // 405 with Allow for another method.
            let wrong = try await client.execute(uri: route.1, method: .put, headers: environment.auth("acmeRead"))
            #expect(wrong.status == .methodNotAllowed && wrong.headers[.allow]?.contains(route.0.rawValue) == true)
            // Rate-limit headers on every answer, and 429 past the limit (6 requests: 5 counted above; 401s and 405s are answered before the limiter).
            let ok = try await send(uri, body)
            #expect(ok.status == .ok && ok.headers[.init("X-RateLimit-Remaining")!] == "0")
            let limited = try await send(uri, body)
            #expect(limited.status == .tooManyRequests && limited.errorCode == 429)
        }
    }

    @Test(arguments: ["format=xml", "details=maybe"])
    func badAskParametersAre400OnEveryAskRoute(parameter: String) async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            for route in Self.routes where route.1.contains("ask") {
                let (uri, body) = Self.request(route, query: "tea", extra: parameter)
                let response = try await client.execute(
                    uri: uri,
                    method: route.0,
                    headers: environment.auth("acmeRead", json: body != nil),
                    body: body
                )
                #expect(response.status == .badRequest && response.errorCode == 400, "\(route.1)")
            }
        }
    }

    @Test(arguments: ["limit=abc", "limit=1001", "page=garbage"])
    func badSearchParametersAre400OnEveryScope(parameter: String) async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            for path in ["/v1/spaces/tea/search", "/v1/orgs/acme/search"] {
                let response = try await client.execute(uri: "\(path)?query=tea&\(parameter)", method: .get, headers: environment.auth("acmeRead"))
                #expect(response.status == .badRequest && response.errorCode == 400, "\(path)")
            }
        }
    }

    @Test func askBodiesFollowTheSeedRules() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            for path in ["/v1/spaces/tea/search/ask", "/v1/orgs/acme/ask"] {
                var plain = environment.auth("acmeRead")
                plain[.contentType] = "text/plain"
                let unsupported = try await client.execute(uri: path, method: .post, headers: plain, body: .text(#"{"query":"tea"}"#))
                #expect(unsupported.status == .unsupportedMediaType)
                let malformed = try await client.execute(
                    uri: path,
                    method: .post,
                    headers: environment.auth("acmeRead", json: true),
                    body: .text(#"{"query":5}"#)
                )
                #expect(malformed.status == .badRequest && malformed.errorMessage == "Invalid JSON body: 'query' must be a string.")
                let tooMany = try await client.execute(
                    uri: path,
                    method: .post,
                    headers: environment.auth("acmeRead", json: true),
                    body: .text(#"{"query":"tea","previousQueries":["1","2","3","4","5","6","7","8","9","10","11"]}"#)
                )
                #expect(tooMany.status == .badRequest)
            }
        }
    }

    @Test func aDamagedSpaceIs503InItsScopeOnly() async throws {
        let environment = try await TestEnvironment.make()
        // The tea space's vectors are gone: it is left out of the snapshot.
        try environment.damage("UPDATE revision SET idf = x'00' WHERE id = (SELECT revisionId FROM space WHERE id = 'tea')")
        try await environment.application().test(.router) { client in
            let tea = try await client.execute(uri: "/v1/spaces/tea/search?query=tea", method: .get, headers: environment.auth("acmeRead"))
            #expect(tea.status == .serviceUnavailable && tea.errorCode == 503)
            let coffee = try await client.execute(uri: "/v1/spaces/coffee/search?query=grind", method: .get, headers: environment.auth("acmeRead"))
            #expect(coffee.status == .ok)
            // The coffee-only token may not read tea: its 404 does not reveal the damage.
            let limited = try await client.execute(uri: "/v1/spaces/tea/search?query=tea", method: .get, headers: environment.auth("coffeeOnly"))
            #expect(limited.status == .notFound)
        }
    }
}

/// A space search response: pages › sections.
struct PageList: Decodable {
    var next: SearchResults.Next?
    var count: Int
    var items: [SearchPageResult]
}

/// A failed precondition of a test, with what was found.
struct ScopeTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
