import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Recommended questions in a space, an organization and for some pages, plain and streamed.
@Suite struct QuestionsRouteTests {
    @Test func spaceAndOrganizationQuestionsComeFromTheirScope() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let tea = try await client.execute(uri: "/v1/spaces/tea/search/questions", method: .get, headers: environment.auth("acmeRead"))
            #expect(tea.status == .ok)
            let teaQuestions = try tea.decode(Questions.self).questions
            #expect(!teaQuestions.isEmpty && teaQuestions.count <= 10)
            #expect(teaQuestions.allSatisfy { $0.hasSuffix("?") })
            let coffee = try await client.execute(uri: "/v1/spaces/coffee/search/questions", method: .get, headers: environment.auth("acmeRead"))
            let coffeeQuestions = try coffee.decode(Questions.self).questions
            #expect(Set(teaQuestions).isDisjoint(with: coffeeQuestions))
            // The organization's questions are spread over its spaces.
            let org = try await client.execute(uri: "/v1/orgs/acme/ask/questions", method: .get, headers: environment.auth("acmeRead"))
            let orgQuestions = try org.decode(Questions.self).questions
            #expect(orgQuestions.contains(where: teaQuestions.contains) && orgQuestions.contains(where: coffeeQuestions.contains))
            // A space-limited token sees only its spaces' questions.
            let limited = try await client.execute(uri: "/v1/orgs/acme/ask/questions", method: .get, headers: environment.auth("coffeeOnly"))
            let limitedQuestions = try limited.decode(Questions.self).questions
            #expect(Set(limitedQuestions).isDisjoint(with: teaQuestions) && !limitedQuestions.isEmpty)
        }
    }

    @Test(arguments: ["/v1/spaces/coffee/search/questions", "/v1/orgs/acme/ask/questions"])
    func theStreamSendsEachQuestionThenDone(path: String) async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let plain = try await client.execute(uri: path, method: .get, headers: environment.auth("acmeRead"))
            let stream = try await client.execute(uri: path + "/stream", method: .get, headers: environment.auth("acmeRead"))
            #expect(stream.status == .ok && stream.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let events = stream.events
            #expect(events.last?.data == "done")
            let streamed = try events.dropLast().map { try JSONDecoder().decode([String: String].self, from: Data($0.data.utf8))["question"] ?? "" }
            #expect(streamed == (try plain.decode(Questions.self)).questions)
        }
    }

    @Test func theDeprecatedFormTakesPageIDs() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let search = try await client.execute(
                uri: "/v1/spaces/coffee/search?query=water%20temperature&limit=1",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            let page = try #require(try search.decode(PageList.self).items.first)
            let response = try await client.execute(
                uri: "/v1/search/questions",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"documents":["\#(page.id)","no-such-page"]}"#)
            )
            #expect(response.status == .ok)
            let questions = try response.decode(Questions.self).questions
            let all = try await client.execute(uri: "/v1/spaces/coffee/search/questions", method: .get, headers: environment.auth("acmeRead"))
            #expect(Set(questions).isSubset(of: Set(try all.decode(Questions.self).questions + questions)))
            // Another tenant's token gets nothing from acme's pages.
            let foreign = try await client.execute(
                uri: "/v1/search/questions",
                method: .post,
                headers: environment.auth("globexRead", json: true),
                body: .text(#"{"documents":["\#(page.id)"]}"#)
            )
            #expect(try foreign.decode(Questions.self).questions.isEmpty)
        }
    }

    @Test func errorsAreGitBookErrorBodies() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            for body in [
                #"{}"#, #"{"documents":[]}"#, #"{"documents":"p"}"#, #"{"documents":[""]}"#,
                #"{"documents":["\#(String(repeating: "p", count: 101))"]}"#,
                #"{"documents":[\#(Array(repeating: "\"p\"", count: 51).joined(separator: ","))]}"#,
            ] {
                let response = try await client.execute(
                    uri: "/v1/search/questions",
                    method: .post,
                    headers: environment.auth("acmeRead", json: true),
                    body: .text(body)
                )
                #expect(response.status == .badRequest && response.errorCode == 400, "\(body.prefix(40))")
            }
            for (uri, token, status) in [
                ("/v1/spaces/vault/search/questions", "acmeRead", HTTPResponse.Status.notFound),
                ("/v1/spaces/tea/search/questions/stream", "coffeeOnly", .notFound),
                ("/v1/orgs/globex/ask/questions", "acmeRead", .notFound),
                ("/v1/orgs/globex/ask/questions/stream", "acmeRead", .notFound),
                ("/v1/orgs/acme/ask/questions", "revoked", .unauthorized),
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: environment.auth(token))
                #expect(response.status == status && response.errorCode == Int(status.code), "\(uri)")
            }
            let wrong = try await client.execute(uri: "/v1/search/questions", method: .get, headers: environment.auth("acmeRead"))
            #expect(wrong.status == .methodNotAllowed && wrong.headers[.allow] == "POST")
        }
    }

    @Test(.enabled(if: GitBookSpec.isPresent, "../shared/reference/gitbook-api is absent; skipping the schema checks"))
    func responsesMatchTheSpec() async throws {
        let validator = try #require(try GitBookSpec.scopedValidator())
        let legacy = try SchemaValidator(path: GitBookSpec.legacyPath)
        let environment = try await TestEnvironment.make()
        let routes = [
            ("/v1/spaces/coffee/search/questions", "/spaces/{spaceId}/search/questions"),
            ("/v1/orgs/acme/ask/questions", "/orgs/{organizationId}/ask/questions"),
        ]
        let (bodies, events, post) = try await environment.application().test(.router) { client in
            var bodies: [JSONValue] = []
            var events: [JSONValue] = []
            for (uri, _) in routes {
                bodies.append(try await client.execute(uri: uri, method: .get, headers: environment.auth("acmeRead")).json())
                let stream = try await client.execute(uri: uri + "/stream", method: .get, headers: environment.auth("acmeRead"))
                events += try stream.events.dropLast().map { try $0.json() }
            }
            let post = try await client.execute(
                uri: "/v1/search/questions",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"documents":["x"]}"#)
            )
            return (bodies, events, try post.json())
        }
        for (body, route) in zip(bodies, routes) {
            let schema = try #require(validator.responseSchema(path: route.1, method: "get") ?? legacy.responseSchema(path: route.1, method: "get"))
            let problems = validator.validate(body, against: schema)
            #expect(problems.isEmpty, "\(route.0): \(problems)")
        }
        #expect(!events.isEmpty)
        for event in events {
            let problems = legacy.validate(event, against: legacy.schema("SearchAIRecommendedQuestionStream"))
            #expect(problems.isEmpty, "\(problems)")
        }
        let schema = try #require(validator.responseSchema(path: "/search/questions", method: "post"))
        #expect(validator.validate(post, against: schema).isEmpty)
    }
}

/// GitBook's `SearchAIRecommendedQuestions`.
struct Questions: Decodable {
    var questions: [String]
}
