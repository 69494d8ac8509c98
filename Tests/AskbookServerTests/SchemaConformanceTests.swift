import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every response body checked against GitBook's own schemas (`endpoints-in-scope.yaml`): field names, required fields,
/// types and enum values.
@Suite(.enabled(if: GitBookSpec.isPresent, "../shared/reference/gitbook-api is absent; skipping the schema checks"))
struct SchemaConformanceTests {
    @Test func successfulResponsesMatchTheSpec() async throws {
        let validator = try #require(try GitBookSpec.validator())
        let environment = try await TestEnvironment.make()
        let requests: [(String, HTTPRequest.Method, String?, String, String)] = [
            ("/v1/", .get, nil, "/", "get"),
            ("/v1/search?query=water%20temperature&limit=2", .get, nil, "/search", "get"),
            ("/v1/search?query=zzzz", .get, nil, "/search", "get"),
            ("/v1/search/ask?query=How%20hot%20should%20the%20water%20be%3F", .get, nil, "/search/ask", "get"),
            ("/v1/search/ask?format=document", .post, #"{"query":"How fine should I grind?"}"#, "/search/ask", "post"),
            ("/v1/search/ask?details=true", .post, #"{"query":"How do I steep black tea?","previousQueries":["tea"]}"#, "/search/ask", "post"),
            ("/v1/search/ask", .post, #"{"query":"What is the airspeed of an unladen swallow?"}"#, "/search/ask", "post"),
            ("/v1/spaces/coffee", .get, nil, "/spaces/{spaceId}", "get"),
            ("/v1/spaces/tea", .patch, #"{"title":"Teas","emoji":"🍵","defaultLevel":null}"#, "/spaces/{spaceId}", "patch"),
        ]
        let responses = try await environment.application().test(.router) { client in
            var responses: [(label: String, status: HTTPResponse.Status, body: JSONValue)] = []
            for (uri, method, body, _, _) in requests {
                let headers = uri == "/v1/" ? [:] : environment.auth("acmeAdmin", json: body != nil)
                let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { .text($0) })
                responses.append(("\(method) \(uri)", response.status, try response.json()))
            }
            _ = try await client.execute(uri: "/v1/spaces/tea", method: .delete, headers: environment.auth("acmeAdmin"))
            let restored = try await client.execute(uri: "/v1/spaces/tea/restore", method: .post, headers: environment.auth("acmeAdmin"))
            responses.append(("POST restore", restored.status, try restored.json()))
            return responses
        }
        for (i, response) in responses.enumerated() {
            #expect(response.status == .ok, "\(response.label)")
            let schema: [String: Any]
            if i < requests.count {
                schema = try #require(validator.responseSchema(path: requests[i].3, method: requests[i].4), "\(response.label)")
            } else {
                schema = validator.schema("Space")
            }
            let problems = validator.validate(response.body, against: schema)
            #expect(problems.isEmpty, "\(response.label): \(problems.prefix(5))")
        }
    }

    @Test func errorResponsesMatchTheErrorSchema() async throws {
        let validator = try #require(try GitBookSpec.validator())
        let environment = try await TestEnvironment.make()
        let requests: [(String, HTTPRequest.Method, HTTPFields, String?)] = [
            ("/v1/search?query=x", .get, [:], nil),
            ("/v1/search", .get, environment.auth("acmeRead"), nil),
            ("/v1/spaces/coffee", .delete, environment.auth("acmeRead"), nil),
            ("/v1/spaces/vault", .get, environment.auth("acmeRead"), nil),
            ("/v1/search", .post, environment.auth("acmeRead"), nil),
            ("/v1/search/ask", .post, environment.auth("acmeRead"), "query=x"),
        ]
        let responses = try await environment.application().test(.router) { client in
            var responses: [(label: String, status: HTTPResponse.Status, code: Int?, body: JSONValue)] = []
            for (uri, method, headers, body) in requests {
                var headers = headers
                if body != nil { headers[.contentType] = "text/plain" }
                let response = try await client.execute(uri: uri, method: method, headers: headers, body: body.map { .text($0) })
                responses.append(("\(method) \(uri)", response.status, response.errorCode, try response.json()))
            }
            return responses
        }
        for response in responses {
            #expect(response.status.code >= 400, "\(response.label)")
            let problems = validator.validate(response.body, against: validator.schema("Error"))
            #expect(problems.isEmpty, "\(response.label): \(problems)")
            #expect(response.code == Int(response.status.code))
        }
    }

    @Test func scopedResponsesAndStreamEventsMatchTheSpec() async throws {
        let validator = try #require(try GitBookSpec.scopedValidator())
        let environment = try await TestEnvironment.make()
        let question = "What%20temperature%20should%20the%20water%20be%3F"
        let requests: [(String, HTTPRequest.Method, String?, String, String)] = [
            ("/v1/spaces/tea/search?query=water%20temperature&limit=1", .get, nil, "/spaces/{spaceId}/search", "get"),
            ("/v1/spaces/tea/search?query=zzzz", .get, nil, "/spaces/{spaceId}/search", "get"),
            ("/v1/spaces/coffee/search/ask?query=\(question)", .get, nil, "/spaces/{spaceId}/search/ask", "get"),
            ("/v1/spaces/coffee/search/ask?format=document", .post, #"{"query":"How fine should I grind?"}"#, "/spaces/{spaceId}/search/ask", "post"),
            ("/v1/spaces/tea/search/ask?details=true", .post, #"{"query":"Who won the cup?"}"#, "/spaces/{spaceId}/search/ask", "post"),
            ("/v1/orgs/acme/search?query=water%20temperature&limit=2", .get, nil, "/orgs/{organizationId}/search", "get"),
            ("/v1/orgs/acme/ask", .post, #"{"query":"How do I steep black tea?","previousQueries":["tea"]}"#, "/orgs/{organizationId}/ask", "post"),
            (
                "/v1/orgs/acme/ask?format=document", .post, #"{"query":"What is the airspeed of an unladen swallow?"}"#, "/orgs/{organizationId}/ask",
                "post"
            ),
        ]
        let streams = [
            "/v1/spaces/coffee/search/ask/stream?query=\(question)",
            "/v1/spaces/coffee/search/ask/stream?query=\(question)&format=document",
            "/v1/orgs/acme/ask/stream?query=\(question)",
            "/v1/orgs/acme/ask/stream?query=Which%20stock%20exchange%20lists%20the%20company%3F&format=document",
        ]
        let (responses, events) = try await environment.application().test(.router) { client in
            var responses: [(label: String, status: HTTPResponse.Status, body: JSONValue)] = []
            for (uri, method, body, _, _) in requests {
                let response = try await client.execute(
                    uri: uri,
                    method: method,
                    headers: environment.auth("acmeRead", json: body != nil),
                    body: body.map { .text($0) }
                )
                responses.append(("\(method) \(uri)", response.status, try response.json()))
            }
            var events: [(label: String, body: JSONValue)] = []
            for uri in streams {
                let response = try await client.execute(uri: uri, method: .get, headers: environment.auth("acmeRead"))
                #expect(response.status == .ok && response.events.last?.data == "done", "\(uri)")
                for event in response.events.dropLast() { events.append((uri, try event.json())) }
            }
            return (responses, events)
        }
        for (i, response) in responses.enumerated() {
            #expect(response.status == .ok, "\(response.label)")
            let schema = try #require(validator.responseSchema(path: requests[i].3, method: requests[i].4), "\(response.label)")
            let problems = validator.validate(response.body, against: schema)
            #expect(problems.isEmpty, "\(response.label): \(problems.prefix(5))")
        }
        #expect(events.count >= streams.count)
        for (path, method) in [("/spaces/{spaceId}/search/ask/stream", "get"), ("/orgs/{organizationId}/ask/stream", "get")] {
            let schema = try #require(validator.responseSchema(path: path, method: method, contentType: "text/event-stream"))
            for event in events where event.label.contains(path.hasPrefix("/spaces") ? "/spaces/" : "/orgs/") {
                let problems = validator.validate(event.body, against: schema)
                #expect(problems.isEmpty, "\(event.label): \(problems.prefix(5))")
            }
        }
    }

    @Test func scopedErrorsMatchTheErrorSchema() async throws {
        let validator = try #require(try GitBookSpec.scopedValidator())
        var configured = try await TestEnvironment.make()
        configured.configuration.rateLimit = 7
        let environment = configured
        let requests: [(String, HTTPRequest.Method, HTTPFields)] =
            [
                ("/v1/spaces/tea/search?query=x", .get, [:]),
                ("/v1/spaces/tea/search", .get, environment.auth("acmeRead")),
                ("/v1/spaces/vault/search/ask?query=x", .get, environment.auth("acmeRead")),
                ("/v1/spaces/tea/search/ask/stream?query=x", .get, environment.auth("coffeeOnly")),
                ("/v1/spaces/tea/search/ask/stream?query=x&format=xml", .get, environment.auth("acmeRead")),
                ("/v1/orgs/globex/search?query=x", .get, environment.auth("acmeRead")),
                ("/v1/orgs/acme/ask", .get, environment.auth("acmeRead")),
                ("/v1/orgs/acme/ask/stream", .get, environment.auth("acmeRead")),
                ("/v1/orgs/globex/ask/stream?query=x", .get, environment.auth("acmeRead")),
            ] + Array(repeating: ("/v1/orgs/acme/search?query=x", HTTPRequest.Method.get, environment.auth("acmeRead")), count: 2)
        let responses = try await environment.application().test(.router) { client in
            var responses: [(label: String, status: HTTPResponse.Status, code: Int?, body: JSONValue)] = []
            for (uri, method, headers) in requests {
                let response = try await client.execute(uri: uri, method: method, headers: headers)
                guard response.status.code >= 400 else { continue }
                responses.append(("\(method) \(uri)", response.status, response.errorCode, try response.json()))
            }
            return responses
        }
        // acmeRead's budget of 7: six errors count (not the 405, answered before the limiter), one search is
        // answered, the next is 429.
        #expect(responses.count == requests.count - 1)
        #expect(responses.contains { $0.status == .tooManyRequests } && responses.contains { $0.status == .methodNotAllowed })
        for response in responses {
            let problems = validator.validate(response.body, against: validator.schema("Error"))
            #expect(problems.isEmpty, "\(response.label): \(problems)")
            #expect(response.code == Int(response.status.code))
        }
    }

    @Test func theValidatorCatchesWrongShapes() throws {
        let validator = try #require(try GitBookSpec.validator())
        let space = validator.schema("SearchSpaceResult")
        #expect(!validator.validate(.object(["id": .string("a"), "title": .string("t")]), against: space).isEmpty)  // pages missing
        #expect(!validator.validate(.object(["id": .number(1), "title": .string("t"), "pages": .array([])]), against: space).isEmpty)
        #expect(validator.validate(.object(["id": .string("a"), "title": .string("t"), "pages": .array([])]), against: space).isEmpty)
        let editMode = validator.schema("SpaceEditMode")
        #expect(!validator.validate(.string("frozen"), against: editMode).isEmpty)
        #expect(validator.validate(.string("locked"), against: editMode).isEmpty)
        let ask = try #require(validator.responseSchema(path: "/search/ask", method: "post"))
        let answer: JSONValue = .object([
            "answer": .object(["markdown": .string("x")]), "sources": .array([]), "pages": .array([]), "followupQuestions": .array([]),
        ])
        #expect(validator.validate(.object(["answer": answer]), against: ask).isEmpty)
        guard case .object(var incomplete) = answer else { return }
        incomplete["followupQuestions"] = nil
        #expect(!validator.validate(.object(["answer": .object(incomplete)]), against: ask).isEmpty)
        incomplete["followupQuestions"] = .array([])
        incomplete["sources"] = .array([.object(["type": .string("web"), "page": .string("p")])])
        #expect(!validator.validate(.object(["answer": .object(incomplete)]), against: ask).isEmpty)
    }
}
