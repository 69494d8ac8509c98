import AskbookCore
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird

/// `POST /v1/search/ask` (body `{query, previousQueries?}`) and the deprecated `GET /v1/search/ask?query=…`:
/// an extractive answer from the spaces the token may read, in GitBook's `SearchAIAnswer` shape. The same in one space
/// (`POST` and deprecated `GET /v1/spaces/{spaceId}/search/ask`) and in the token's organization
/// (`POST /v1/orgs/{organizationId}/ask`); streamed as Server-Sent Events by `AskController+Stream`.
///
/// `format=markdown` (the default) or `document` (GitBook's JSON document tree); `details=true` adds a `details`
/// object beside `answer` with the matched sections, their scores, the words corrected before searching, the confidence
/// and timings (an Askbook extension). Every answer has an id (`details.answerId` and the `X-Askbook-Answer-Id`
/// header) that `PUT /v1/answers/{answerId}/feedback` rates.
struct AskController {
    let holder: IndexHolder
    let composer: ComposerConfiguration
    let insights: Insights

    struct AskRequest: Decodable {
        var query: String
        var previousQueries: [String]?

        enum CodingKeys: String, CodingKey {
            case query, previousQueries
        }

        /// Decodes the body, reporting a `previousQueries` that is not a list as "a list of strings" (JSONDecoder
        /// names only `Array<Any>`).
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            query = try container.decode(String.self, forKey: .query)
            do {
                previousQueries = try container.decodeIfPresent([String].self, forKey: .previousQueries)
            } catch DecodingError.typeMismatch(_, let context) where context.codingPath.count == 1 {
                throw DecodingError.typeMismatch([String].self, context)
            }
        }
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("search/ask") { try await askWithGet($0, context: $1, scope: .all) }
        group.post("search/ask") { try await askWithPost($0, context: $1, scope: .all) }
        group.get("spaces/:spaceId/search/ask") { try await askWithGet($0, context: $1, scope: try .spaceRoute($1)) }
        group.post("spaces/:spaceId/search/ask") { try await askWithPost($0, context: $1, scope: try .spaceRoute($1)) }
        group.post("orgs/:organizationId/ask") { try await askWithPost($0, context: $1, scope: try .organizationRoute($1)) }
        group.get("spaces/:spaceId/search/ask/stream") { try await stream($0, context: $1, scope: try .spaceRoute($1)) }
        group.get("orgs/:organizationId/ask/stream") { try await stream($0, context: $1, scope: try .organizationRoute($1)) }
    }

    func askWithGet(_ request: Request, context: AppRequestContext, scope: SearchScope) async throws -> Response {
        let query = request.uri.queryParameters["query"].map(String.init) ?? ""
        return try await answer(query: query, field: "'query' parameter", previousQueries: [], scope: scope, request: request, context: context)
    }

    func askWithPost(_ request: Request, context: AppRequestContext, scope: SearchScope) async throws -> Response {
        _ = try context.requireToken(role: .read, to: "asking")
        // Decoded here rather than with `request.decode`, whose 400 names Swift types; ours names the kind of value.
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let body = try JSONDecoder().decode(AskRequest.self, from: Data(buffer.readableBytesView))
        return try await answer(
            query: body.query,
            field: "'query'",
            previousQueries: body.previousQueries ?? [],
            scope: scope,
            request: request,
            context: context
        )
    }

    /// Answers `query` (named `field` in messages) from the spaces of `scope` the token may read.
    private func answer(
        query: String,
        field: String,
        previousQueries: [String],
        scope: SearchScope,
        request: Request,
        context: AppRequestContext
    ) async throws -> Response {
        let start = ContinuousClock.now
        let asking = try await prepare(query: query, field: field, previousQueries: previousQueries, scope: scope, request: request, context: context)
        guard let answerer = asking.answerer else {
            record(query: query, asking: asking, answer: nil, since: start, context: context)
            return Self.response(Answer(answer: nil), answerID: asking.answerID)
        }
        let result: AnswerResult
        do {
            result = try answerer.ask(query, previousQueries: previousQueries, spaces: asking.spaces)
        } catch let error as AskbookError where error == .emptyIndex {
            record(query: query, asking: asking, answer: nil, since: start, context: context)
            return Self.response(Answer(answer: nil), answerID: asking.answerID)
        }
        record(
            query: query,
            asking: asking,
            answer: (result.answer.sources, result.composed.abstained, result.retrieval),
            since: start,
            context: context
        )
        let answer = Self.shape(result.answer, of: result.composed, format: asking.format)
        return Self.response(
            Answer(answer: answer, details: asking.details ? Details(result, answerID: asking.answerID) : nil),
            answerID: asking.answerID
        )
    }

    /// Records the ask in the query log: its `answer`'s sources, whether it abstained and its retrieval; `nil` when
    /// there was nothing to answer from (an abstention with no source).
    func record(
        query: String,
        asking: Asking,
        answer: (sources: [SearchAIAnswerSource], abstained: Bool, retrieval: Retrieval)?,
        since start: ContinuousClock.Instant,
        context: AppRequestContext
    ) {
        insights.record(
            .ask(
                query: query,
                organization: asking.organizationID,
                spaces: asking.spaces,
                sources: answer?.sources ?? [],
                abstained: answer?.abstained ?? true,
                retrieval: answer?.retrieval,
                since: start,
                answerID: asking.answerID
            ),
            context: context
        )
    }

    /// `body` as JSON, with the answer id in its header.
    private static func response(_ body: Answer, answerID: String) -> Response {
        var response = JSONResponse.make(body)
        response.headers[.askbookAnswerID] = answerID
        return response
    }

    /// What an ask needs once its request is checked: the answerer (`nil` when there is nothing to answer from: no
    /// space imported, or none the token may read), the spaces of the scope the token may read, and the `format` and
    /// `details` parameters, and the new answer's id.
    struct Asking {
        var answerer: QuestionAnswerer?
        var spaces: Set<String>
        var format: AnswerFormat
        var details: Bool
        var answerID: String
        var organizationID: String
    }

    /// Checks the token, the parameters and the query (named `field` in messages), and resolves `scope` against the
    /// token. `QueryPolicy`'s errors become 400s with their message (`APIError.from`).
    ///
    /// - Throws: 403 without the read role, 400 for a bad parameter or query, 404 and 503 as
    ///   `IndexHolder.engine(for:in:)`.
    func prepare(
        query: String,
        field: String,
        previousQueries: [String],
        scope: SearchScope,
        request: Request,
        context: AppRequestContext
    ) async throws -> Asking {
        let token = try context.requireToken(role: .read, to: "asking")
        let parameters = request.uri.queryParameters
        var format = AnswerFormat.markdown
        if let raw = parameters["format"] {
            guard let value = AnswerFormat(rawValue: String(raw)) else {
                throw APIError(.badRequest, message: "The 'format' parameter must be 'markdown' or 'document'.")
            }
            format = value
        }
        var details = false
        if let raw = parameters["details"] {
            guard raw == "true" || raw == "false" else { throw APIError(.badRequest, message: "The 'details' parameter must be 'true' or 'false'.") }
            details = raw == "true"
        }
        try QueryPolicy.checkQuery(query, field: field)
        try QueryPolicy.checkPreviousQueries(previousQueries)
        let answerID = insights.answerIDs.make(organization: token.organizationId)
        guard case let (engine, spaces)? = try await holder.engine(for: token, in: scope), !spaces.isEmpty else {
            return Asking(answerer: nil, spaces: [], format: format, details: details, answerID: answerID, organizationID: token.organizationId)
        }
        return Asking(
            answerer: engine.answerer(configuration: composer),
            spaces: spaces,
            format: format,
            details: details,
            answerID: answerID,
            organizationID: token.organizationId
        )
    }

    /// `answer`, the answer of `composed`, in `format`: its markdown as it is, or `composed` as a document tree.
    static func shape(_ answer: SearchAIAnswer, of composed: ComposedAnswer, format: AnswerFormat) -> SearchAIAnswer {
        var answer = answer
        if format == .document { answer.answer = AnswerDocument(document: DocumentRenderer().document(for: composed)) }
        return answer
    }

    /// The response body: GitBook's `{answer}` plus the optional `details` extension.
    struct Answer: Encodable {
        var answer: SearchAIAnswer?
        var details: Details?
    }

    /// Retrieval details returned with `details=true`.
    struct Details: Encodable {
        /// The answer's id, for `PUT /v1/answers/{answerId}/feedback`.
        var answerId: String

        struct Match: Encodable {
            var space: String
            var page: String
            var path: String
            var section: String
            var score: Float
        }

        var matches: [Match]
        /// The words corrected before searching; absent when none was.
        var spelling: SpellingCorrection?
        var abstained: Bool
        var confidence: Float
        var timings: AnswerTimings

        init(_ result: AnswerResult, answerID: String) {
            answerId = answerID
            matches = result.retrieval.hits.map {
                Match(space: $0.chunk.spaceID, page: $0.chunk.pageID, path: $0.chunk.pagePath, section: $0.chunk.sectionID, score: $0.score)
            }
            spelling = result.retrieval.correction
            abstained = result.composed.abstained
            confidence = result.composed.confidence
            timings = result.timings
        }
    }
}
