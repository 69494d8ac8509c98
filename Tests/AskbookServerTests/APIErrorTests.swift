import AskbookCore
import Foundation
import HTTPTypes
import Hummingbird
import Testing

@testable import AskbookServer

@Suite struct APIErrorTests {
    struct DatabaseExploded: Error, CustomStringConvertible {
        var description: String { "SQLite error 11: database disk image is malformed at /var/lib/secret.sqlite" }
    }

    @Test func unexpectedErrorsBecome500WithoutInternals() {
        let error = APIError.from(DatabaseExploded())
        #expect(error.status == .internalServerError)
        #expect(error.message == "Internal server error.")
        #expect(!error.message.contains("sqlite") && !error.message.contains("/var"))
    }

    @Test func coreErrorsMapByCategory() {
        #expect(APIError.from(AskbookError.emptyQuery).status == .badRequest)
        #expect(APIError.from(AskbookError.unknownSpace("x")).status == .notFound)
        #expect(APIError.from(AskbookError.emptyIndex).status == .serviceUnavailable)
        #expect(APIError.from(HTTPError(.notFound)).status == .notFound)
    }

    struct Shapes: Decodable {
        var query: String
        var previousQueries: [String]?
        var limit: Int?
        var score: Double?
        var details: Bool?
        var options: [String: String]?
        var numbers: [Int]?
    }

    @Test(arguments: [
        (#"{"query": 5}"#, "'query' must be a string."),
        (#"{"query": null}"#, "'query' must be a string, not null."),
        (#"{"query": "a", "previousQueries": ["a", 1]}"#, "'previousQueries[1]' must be a string."),
        (#"{"query": "a", "previousQueries": [null]}"#, "'previousQueries[0]' must be a string, not null."),
        (#"{"query": "a", "previousQueries": "a"}"#, "'previousQueries' must be a list."),
        (#"{"query": "a", "limit": "5"}"#, "'limit' must be a whole number."),
        (#"{"query": "a", "score": "high"}"#, "'score' must be a number."),
        (#"{"query": "a", "details": 1}"#, "'details' must be true or false."),
        (#"{"query": "a", "options": []}"#, "'options' must be an object."),
        (#"{"query": "a", "numbers": {}}"#, "'numbers' must be a list."),
        (#"["a"]"#, "the body must be an object."),
        (#"{}"#, "'query' is required."),
    ])
    func decodingErrorsNameTheFieldAndTheKindOfValueNotSwiftTypes(body: String, message: String) {
        do {
            _ = try JSONDecoder().decode(Shapes.self, from: Data(body.utf8))
            Issue.record("decoding should fail")
        } catch {
            let apiError = APIError.from(error)
            #expect(apiError.status == .badRequest)
            #expect(apiError.message == "Invalid JSON body: \(message)")
        }
    }

    @Test func decodingErrorsSayWhatToFix() throws {
        struct Body: Decodable { var query: String }
        do {
            _ = try JSONDecoder().decode(Body.self, from: Data(#"{"query": 5}"#.utf8))
            Issue.record("decoding should fail")
        } catch {
            let apiError = APIError.from(error)
            #expect(apiError.status == .badRequest && apiError.message.contains("'query'"))
        }
    }
}
