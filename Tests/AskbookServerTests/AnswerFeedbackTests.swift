import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Answer ids on every ask, and `PUT /v1/answers/{answerId}/feedback`.
@Suite struct AnswerFeedbackTests {
    static let question = "How%20fine%20should%20I%20grind%20the%20beans%3F"

    /// Every ask form: the deprecated GET, POST, space, organization, and the streams; `details.answerId` where there
    /// are details.
    @Test(
        arguments: [
            ("GET", "/v1/search/ask?query=\(question)&details=true", nil),
            ("POST", "/v1/search/ask?details=true", #"{"query":"How fine should I grind the beans?"}"#),
            ("POST", "/v1/search/ask", #"{"query":"How fine should I grind the beans?"}"#),
            ("GET", "/v1/spaces/coffee/search/ask?query=\(question)&details=true", nil),
            ("POST", "/v1/spaces/coffee/search/ask?details=true", #"{"query":"How fine should I grind the beans?"}"#),
            ("POST", "/v1/orgs/acme/ask?details=true", #"{"query":"How fine should I grind the beans?"}"#),
            ("GET", "/v1/spaces/coffee/search/ask/stream?query=\(question)", nil),
            ("GET", "/v1/orgs/acme/ask/stream?query=\(question)", nil),
        ] as [(String, String, String?)]
    )
    func everyAskCarriesAnAnswerIDThatFeedbackAccepts(method: String, uri: String, body: String?) async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(
                uri: uri,
                method: method == "GET" ? .get : .post,
                headers: environment.auth("acmeRead", json: body != nil),
                body: body.map { .text($0) }
            )
            #expect(response.status == .ok)
            let id = try #require(response.headers[HTTPField.Name("X-Askbook-Answer-Id")!])
            #expect(id.hasPrefix("ans_"))
            if uri.contains("details=true") {
                #expect(try response.json()["details"]?["answerId"] == .string(id))
            }
            let feedback = try await client.execute(
                uri: "/v1/answers/\(id)/feedback",
                method: .put,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"rating":"good"}"#)
            )
            #expect(feedback.status == .ok)
            #expect(try feedback.json()["answerId"] == .string(id))
        }
    }

    @Test func aSiteAskCarriesAnAnswerIDInItsStreamHead() async throws {
        let (environment, site) = try await SiteRouteTests.fruitSite()
        try await environment.application().test(.router) { client in
            let response = try await SiteRouteTests.askWhereApplesGrow(client, environment: environment, site: site)
            #expect(response.status == .ok)
            #expect(response.headers[HTTPField.Name("X-Askbook-Answer-Id")!]?.hasPrefix("ans_") == true)
        }
    }

    @Test func feedbackIsStoredReplacedAndReturned() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let id = try await Self.answerID(client, environment: environment, token: "acmeRead")
            let first = try await Self.sendFeedback(client, environment: environment, id: id, body: #"{"rating":"bad","comment":"  Too vague.  "}"#)
            #expect(first.status == .ok)
            let json = try first.json()
            #expect(json["answerId"] == .string(id))
            #expect(json["rating"] == .string("bad"))
            #expect(json["comment"] == .string("Too vague."))
            guard case .string(let updatedAt)? = json["updatedAt"] else {
                Issue.record("updatedAt is not a string: \(json)")
                return
            }
            #expect((try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(updatedAt)) != nil)

            // Sent again by another token of the organization: replaced.
            let second = try await Self.sendFeedback(client, environment: environment, id: id, body: #"{"rating":"ok"}"#, token: "acmeEdit")
            #expect(second.status == .ok)
            #expect(try second.json()["rating"] == .string("ok"))
            #expect(try second.json()["comment"] == nil)
            let stored = try await environment.store.answerFeedback(organizationID: "acme", answerID: id)
            #expect(stored?.rating == .ok && stored?.comment == nil)

            let read = try await client.execute(uri: "/v1/answers/\(id)/feedback", method: .get, headers: environment.auth("coffeeOnly"))
            #expect(read.status == .ok)
            #expect(try read.json()["rating"] == .string("ok"))
        }
    }

    @Test func unknownForgedAndOtherOrganizationsAnswersAre404() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let acmeID = try await Self.answerID(client, environment: environment, token: "acmeRead")
            var forged = acmeID
            forged.removeLast()
            forged.append(acmeID.hasSuffix("0") ? "1" : "0")
            for id in [forged, "ans_unknown", String(repeating: "x", count: 5000), "ans_%E2%9C%93"] {
                let response = try await Self.sendFeedback(client, environment: environment, id: id, body: #"{"rating":"good"}"#)
                #expect(response.status == .notFound && response.errorCode == 404, "\(id.prefix(40))")
            }
            // Another organization can neither rate acme's answer nor read its feedback.
            _ = try await Self.sendFeedback(client, environment: environment, id: acmeID, body: #"{"rating":"bad","comment":"secret"}"#)
            let rated = try await Self.sendFeedback(client, environment: environment, id: acmeID, body: #"{"rating":"good"}"#, token: "globexRead")
            #expect(rated.status == .notFound)
            let read = try await client.execute(uri: "/v1/answers/\(acmeID)/feedback", method: .get, headers: environment.auth("globexAdmin"))
            #expect(read.status == .notFound)
            #expect(String(buffer: read.body).contains("secret") == false)
            #expect(try await environment.store.answerFeedback(organizationID: "globex", answerID: acmeID) == nil)
        }
    }

    @Test(arguments: [
        #"{"rating":"great"}"#, #"{"rating":1}"#, #"{}"#, #"{"rating":"good","comment":7}"#, "not json",
        #"{"rating":"good","comment":"\#(String(repeating: "a", count: 2001))"}"#,
    ])
    func badBodiesAre400(body: String) async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let id = try await Self.answerID(client, environment: environment, token: "acmeRead")
            let response = try await Self.sendFeedback(client, environment: environment, id: id, body: body)
            #expect(response.status == .badRequest && response.errorCode == 400)
            #expect(response.errorMessage?.isEmpty == false)
            #expect(try await environment.store.answerFeedback(organizationID: "acme", answerID: id) == nil)
        }
    }

    @Test func feedbackNeedsAToken() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let id = try await Self.answerID(client, environment: environment, token: "acmeRead")
            let response = try await client.execute(uri: "/v1/answers/\(id)/feedback", method: .put, body: .text(#"{"rating":"good"}"#))
            #expect(response.status == .unauthorized && response.errorCode == 401)
        }
    }

    // MARK: Helpers

    static func answerID(_ client: some TestClientProtocol, environment: TestEnvironment, token: String) async throws -> String {
        let response = try await client.execute(
            uri: "/v1/search/ask",
            method: .post,
            headers: environment.auth(token, json: true),
            body: .text(#"{"query":"How fine should I grind the beans?"}"#)
        )
        return try #require(response.headers[HTTPField.Name("X-Askbook-Answer-Id")!])
    }

    static func sendFeedback(
        _ client: some TestClientProtocol,
        environment: TestEnvironment,
        id: String,
        body: String,
        token: String = "acmeRead"
    ) async throws -> TestResponse {
        try await client.execute(uri: "/v1/answers/\(id)/feedback", method: .put, headers: environment.auth(token, json: true), body: .text(body))
    }
}
