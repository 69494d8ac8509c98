import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// GitBook's insights endpoints and the unanswered-questions extension: shapes against the spec, roles, and
/// isolation between organizations and for space-limited tokens.
@Suite struct InsightsRouteTests {
    @Test func topSearchesCountRepeatsAndNeedTheEditRole() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            for query in ["green%20tea", "Green%20%20Tea", "black%20tea"] {
                _ = try await client.execute(uri: "/v1/spaces/tea/search?query=\(query)", method: .get, headers: environment.auth("acmeRead"))
            }
            _ = try await Self.ask(client, environment, "How fine should I grind the beans?")
            try await QueryLogTests.waitUntil { try await environment.store.queryLogCount() == 4 }

            let top = try await client.execute(
                uri: "/v1/spaces/tea/insights/search?period=last_week",
                method: .get,
                headers: environment.auth("acmeEdit")
            )
            #expect(top.status == .ok)
            let json = try top.json()
            // The organization-wide ask searched tea too.
            #expect(json["searches"] == .number(4))
            #expect(json["queries"]?[0]?["query"] == .string("green tea"))
            #expect(json["queries"]?[0]?["searches"] == .number(2))
            let coffee = try await client.execute(uri: "/v1/spaces/coffee/insights/search", method: .get, headers: environment.auth("acmeAdmin"))
            #expect(try coffee.json()["searches"] == .number(1))
            let searchesOnly = try await client.execute(
                uri: "/v1/orgs/acme/insights/search?kind=search",
                method: .get,
                headers: environment.auth("acmeEdit")
            )
            #expect(try searchesOnly.json()["searches"] == .number(3))

            for (uri, token, status) in [
                ("/v1/spaces/tea/insights/search", "acmeRead", HTTPResponse.Status.forbidden),
                ("/v1/spaces/tea/insights/search", "coffeeOnly", .forbidden),
                ("/v1/spaces/tea/insights/search?period=yesterday", "acmeEdit", .badRequest),
                ("/v1/spaces/tea/insights/search?limit=0", "acmeEdit", .badRequest),
                ("/v1/spaces/tea/insights/search?kind=other", "acmeEdit", .badRequest),
                ("/v1/spaces/nowhere/insights/search", "acmeEdit", .notFound),
                ("/v1/orgs/acme/insights/unanswered?period=forever", "acmeEdit", .badRequest),
                ("/v1/orgs/acme/insights/unanswered?space=vault", "acmeEdit", .notFound),
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: environment.auth(token))
                #expect(response.status == status && response.errorCode == Int(status.code), "\(uri) \(token)")
            }
        }
    }

    @Test func organizationsNeverSeeEachOthersInsights() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            _ = try await Self.ask(client, environment, "When does the quokka protocol rotate the zanzibar keys?", token: "globexRead")
            _ = try await Self.ask(client, environment, "Which zeppelin leaves at dawn?", token: "globexRead")
            _ = try await Self.ask(client, environment, "How fine should I grind the beans?")
            try await QueryLogTests.waitUntil { try await environment.store.queryLogCount() == 3 }

            let acme = try await client.execute(uri: "/v1/orgs/acme/insights/search", method: .get, headers: environment.auth("acmeAdmin"))
            #expect(try acme.json()["searches"] == .number(1))
            #expect(!String(buffer: acme.body).contains("quokka") && !String(buffer: acme.body).contains("zeppelin"))
            let acmeUnanswered = try await client.execute(
                uri: "/v1/orgs/acme/insights/unanswered",
                method: .get,
                headers: environment.auth("acmeAdmin")
            )
            #expect(!String(buffer: acmeUnanswered.body).contains("zeppelin"))
            // Another organization's routes are unknown to the token.
            for uri in ["/v1/orgs/globex/insights/search", "/v1/orgs/globex/insights/unanswered", "/v1/spaces/vault/insights/search"] {
                let response = try await client.execute(uri: uri, method: .get, headers: environment.auth("acmeAdmin"))
                #expect(response.status == .notFound, "\(uri)")
            }
            let globex = try await client.execute(uri: "/v1/orgs/globex/insights/search", method: .get, headers: environment.auth("globexAdmin"))
            #expect(try globex.json()["searches"] == .number(2))
            #expect(!String(buffer: globex.body).contains("grind"))
        }
    }

    @Test func aSpaceLimitedTokenSeesOnlyEntriesOfItsSpaces() async throws {
        let environment = try await TestEnvironment.make()
        let (_, secret) = try await environment.store.createToken(organizationID: "acme", role: .edit, spaces: ["coffee"], name: "coffee editor")
        let coffeeEditor: HTTPFields = [.authorization: "Bearer \(secret)"]
        try await environment.application().test(.router) { client in
            _ = try await client.execute(uri: "/v1/spaces/coffee/search?query=grind%20size", method: .get, headers: environment.auth("acmeRead"))
            _ = try await client.execute(uri: "/v1/spaces/tea/search?query=milk%20steeping", method: .get, headers: environment.auth("acmeRead"))
            // Organization-wide: it searched tea as well, so the coffee editor does not see it.
            _ = try await Self.ask(client, environment, "Which zeppelin leaves at dawn?")
            _ = try await client.execute(
                uri: "/v1/spaces/coffee/search/ask?query=zeppelin%20timetable",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            try await QueryLogTests.waitUntil { try await environment.store.queryLogCount() == 4 }

            let top = try await client.execute(uri: "/v1/orgs/acme/insights/search", method: .get, headers: coffeeEditor)
            let queries = try top.decode(TopSearchesBody.self).queries.map(\.query)
            #expect(Set(queries) == ["grind size", "zeppelin timetable"])
            let tea = try await client.execute(uri: "/v1/spaces/tea/insights/search", method: .get, headers: coffeeEditor)
            #expect(tea.status == .notFound)
            let unanswered = try await client.execute(uri: "/v1/orgs/acme/insights/unanswered", method: .get, headers: coffeeEditor)
            let text = String(buffer: unanswered.body)
            #expect(text.contains("zeppelin timetable") && !text.contains("dawn") && !text.contains("milk"))
            // The whole organization's editor sees both.
            let all = try await client.execute(uri: "/v1/orgs/acme/insights/unanswered", method: .get, headers: environment.auth("acmeEdit"))
            #expect(String(buffer: all.body).contains("dawn"))
        }
    }

    @Test func unansweredGroupsAbstentionsAndBadlyRatedAnswersByTopic() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            for question in ["Which zeppelin leaves at dawn?", "How much is a zeppelin ticket?", "Can I bring a dog on the zeppelin?"] {
                let response = try await Self.ask(client, environment, question, details: true)
                #expect(try response.json()["details"]?["abstained"] == .bool(true), "\(question)")
            }
            let good = try await Self.ask(client, environment, "How fine should I grind the beans?")
            let rated = try await Self.ask(client, environment, "How long should black tea steep?")
            for (response, rating) in [(good, "good"), (rated, "bad")] {
                let id = try #require(response.headers[HTTPField.Name("X-Askbook-Answer-Id")!])
                _ = try await AnswerFeedbackTests.sendFeedback(client, environment: environment, id: id, body: #"{"rating":"\#(rating)"}"#)
            }
            try await QueryLogTests.waitUntil { try await environment.store.queryLogCount() == 5 }

            let response = try await client.execute(
                uri: "/v1/orgs/acme/insights/unanswered?period=last_week",
                method: .get,
                headers: environment.auth("acmeEdit")
            )
            #expect(response.status == .ok)
            let body = try response.decode(UnansweredBody.self)
            #expect(body.period == "last_week")
            #expect(body.questions == 4)
            let zeppelin = try #require(body.topics.first)
            #expect(zeppelin.count == 3)
            #expect(zeppelin.terms.contains("zeppelin"))
            #expect(Set(zeppelin.examples).count == 3)
            #expect(body.topics.contains { $0.examples == ["How long should black tea steep?"] })
            #expect(!body.topics.contains { $0.examples.contains("How fine should I grind the beans?") })
            #expect(!(body.topics.first?.lastAsked.isEmpty ?? true))
        }
    }

    @Test(.enabled(if: GitBookSpec.isPresent, "../shared/reference/gitbook-api is absent; skipping the schema checks"))
    func topSearchesMatchTheSpecForSpacesAndSites() async throws {
        let legacy = try SchemaValidator(path: GitBookSpec.legacyPath)
        let (environment, site) = try await SiteRouteTests.fruitSite()
        let bodies = try await environment.application().test(.router) { client in
            var bodies: [(JSONValue, String)] = []
            _ = try await client.execute(
                uri: "/v1/orgs/acme/sites/fruit/search",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"query":"apples"}"#)
            )
            _ = try await client.execute(uri: "/v1/spaces/coffee/search?query=grind", method: .get, headers: environment.auth("acmeRead"))
            try await QueryLogTests.waitUntil { try await environment.store.queryLogCount() == 2 }
            for (uri, path, searches) in [
                ("/v1/spaces/coffee/insights/search?period=last_month", "/spaces/{spaceId}/insights/search", 1),
                ("/v1/orgs/acme/sites/fruit/insights/search?period=last_year", "/orgs/{organizationId}/sites/{siteId}/insights/search", 1),
                ("/v1/orgs/acme/sites/fruit/insights/search?siteSpaceIds=\(site[1].id)", "/orgs/{organizationId}/sites/{siteId}/insights/search", 0),
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: environment.auth("acmeEdit"))
                #expect(response.status == .ok, "\(uri)")
                let json = try response.json()
                bodies.append((json, path))
                #expect(json["searches"] == .number(Double(searches)), "\(uri)")
            }
            for (uri, status) in [
                ("/v1/orgs/acme/sites/fruit/insights/search?siteSpaceIds=nope", HTTPResponse.Status.badRequest),
                ("/v1/orgs/acme/sites/nope/insights/search", .notFound),
                ("/v1/orgs/globex/sites/fruit/insights/search", .notFound),
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: environment.auth("acmeEdit"))
                #expect(response.status == status, "\(uri)")
            }
            let other = try await client.execute(
                uri: "/v1/orgs/globex/sites/fruit/insights/search",
                method: .get,
                headers: environment.auth("globexAdmin")
            )
            #expect(other.status == .notFound)
            return bodies
        }
        for (json, path) in bodies {
            let schema = try #require(legacy.responseSchema(path: path, method: "get"))
            #expect(legacy.validate(json, against: schema).isEmpty, "\(path): \(legacy.validate(json, against: schema))")
        }
    }

    // MARK: Page feedback

    @Test func pageFeedbackIsCreatedThenUpdatedPerVisitor() async throws {
        let legacy = GitBookSpec.isPresent ? try SchemaValidator(path: GitBookSpec.legacyPath) : nil
        let (environment, site) = try await SiteRouteTests.fruitSite()
        let bodies = try await environment.application().test(.router) { client in
            let page = try await Self.pageID(client, environment, space: "coffee", query: "grind")
            let uri = "/v1/spaces/coffee/pages/\(page)/feedbacks/visitor-1"
            let created = try await client.execute(
                uri: uri,
                method: .put,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"rating":"bad"}"#)
            )
            #expect(created.status == .created)
            #expect(created.headers[.location] == "http://docs.test\(uri)")
            let updated = try await client.execute(
                uri: uri,
                method: .put,
                headers: environment.auth("coffeeOnly", json: true),
                body: .text(#"{"rating":"good"}"#)
            )
            #expect(updated.status == .ok)
            let read = try await client.execute(uri: uri, method: .get, headers: environment.auth("acmeRead"))
            #expect(read.status == .ok)
            let json = try read.json()
            #expect(json["rating"] == .string("good") && json["visitorId"] == .string("visitor-1") && json["object"] == .string("page-feedback"))
            let bodies = [(try created.json(), "put", "201"), (try updated.json(), "put", "200"), (json, "get", "200")]

            // The site form names the space by its site space.
            let fruitPage = try await Self.pageID(client, environment, space: site[0].spaceId, query: "apples")
            let siteURI = "/v1/orgs/acme/sites/fruit/site-spaces/\(site[0].id)/insights/pages/\(fruitPage)/feedbacks/visitor-2"
            let viaSite = try await client.execute(
                uri: siteURI,
                method: .put,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"rating":"ok"}"#)
            )
            #expect(viaSite.status == .created)
            #expect(try await environment.store.pageFeedback(spaceID: site[0].spaceId, pageID: fruitPage, visitorID: "visitor-2")?.rating == .ok)

            for (uri, token, body, status) in [
                (uri, "acmeRead", #"{"rating":"great"}"#, HTTPResponse.Status.badRequest),
                (uri, "acmeRead", #"{}"#, .badRequest),
                ("/v1/spaces/coffee/pages/no-such-page/feedbacks/visitor-1", "acmeRead", #"{"rating":"ok"}"#, .notFound),
                (uri, "globexRead", #"{"rating":"ok"}"#, .notFound),
                ("/v1/spaces/tea/pages/\(page)/feedbacks/visitor-1", "acmeRead", #"{"rating":"ok"}"#, .notFound),
                ("/v1/spaces/coffee/pages/\(page)/feedbacks/\(String(repeating: "v", count: 200))", "acmeRead", #"{"rating":"ok"}"#, .badRequest),
                ("/v1/orgs/acme/sites/fruit/site-spaces/nope/insights/pages/\(fruitPage)/feedbacks/v", "acmeRead", #"{"rating":"ok"}"#, .notFound),
                (siteURI, "globexRead", #"{"rating":"ok"}"#, .notFound),
            ] {
                let response = try await client.execute(uri: uri, method: .put, headers: environment.auth(token, json: true), body: .text(body))
                #expect(response.status == status && response.errorCode == Int(status.code), "\(uri) \(token) \(body)")
            }
            let missing = try await client.execute(
                uri: "/v1/spaces/coffee/pages/\(page)/feedbacks/nobody",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            #expect(missing.status == .notFound)
            return bodies
        }
        if let legacy {
            for (json, method, status) in bodies {
                let schema = try #require(
                    legacy.responseSchema(path: "/spaces/{spaceId}/pages/{pageId}/feedbacks/{visitorId}", method: method, status: status)
                )
                #expect(legacy.validate(json, against: schema).isEmpty, "\(legacy.validate(json, against: schema))")
            }
        }
    }

    // MARK: Site events

    @Test func eventsAreTrackedAndAggregatedAsTheSpecDescribes() async throws {
        let legacy = GitBookSpec.isPresent ? try SchemaValidator(path: GitBookSpec.legacyPath) : nil
        let (environment, site) = try await SiteRouteTests.fruitSite()
        let (events, query, json) = try await environment.application().test(.router) { client in
            func event(_ type: String, visitor: String, extra: String) -> String {
                """
                {"type":"\(type)","session":{"visitorId":"\(visitor)","sessionId":"s-\(visitor)","cookies":{},"userAgent":"test","language":"en","referrer":""},\
                "location":{"url":"https://docs.test/","siteSection":null,"siteSpace":"\(site[0].id)","siteShareKey":null,"page":null,"space":null,"revision":null}\(extra)}
                """
            }
            let events = [
                event("ask_question", visitor: "a", extra: #","query":"Where do apples grow?""#),
                event("ask_question", visitor: "b", extra: #","query":"Where do apples grow?""#),
                event("search_type_query", visitor: "a", extra: #","query":"apples""#),
                event("page_post_feedback", visitor: "a", extra: #","feedback":{"rating":"good"}"#),
            ]
            let tracked = try await client.execute(
                uri: "/v1/orgs/acme/sites/fruit/insights/events",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"events":[\#(events.joined(separator: ","))]}"#)
            )
            #expect(tracked.status == .noContent)

            let query = #"{"range":"last7Days","groupBy":[{"column":"eventType"},{"column":"eventsCount"},{"column":"visitorsCount"}]}"#
            let aggregate = try await client.execute(
                uri: "/v1/orgs/acme/sites/fruit/insights/events/aggregate",
                method: .post,
                headers: environment.auth("acmeEdit", json: true),
                body: .text(query)
            )
            #expect(aggregate.status == .ok)
            let json = try aggregate.json()
            // Most events first: ask_question twice, by two visitors.
            #expect(json["columns"]?[0]?["values"]?[0] == .string("ask_question"))
            #expect(json["columns"]?[1]?["values"]?[0] == .number(2))
            #expect(json["columns"]?[2]?["values"]?[0] == .number(2))
            #expect(json["columns"]?[1]?["values"] == .array([.number(2), .number(1), .number(1)]))

            let byQuery = try await client.execute(
                uri: "/v1/orgs/acme/sites/fruit/insights/events/aggregate",
                method: .post,
                headers: environment.auth("acmeEdit", json: true),
                body: .text(
                    #"{"range":"last24Hours","where":[{"column":"eventType","values":["ask_question"],"operator":"in"}],"groupBy":[{"column":"eventSearchQuery"},{"column":"eventsCount"}]}"#
                )
            )
            #expect(try byQuery.json()["columns"]?[0]?["values"] == .array([.string("Where do apples grow?")]))

            for (uri, token, body, status) in [
                (
                    "/v1/orgs/acme/sites/fruit/insights/events", "acmeRead",
                    #"{"events":[{"type":"teleport","session":{"visitorId":"a","sessionId":"b"}}]}"#, HTTPResponse.Status.badRequest
                ),
                (
                    "/v1/orgs/acme/sites/fruit/insights/events", "acmeRead",
                    #"{"events":[{"type":"ask_question","session":{"visitorId":"a","sessionId":"b"}}]}"#, .badRequest
                ),
                (
                    "/v1/orgs/acme/sites/fruit/insights/events", "acmeRead",
                    #"{"events":[\#(event("page_view", visitor: "a", extra: ""))]}"#.replacingOccurrences(of: site[0].id, with: "nope"), .badRequest
                ),
                (
                    "/v1/orgs/acme/sites/fruit/insights/events", "acmeRead",
                    #"{"events":[{"type":"page_view","session":{"visitorId":"a","sessionId":"b"},"timestamp":"1999-01-01T00:00:00Z"}]}"#, .badRequest
                ),
                ("/v1/orgs/acme/sites/fruit/insights/events", "globexRead", #"{"events":[]}"#, .notFound),
                ("/v1/orgs/acme/sites/fruit/insights/events/aggregate", "acmeRead", query, .forbidden),
                ("/v1/orgs/acme/sites/fruit/insights/events/aggregate", "globexAdmin", query, .notFound),
                (
                    "/v1/orgs/acme/sites/fruit/insights/events/aggregate", "acmeEdit", #"{"range":"last7Days","groupBy":[{"column":"utmSource"}]}"#,
                    .badRequest
                ),
                (
                    "/v1/orgs/acme/sites/fruit/insights/events/aggregate", "acmeEdit", #"{"range":"forever","groupBy":[{"column":"eventType"}]}"#,
                    .badRequest
                ),
                ("/v1/orgs/acme/sites/fruit/insights/events/aggregate", "acmeEdit", #"{"range":"last7Days","groupBy":[]}"#, .badRequest),
            ] {
                let response = try await client.execute(uri: uri, method: .post, headers: environment.auth(token, json: true), body: .text(body))
                #expect(response.status == status && response.errorCode == Int(status.code), "\(uri) \(token) \(body.prefix(80))")
            }
            return (events, query, json)
        }
        if let legacy {
            // What the test sent is GitBook's shape too.
            for text in events {
                let problems = legacy.validate(try JSONValue.parse(Data(text.utf8)), against: legacy.schema("SiteInsightsEvent"))
                #expect(problems.isEmpty, "\(problems)")
            }
            let request = legacy.validate(try JSONValue.parse(Data(query.utf8)), against: legacy.schema("SiteInsightsQueryEventsAggregation"))
            #expect(request.isEmpty, "\(request)")
            let schema = try #require(legacy.responseSchema(path: "/orgs/{organizationId}/sites/{siteId}/insights/events/aggregate", method: "post"))
            #expect(legacy.validate(json, against: schema).isEmpty, "\(legacy.validate(json, against: schema))")
        }
    }

    // MARK: Helpers

    struct TopSearchesBody: Decodable {
        struct Query: Decodable {
            var query: String
            var searches: Int
        }
        var searches: Int
        var queries: [Query]
    }

    struct UnansweredBody: Decodable {
        struct Topic: Decodable {
            var terms: [String]
            var count: Int
            var examples: [String]
            var lastAsked: String
        }
        var period: String
        var questions: Int
        var topics: [Topic]
    }

    @discardableResult
    static func ask(
        _ client: some TestClientProtocol,
        _ environment: TestEnvironment,
        _ question: String,
        token: String = "acmeRead",
        details: Bool = false
    ) async throws -> TestResponse {
        let body = String(decoding: try JSONEncoder().encode(["query": question]), as: UTF8.self)
        return try await client.execute(
            uri: "/v1/search/ask" + (details ? "?details=true" : ""),
            method: .post,
            headers: environment.auth(token, json: true),
            body: .text(body)
        )
    }

    /// The id of the first page a search of `space` for `query` finds.
    static func pageID(_ client: some TestClientProtocol, _ environment: TestEnvironment, space: String, query: String) async throws -> String {
        let response = try await client.execute(uri: "/v1/spaces/\(space)/search?query=\(query)", method: .get, headers: environment.auth("acmeRead"))
        guard case .string(let id)? = try response.json()["items"]?[0]?["id"] else { throw APIError(.notFound, message: "no page") }
        return id
    }
}

extension JSONValue {
    /// The element at `index` of an array.
    subscript(index: Int) -> JSONValue? {
        if case .array(let items) = self, items.indices.contains(index) { return items[index] }
        return nil
    }
}
