import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// No request may see another tenant's content: not in results, counts, sources, markdown or follow-ups.
@Suite struct IsolationTests {
    /// Words that occur only in acme's coffee space, tea space, and globex's vault.
    static let coffeeOnly = ["Brewing", "grind", "96 degrees", "Bloom", "coffee"]
    static let teaOnly = ["Steep black tea", "green tea", "Milk", "80 degrees"]
    static let vaultOnly = ["quokka", "zanzibar", "Globex", "18 degrees", "Vault"]
    /// A token, a question it asks, and words it must never see in the answer (those of spaces it may not read).
    static let askCases = [
        ("globexRead", "What temperature should the water be?", coffeeOnly + teaOnly),
        ("globexRead", "How long do I steep green tea?", coffeeOnly + teaOnly),
        ("acmeRead", "What does the quokka protocol rotate?", vaultOnly),
        ("acmeRead", "What temperature is the cooling water?", vaultOnly),
        ("coffeeOnly", "How long do I steep green tea?", teaOnly + vaultOnly),
        ("coffeeOnly", "Should I add milk before steeping?", teaOnly + vaultOnly),
    ]

    @Test(arguments: askCases)
    func askNeverRevealsOtherSpaces(token: String, question: String, forbidden: [String]) async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            for uri in ["/v1/search/ask?details=true", "/v1/search/ask?format=document"] {
                let response = try await client.execute(
                    uri: uri,
                    method: .post,
                    headers: environment.auth(token, json: true),
                    body: .text(#"{"query":"\#(question)","previousQueries":["What is brewing?","What is the quokka protocol?"]}"#)
                )
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                for word in forbidden { #expect(!body.localizedCaseInsensitiveContains(word), "\(token) saw '\(word)'") }
            }
        }
    }

    @Test(arguments: [
        ("globexRead", "water temperature coffee tea", coffeeOnly + teaOnly, ["vault"]),
        ("acmeRead", "quokka protocol cooling water", vaultOnly, ["coffee", "tea"]),
        ("coffeeOnly", "steep tea milk water", teaOnly + vaultOnly, ["coffee"]),
    ])
    func searchResultsAndCountsStayInTheTokensSpaces(token: String, query: String, forbidden: [String], allowedSpaces: [String]) async throws {
        let allowed = Set(allowedSpaces)
        let environment = try await TestEnvironment.make()
        let snapshot = try #require(try await environment.store.loadSnapshot())
        // The count a token may see: sections of its own spaces only, computed without the server.
        let expected = try SearchComposer(baseURL: "http://docs.test").search(
            query,
            retriever: AnswerEngine(snapshot: snapshot).retriever,
            spaces: allowed,
            limit: 1000
        ).count
        try await environment.application().test(.router) { client in
            let escaped = query.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!
            let response = try await client.execute(uri: "/v1/search?query=\(escaped)&limit=1000", method: .get, headers: environment.auth(token))
            let results = try response.decode(SearchResults.self)
            #expect(Set(results.items.map(\.id)).isSubset(of: allowed))
            #expect(results.count == expected)
            let body = String(buffer: response.body)
            for word in forbidden { #expect(!body.localizedCaseInsensitiveContains(word), "\(token) saw '\(word)'") }
        }
    }

    /// Each test token's organization, and a space of it the token may read.
    static let scopes = ["globexRead": ("globex", "vault"), "acmeRead": ("acme", "coffee"), "coffeeOnly": ("acme", "coffee")]

    @Test(arguments: askCases)
    func scopedAsksAndStreamedEventsNeverRevealOtherSpaces(token: String, question: String, forbidden: [String]) async throws {
        let environment = try await TestEnvironment.make()
        let (organization, space) = try #require(Self.scopes[token])
        let escaped = question.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let body = #"{"query":"\#(question)","previousQueries":["What is brewing?","What is the quokka protocol?"]}"#
        let requests: [(String, HTTPRequest.Method, String?)] = [
            ("/v1/orgs/\(organization)/ask?details=true", .post, body),
            ("/v1/orgs/\(organization)/ask/stream?query=\(escaped)", .get, nil),
            ("/v1/orgs/\(organization)/ask/stream?query=\(escaped)&format=document", .get, nil),
            ("/v1/spaces/\(space)/search/ask?details=true", .post, body),
            ("/v1/spaces/\(space)/search/ask?query=\(escaped)&format=document", .get, nil),
            ("/v1/spaces/\(space)/search/ask/stream?query=\(escaped)", .get, nil),
        ]
        try await environment.application().test(.router) { client in
            for (uri, method, body) in requests {
                let response = try await client.execute(
                    uri: uri,
                    method: method,
                    headers: environment.auth(token, json: body != nil),
                    body: body.map { .text($0) }
                )
                #expect(response.status == .ok, "\(uri)")
                let text = String(buffer: response.body)
                for word in forbidden { #expect(!text.localizedCaseInsensitiveContains(word), "\(token) saw '\(word)' in \(uri)") }
                if uri.contains("/stream") {
                    for event in try response.answerEvents() {
                        let spaces = Set(event.answer.sources.map(\.space) + event.answer.pages.map(\.space))
                        #expect(spaces.isSubset(of: uri.contains("/spaces/") ? [space] : organization == "acme" ? ["coffee", "tea"] : ["vault"]))
                    }
                }
            }
        }
    }

    @Test(arguments: [
        ("globexRead", "water temperature coffee tea", coffeeOnly + teaOnly, ["vault"]),
        ("acmeRead", "quokka protocol cooling water", vaultOnly, ["coffee", "tea"]),
        ("coffeeOnly", "steep tea milk water", teaOnly + vaultOnly, ["coffee"]),
    ])
    func organizationAndSpaceSearchesStayInTheTokensSpaces(token: String, query: String, forbidden: [String], allowedSpaces: [String]) async throws {
        let environment = try await TestEnvironment.make()
        let (organization, space) = try #require(Self.scopes[token])
        let escaped = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await environment.application().test(.router) { client in
            let all = try await client.execute(uri: "/v1/search?query=\(escaped)&limit=1000", method: .get, headers: environment.auth(token))
            let org = try await client.execute(
                uri: "/v1/orgs/\(organization)/search?query=\(escaped)&limit=1000",
                method: .get,
                headers: environment.auth(token)
            )
            let results = try org.decode(SearchResults.self)
            #expect(Set(results.items.map(\.id)).isSubset(of: Set(allowedSpaces)))
            #expect(results.count == (try all.decode(SearchResults.self)).count)
            let inSpace = try await client.execute(
                uri: "/v1/spaces/\(space)/search?query=\(escaped)&limit=1000",
                method: .get,
                headers: environment.auth(token)
            )
            #expect(inSpace.status == .ok)
            for response in [org, inSpace] {
                let text = String(buffer: response.body)
                for word in forbidden { #expect(!text.localizedCaseInsensitiveContains(word), "\(token) saw '\(word)'") }
            }
            // Another organization's search is a 404 that says nothing of it.
            let other = organization == "acme" ? "globex" : "acme"
            let foreign = try await client.execute(uri: "/v1/orgs/\(other)/search?query=\(escaped)", method: .get, headers: environment.auth(token))
            #expect(foreign.status == .notFound && foreign.errorMessage == "Organization '\(other)' not found.")
        }
    }

    @Test(arguments: [("globexRead", coffeeOnly + teaOnly), ("acmeRead", vaultOnly), ("coffeeOnly", teaOnly + vaultOnly)])
    func recommendedQuestionsComeOnlyFromTheTokensSpaces(token: String, forbidden: [String]) async throws {
        let environment = try await TestEnvironment.make()
        let (organization, space) = try #require(Self.scopes[token])
        try await environment.application().test(.router) { client in
            for uri in [
                "/v1/orgs/\(organization)/ask/questions", "/v1/orgs/\(organization)/ask/questions/stream",
                "/v1/spaces/\(space)/search/questions", "/v1/spaces/\(space)/search/questions/stream",
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: environment.auth(token))
                #expect(response.status == .ok, "\(uri)")
                let text = String(buffer: response.body)
                #expect(text.contains("?"), "\(uri) recommended nothing")
                for word in forbidden { #expect(!text.localizedCaseInsensitiveContains(word), "\(token) saw '\(word)' in \(uri)") }
            }
        }
    }

    @Test func aTokenOfAnOrganizationWithoutContentGetsNothing() async throws {
        let environment = try await TestEnvironment.make()
        let (_, secret) = try await environment.store.createToken(organizationID: "initech", role: .admin, spaces: nil, name: "empty")
        try await environment.application().test(.router) { client in
            let headers: HTTPFields = [.authorization: "Bearer \(secret)", .contentType: "application/json"]
            let search = try await client.execute(uri: "/v1/search?query=water", method: .get, headers: headers)
            #expect(try search.decode(SearchResults.self).count == 0)
            let ask = try await client.execute(uri: "/v1/search/ask", method: .post, headers: headers, body: .text(#"{"query":"water"}"#))
            let answer = try ask.decode(AskResponse.self).answer
            #expect(ask.status == .ok && answer == nil)
        }
    }
}
