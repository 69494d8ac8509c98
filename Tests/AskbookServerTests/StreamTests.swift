import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Streamed answers: GitBook's Server-Sent Events, each a full snapshot of the answer so far, then `data: done`.
@Suite struct StreamTests {
    /// A question whose answer has supporting pieces after its lead, so that the lead and the whole markdown differ.
    static let question = "How%20should%20I%20pour%20the%20water%3F"

    @Test(arguments: ["/v1/spaces/coffee/search/ask/stream", "/v1/orgs/acme/ask/stream"])
    func streamsTheLeadThenTheMarkdownThenTheFollowUpsThenDone(path: String) async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(uri: "\(path)?query=\(Self.question)", method: .get, headers: environment.auth("acmeRead"))
            #expect(response.status == .ok)
            #expect(response.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            #expect(response.headers[.init("X-RateLimit-Limit")!] != nil)
            let events = response.events
            #expect(events.last == StreamEvent(name: nil, data: "done"))
            #expect(events.dropLast().allSatisfy { $0.name == nil })
            let answers = try response.answerEvents().map(\.answer)
            #expect(answers.count == 3)
            let first = try #require(answers.first)
            let last = try #require(answers.last)
            // First the sources and the lead, then the rest of the markdown, then the follow-up questions.
            #expect(first.sources == last.sources && !first.sources.isEmpty)
            #expect(first.followupQuestions.isEmpty && !last.followupQuestions.isEmpty)
            let lead = try #require(first.answer.markdown)
            let markdown = try #require(last.answer.markdown)
            #expect(lead.contains("96 degrees") && markdown.hasPrefix(lead) && lead.count < markdown.count)
            #expect(answers[1].answer == last.answer && answers[1].followupQuestions.isEmpty)
            #expect(first.text?.isEmpty == false && last.text?.hasPrefix(first.text ?? "") == true)
            // The last event is the whole answer, the same as the non-streamed ask gives.
            let askPath = path.hasPrefix("/v1/spaces/") ? "/v1/spaces/coffee/search/ask" : "/v1/search/ask"
            let asked = try await client.execute(
                uri: "\(askPath)?query=\(Self.question)",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            #expect(try asked.decode(AskResponse.self).answer == last)
        }
    }

    @Test func documentFormatStreamsDocuments() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/orgs/acme/ask/stream?query=\(Self.question)&format=document&details=true",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            let events = response.events.filter { $0.data != "done" }
            #expect(!events.isEmpty)
            for event in events {
                let json = try event.json()
                #expect(json["type"] == .string("answer"))
                #expect(json["answer"]?["answer"]?["document"]?["object"] == .string("document"))
                #expect(json["answer"]?["answer"]?["markdown"] == nil)
            }
        }
    }

    @Test func anAbstentionStreamsItsLeadThenTheClosestPages() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/spaces/coffee/search/ask/stream?query=Which%20stock%20exchange%20lists%20the%20company%3F",
                method: .get,
                headers: environment.auth("acmeRead")
            )
            let answers = try response.answerEvents().map(\.answer)
            #expect(answers.first?.answer.markdown == ComposedAnswer.abstentionText)
            #expect(answers.last?.answer.markdown?.contains(ComposedAnswer.closestPagesText) == true)
            #expect(answers.allSatisfy { $0.followupQuestions.isEmpty })
            #expect(response.events.last?.data == "done")
        }
    }

    @Test func aScopeWithoutContentStreamsOneAbstentionAndDone() async throws {
        let environment = try await TestEnvironment.make()
        let (_, secret) = try await environment.store.createToken(organizationID: "initech", role: .read, spaces: nil, name: "empty")
        try await environment.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/orgs/initech/ask/stream?query=water",
                method: .get,
                headers: [.authorization: "Bearer \(secret)"]
            )
            #expect(response.status == .ok)
            let answers = try response.answerEvents().map(\.answer)
            #expect(answers.count == 1 && answers[0].sources.isEmpty && answers[0].answer.markdown == ComposedAnswer.abstentionText)
            #expect(response.events.last?.data == "done")
        }
    }

    @Test func errorsBeforeTheFirstByteAreGitBookErrorBodies() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            for (uri, token, status) in [
                ("/v1/spaces/coffee/search/ask/stream", "acmeRead", HTTPResponse.Status.badRequest),
                ("/v1/spaces/coffee/search/ask/stream?query=tea&format=html", "acmeRead", .badRequest),
                ("/v1/spaces/vault/search/ask/stream?query=tea", "acmeRead", .notFound),
                ("/v1/orgs/globex/ask/stream?query=tea", "acmeRead", .notFound),
                ("/v1/spaces/tea/search/ask/stream?query=tea", "coffeeOnly", .notFound),
            ] {
                let response = try await client.execute(uri: uri, method: .get, headers: environment.auth(token))
                #expect(response.status == status && response.errorCode == Int(status.code), "\(uri)")
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            }
        }
    }
}
