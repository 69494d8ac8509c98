import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// A site's search and streamed ask (`/v1/orgs/{organizationId}/sites/{siteId}/…`): GitBook's site scopes, the token's
/// spaces, and the same errors as every route.
@Suite struct SiteRouteTests {
    @Test func theSiteAndItsSiteSpacesAreImportedWithStableIDs() async throws {
        let (environment, site) = try await Self.fruitSite()
        #expect(try await environment.store.site(id: "fruit")?.title == "Fruit site")
        #expect(site.map(\.spaceId) == ["fruit-en", "fruit-old", "fruit-ref"])
        #expect(site.map(\.isDefault) == [true, false, true])
        #expect(site.map(\.section) == ["Guides", "Guides", nil])
        // A re-import keeps the ids.
        try await environment.importer().run(
            path: environment.directory.appendingPathComponent("fruit").path,
            spaceID: "fruit",
            organizationID: "acme"
        )
        #expect(try await environment.store.siteSpaces(siteID: "fruit").map(\.id) == site.map(\.id))
        // Another organization cannot take the site's id.
        await #expect(throws: AskbookError.self) {
            try await environment.importer().run(
                path: environment.directory.appendingPathComponent("fruit").path,
                spaceID: "fruit",
                organizationID: "globex"
            )
        }
    }

    @Test func scopesChooseTheSiteSpaces() async throws {
        let (environment, site) = try await Self.fruitSite()
        let old = site[1].id
        let cases: [(String, Set<String>)] = [
            (#"{"query":"pears ripen apples plums","scope":{"mode":"default"}}"#, ["fruit-en", "fruit-ref"]),
            (#"{"query":"pears ripen apples plums"}"#, ["fruit-en", "fruit-ref"]),
            (#"{"query":"pears ripen apples plums","scope":{"mode":"all"}}"#, ["fruit-en", "fruit-old", "fruit-ref"]),
            (#"{"query":"pears ripen apples plums","scope":{"mode":"specific","siteSpaceIds":["\#(old)"]}}"#, ["fruit-old"]),
            (
                #"{"query":"pears ripen apples plums","scope":{"mode":"default","includedSiteSpaces":["\#(old)"]}}"#,
                ["fruit-en", "fruit-old", "fruit-ref"]
            ),
            (#"{"query":"pears ripen apples plums","mode":"specific","siteSpaceIds":["\#(old)"]}"#, ["fruit-old"]),
        ]
        try await environment.application().test(.router) { client in
            for (body, expected) in cases {
                let response = try await client.execute(
                    uri: "/v1/orgs/acme/sites/fruit/search",
                    method: .post,
                    headers: environment.auth("acmeRead", json: true),
                    body: .text(body)
                )
                #expect(response.status == .ok, "\(body)")
                #expect(Set(try response.decode(SearchResults.self).items.map(\.id)) == expected, "\(body)")
            }
            // A token limited to one space sees only it, whatever the scope.
            let (_, secret) = try await environment.store.createToken(organizationID: "acme", role: .read, spaces: ["fruit-en"], name: "en")
            let limited = try await client.execute(
                uri: "/v1/orgs/acme/sites/fruit/search",
                method: .post,
                headers: [.authorization: "Bearer \(secret)", .contentType: "application/json"],
                body: .text(#"{"query":"pears ripen apples plums","scope":{"mode":"all"}}"#)
            )
            #expect(Set(try limited.decode(SearchResults.self).items.map(\.id)) == ["fruit-en"])
            // A site space it may not read is as unknown to it as a made-up id: its existence cannot be probed.
            var answers: [String] = []
            for id in [old, "made-up"] {
                let response = try await client.execute(
                    uri: "/v1/orgs/acme/sites/fruit/search",
                    method: .post,
                    headers: [.authorization: "Bearer \(secret)", .contentType: "application/json"],
                    body: .text(#"{"query":"pears","scope":{"mode":"specific","siteSpaceIds":["\#(id)"]}}"#)
                )
                #expect(response.status == .badRequest)
                answers.append((response.errorMessage ?? "").replacingOccurrences(of: id, with: "ID"))
            }
            #expect(answers[0] == answers[1])
        }
    }

    @Test func theSiteAskStreamsAsGitBooksQuickstartReadsIt() async throws {
        let (environment, site) = try await Self.fruitSite()
        try await environment.application().test(.router) { client in
            let response = try await Self.askWhereApplesGrow(client, environment: environment, site: site)
            #expect(response.status == .ok && response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            #expect(response.events.last?.data == "done")
            // The quickstart keeps the last data line before done: the whole answer.
            let final = try #require(try response.answerEvents().last?.answer)
            #expect(final.answer.markdown?.contains("orchards") == true && final.sources.allSatisfy { $0.space == "fruit-en" })
            #expect(final.text?.contains("orchards") == true)
            // Not in the default scope: the old space's pears.
            let pears = try await client.execute(
                uri: "/v1/orgs/acme/sites/fruit/ask",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"question":"When do pears ripen?","scope":{"mode":"default"}}"#)
            )
            #expect(!String(buffer: pears.body).contains("fruit-old"))
        }
    }

    @Test func aLimitedTokensStreamedEventsNameOnlyItsSpaces() async throws {
        let (environment, _) = try await Self.fruitSite()
        let (_, secret) = try await environment.store.createToken(organizationID: "acme", role: .read, spaces: ["fruit-en"], name: "en")
        try await environment.application().test(.router) { client in
            for question in ["When do pears ripen?", "What are plums dried into?", "What temperature should the water be?"] {
                let response = try await client.execute(
                    uri: "/v1/orgs/acme/sites/fruit/ask?format=document",
                    method: .post,
                    headers: [.authorization: "Bearer \(secret)", .contentType: "application/json"],
                    body: .text(#"{"question":"\#(question)","scope":{"mode":"all"}}"#)
                )
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                for word in ["fruit-old", "fruit-ref", "Pears", "prunes", "coffee", "96 degrees", "quokka"] {
                    #expect(!text.localizedCaseInsensitiveContains(word), "saw '\(word)' for '\(question)'")
                }
            }
        }
    }

    @Test func errorsAreGitBookErrorBodies() async throws {
        let (environment, _) = try await Self.fruitSite()
        let long = String(repeating: "a", count: 513)
        let cases: [(String, String, String, HTTPResponse.Status)] = [
            ("/v1/orgs/acme/sites/fruit/ask", "acmeRead", #"{"question":"x"}"#, .badRequest),
            ("/v1/orgs/acme/sites/fruit/ask", "acmeRead", #"{"question":"","scope":{"mode":"default"}}"#, .badRequest),
            ("/v1/orgs/acme/sites/fruit/ask", "acmeRead", #"{"question":"\#(long)","scope":{"mode":"default"}}"#, .badRequest),
            ("/v1/orgs/acme/sites/fruit/ask", "acmeRead", #"{"question":"x","scope":{"mode":"deep"}}"#, .badRequest),
            ("/v1/orgs/acme/sites/fruit/ask", "acmeRead", #"{"question":"x","scope":{"mode":"specific"}}"#, .badRequest),
            ("/v1/orgs/acme/sites/fruit/search", "acmeRead", #"{"query":"x","scope":{"mode":"specific","siteSpaceIds":["nope"]}}"#, .badRequest),
            ("/v1/orgs/acme/sites/fruit/search?limit=5000", "acmeRead", #"{"query":"x"}"#, .badRequest),
            ("/v1/orgs/acme/sites/fruit/search", "acmeRead", #"{"scope":{"mode":"all"}}"#, .badRequest),
            ("/v1/orgs/acme/sites/nope/search", "acmeRead", #"{"query":"x"}"#, .notFound),
            ("/v1/orgs/globex/sites/fruit/search", "globexRead", #"{"query":"x"}"#, .notFound),
            ("/v1/orgs/acme/sites/fruit/ask", "globexRead", #"{"question":"x","scope":{"mode":"all"}}"#, .notFound),
            ("/v1/orgs/acme/sites/fruit/ask", "revoked", #"{"question":"x","scope":{"mode":"all"}}"#, .unauthorized),
        ]
        let bodies = try await environment.application().test(.router) { client in
            var bodies: [JSONValue] = []
            for (uri, token, body, status) in cases {
                let response = try await client.execute(uri: uri, method: .post, headers: environment.auth(token, json: true), body: .text(body))
                #expect(response.status == status && response.errorCode == Int(status.code), "\(uri) \(body.prefix(60))")
                bodies.append(try response.json())
            }
            let wrong = try await client.execute(uri: "/v1/orgs/acme/sites/fruit/ask", method: .get, headers: environment.auth("acmeRead"))
            #expect(wrong.status == .methodNotAllowed && wrong.headers[.allow] == "POST")
            return bodies
        }
        if let validator = try GitBookSpec.scopedValidator() {
            for body in bodies { #expect(validator.validate(body, against: validator.schema("Error")).isEmpty) }
        }
    }

    @Test(.enabled(if: GitBookSpec.isPresent)) func responsesAndEventsMatchTheSpec() async throws {
        let (environment, _) = try await Self.fruitSite()
        let (search, events) = try await environment.application().test(.router) { client in
            let search = try await client.execute(
                uri: "/v1/orgs/acme/sites/fruit/search?limit=1",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"query":"apples plums","scope":{"mode":"all"}}"#)
            )
            var events: [JSONValue] = []
            for format in ["markdown", "document"] {
                let ask = try await client.execute(
                    uri: "/v1/orgs/acme/sites/fruit/ask?format=\(format)",
                    method: .post,
                    headers: environment.auth("acmeRead", json: true),
                    body: .text(#"{"question":"Where do apples grow?","scope":{"mode":"default"}}"#)
                )
                events += try ask.events.dropLast().map { try $0.json() }
            }
            return (try search.json(), events)
        }
        let legacy = try SchemaValidator(path: GitBookSpec.legacyPath)
        let searchSchema = try #require(legacy.responseSchema(path: "/orgs/{organizationId}/sites/{siteId}/search", method: "post"))
        #expect(legacy.validate(search, against: searchSchema).isEmpty)
        let validator = try #require(try GitBookSpec.scopedValidator())
        let eventSchema = try #require(
            validator.responseSchema(path: "/orgs/{organizationId}/sites/{siteId}/ask", method: "post", contentType: "text/event-stream")
        )
        #expect(events.count >= 2)
        for event in events { #expect(validator.validate(event, against: eventSchema).isEmpty) }
    }

    // MARK: Helpers

    /// The test environment with a site `fruit` in acme: section "Guides" with `fruit-en` (default) and `fruit-old`,
    /// and `fruit-ref` outside any section; and the site's spaces.
    /// The quickstart's site ask, "Where do apples grow?", from the first space of the fruit site, with a read token.
    static func askWhereApplesGrow(
        _ client: some TestClientProtocol,
        environment: TestEnvironment,
        site: [SiteSpaceRecord]
    ) async throws -> TestResponse {
        try await client.execute(
            uri: "/v1/orgs/acme/sites/fruit/ask",
            method: .post,
            headers: environment.auth("acmeRead", json: true),
            body: .text(#"{"question":"Where do apples grow?","context":{"siteSpaceId":"\#(site[0].id)"},"scope":{"mode":"default"}}"#)
        )
    }

    static func fruitSite() async throws -> (TestEnvironment, [SiteSpaceRecord]) {
        let environment = try await TestEnvironment.make()
        let folder = environment.directory.appendingPathComponent("fruit")
        let files = [
            "docs.yaml": """
            site:
              title: Fruit site
              structure:
                - type: section
                  title: Guides
                  children:
                    - type: space
                      title: English
                      default: true
                      content:
                        directory: ./en
                    - type: space
                      title: Old
                      content:
                        directory: ./old
                - type: space
                  title: Reference
                  content:
                    directory: ./ref
            """,
            "en/README.md": "# Apples\n\nApples grow on trees in orchards.\n",
            "old/README.md": "# Pears\n\nPears ripen after picking.\n",
            "ref/README.md": "# Plums\n\nPlums are dried into prunes.\n",
        ]
        for (path, text) in files {
            let url = folder.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try await environment.importer().run(path: folder.path, spaceID: "fruit", organizationID: "acme")
        return (environment, try await environment.store.siteSpaces(siteID: "fruit"))
    }
}
