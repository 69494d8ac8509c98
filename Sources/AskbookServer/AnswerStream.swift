import AskbookCore
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Writes an answer as GitBook's Server-Sent Events: each event `data: <SearchAIAnswerStream>` a full snapshot of the
/// answer so far, then `data: done`.
///
/// The snapshots are the lead with every source (written as soon as the draft is composed), the whole markdown,
/// then the answer with its follow-up questions; a snapshot equal to the one before is not sent again. Each event is
/// written straight to the connection, waiting while the client reads slowly. A write that fails means the client
/// went away: the work stops at that write (follow-ups already being computed finish first; a client that leaves
/// while earlier events sit in buffers is noticed only at the next write). Any other error after the head is sent becomes
/// an `event: error` whose data is GitBook's error body, and ends the stream.
struct AnswerStream: Sendable {
    private enum Source: Sendable {
        case draft(AnswerDraft, QuestionAnswerer)
        case nothing
    }

    /// The connection failed under a write: the client is gone.
    private struct ClientGone: Error {
        var underlying: any Error
    }

    private let source: Source
    let format: AnswerFormat
    let logger: Logger

    /// The stream of `draft`, finished by `answerer`, in `format` (`markdown` or `document`).
    init(draft: AnswerDraft, answerer: QuestionAnswerer, format: AnswerFormat, logger: Logger) {
        source = .draft(draft, answerer)
        self.format = format
        self.logger = logger
    }

    private init(source: Source, format: AnswerFormat, logger: Logger) {
        self.source = source
        self.format = format
        self.logger = logger
    }

    /// The stream of one abstaining answer with no sources, for a scope with no content.
    static func nothingToAnswerFrom(format: AnswerFormat, logger: Logger) -> AnswerStream {
        AnswerStream(source: .nothing, format: format, logger: logger)
    }

    /// A 200 `text/event-stream` response whose body is this stream, with the answer's id in its head.
    func response(answerID: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache", .askbookAnswerID: answerID],
            body: ResponseBody { writer in try await write(to: &writer) }
        )
    }

    /// Writes the events and `data: done`, then finishes the body.
    func write(to writer: inout any ResponseBodyWriter) async throws {
        var previous: SearchAIAnswer?
        do {
            switch source {
            case .nothing:
                let composed = ComposedAnswer.nothingToAnswerFrom
                try await send(SearchAIAnswer(composed: composed, sources: [], followupQuestions: []), of: composed, after: &previous, to: &writer)
            case .draft(let draft, let answerer):
                try await send(draft.lead, of: draft.composed.leadOnly, after: &previous, to: &writer)
                try await send(draft.answer, of: draft.composed, after: &previous, to: &writer)
                try Task.checkCancellation()
                let result = answerer.finish(draft)
                try await send(result.answer, of: result.composed, after: &previous, to: &writer)
            }
            try await Self.write(ServerSentEvent.done, to: &writer)
            try await writer.finish(nil)
        } catch let error as ClientGone {
            logger.debug("Answer stream stopped: the client is gone", metadata: ["error": "\(error.underlying)"])
            throw error.underlying
        } catch let error as CancellationError {
            logger.debug("Answer stream stopped: cancelled")
            throw error
        } catch {
            // The head is sent: the status cannot change, so the error goes in an event the client can read.
            let apiError = APIError.from(error, logger: logger)
            let body = APIError.Body(error: .init(code: Int(apiError.status.code), message: apiError.message))
            try await Self.write(ServerSentEvent.event(body, name: "error"), to: &writer)
            try await writer.finish(nil)
        }
    }

    /// Sends `answer` (the answer of `composed`) in the stream's format, unless it equals `previous`.
    private func send(
        _ answer: SearchAIAnswer,
        of composed: ComposedAnswer,
        after previous: inout SearchAIAnswer?,
        to writer: inout any ResponseBodyWriter
    ) async throws {
        guard answer != previous else { return }
        previous = answer
        try await Self.write(
            ServerSentEvent.event(SearchAIAnswerStream(answer: AskController.shape(answer, of: composed, format: format))),
            to: &writer
        )
    }

    private static func write(_ buffer: ByteBuffer, to writer: inout any ResponseBodyWriter) async throws {
        do {
            try await writer.write(buffer)
        } catch {
            throw ClientGone(underlying: error)
        }
    }
}
