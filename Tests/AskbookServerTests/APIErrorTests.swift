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
