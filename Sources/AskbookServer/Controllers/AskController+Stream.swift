import AskbookCore
import HTTPTypes
import Hummingbird

extension AskController {
    /// `GET /v1/spaces/{spaceId}/search/ask/stream` and `GET /v1/orgs/{organizationId}/ask/stream`: the answer to
    /// `query` as Server-Sent Events (`AnswerStream`).
    ///
    /// Everything that can fail on the request (token, parameters, scope, index) is checked and the answer drafted
    /// before the response starts, so those errors are GitBook error bodies with their status. A scope with no
    /// content streams one abstaining answer. `details` is checked but adds nothing to the events, whose schema has
    /// no room for it; the answer's id is in the `X-Askbook-Answer-Id` header.
    func stream(_ request: Request, context: AppRequestContext, scope: SearchScope) async throws -> Response {
        let query = request.uri.queryParameters["query"].map(String.init) ?? ""
        return try await streamAnswer(query: query, field: "'query' parameter", scope: scope, request: request, context: context)
    }

    /// The answer to `query` (named `field` in messages) in `scope`, streamed; see `stream`.
    func streamAnswer(query: String, field: String, scope: SearchScope, request: Request, context: AppRequestContext) async throws -> Response {
        let start = ContinuousClock.now
        let asking = try await prepare(
            query: query,
            field: field,
            previousQueries: [],
            scope: scope,
            request: request,
            context: context
        )
        guard let answerer = asking.answerer else {
            record(query: query, asking: asking, answer: nil, since: start, context: context)
            return AnswerStream.nothingToAnswerFrom(format: asking.format, logger: context.logger).response(answerID: asking.answerID)
        }
        let draft: AnswerDraft
        do {
            draft = try answerer.draft(query, spaces: asking.spaces)
        } catch let error as AskbookError where error == .emptyIndex {
            record(query: query, asking: asking, answer: nil, since: start, context: context)
            return AnswerStream.nothingToAnswerFrom(format: asking.format, logger: context.logger).response(answerID: asking.answerID)
        }
        // Recorded once drafted: the sources and the abstention are decided; the latency is the time to the first event.
        record(query: query, asking: asking, answer: (draft.sources, draft.composed.abstained, draft.retrieval), since: start, context: context)
        return AnswerStream(draft: draft, answerer: answerer, format: asking.format, logger: context.logger).response(answerID: asking.answerID)
    }
}
