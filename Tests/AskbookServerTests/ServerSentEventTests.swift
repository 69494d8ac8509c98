import AskbookCore
import Foundation
import NIOCore
import Testing

@testable import AskbookServer

/// The wire form of the streams' events: one `data:` line of JSON each, `event: error` for an error after the head.
@Suite struct ServerSentEventTests {
    @Test func anEventIsOneDataLineEvenWhenTheTextHasLineBreaks() throws {
        let event = String(buffer: ServerSentEvent.event(["markdown": "line one\n\nline two"]))
        #expect(event.hasPrefix("data: ") && event.hasSuffix("\n\n"))
        #expect(event.dropLast(2).split(separator: "\n").count == 1)
        #expect(try JSONValue.parse(Data(event.dropFirst(6).utf8))["markdown"] == .string("line one\n\nline two"))
    }

    @Test func anErrorAfterTheHeadIsANamedEventWithGitBooksErrorBody() throws {
        let body = APIError.Body(error: .init(code: 500, message: "Internal server error."))
        let events = StreamEvent.parse(String(buffer: ServerSentEvent.event(body, name: "error")))
        #expect(events.count == 1 && events.first?.name == "error")
        let json = try #require(try events.first?.json())
        if let validator = try GitBookSpec.scopedValidator() {
            #expect(validator.validate(json, against: validator.schema("Error")).isEmpty)
        }
        #expect(json["error"]?["code"] == .number(500))
        #expect(String(buffer: ServerSentEvent.done) == "data: done\n\n")
    }
}
