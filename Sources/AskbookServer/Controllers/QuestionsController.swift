import AskbookCore
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird

/// Recommended questions (GitBook's `SearchAIRecommendedQuestions`): `GET /v1/spaces/{spaceId}/search/questions`,
/// `GET /v1/orgs/{organizationId}/ask/questions`, their `…/stream` forms (one `SearchAIRecommendedQuestionStream`
/// event per question, then `data: done`), and the deprecated `POST /v1/search/questions` for some pages
/// (`documents`: page ids) of the spaces the token may read.
///
/// The questions come from the content (`QuestionRecommender`), each checked by retrieval, computed once per revision
/// (with `documents`, computed per request within one shared check budget).
struct QuestionsController {
    /// The most questions returned.
    static let limit = 10
    /// The most page ids in `documents` and the longest one, as GitBook's schema has them.
    static let maxDocuments = 50
    static let maxDocumentLength = 100

    let holder: IndexHolder

    struct QuestionsRequest: Decodable {
        var documents: [String]
    }

    /// GitBook's streamed question event.
    struct QuestionEvent: Encodable {
        var question: String
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("spaces/:spaceId/search/questions") { request, context in
            JSONResponse.make(RecommendedQuestions(questions: try await questions(context: context, scope: try .spaceRoute(context))))
        }
        group.get("spaces/:spaceId/search/questions/stream") { request, context in
            Self.stream(try await questions(context: context, scope: try .spaceRoute(context)))
        }
        group.get("orgs/:organizationId/ask/questions") { request, context in
            JSONResponse.make(RecommendedQuestions(questions: try await questions(context: context, scope: try .organizationRoute(context))))
        }
        group.get("orgs/:organizationId/ask/questions/stream") { request, context in
            Self.stream(try await questions(context: context, scope: try .organizationRoute(context)))
        }
        group.post("search/questions") { request, context in
            _ = try context.requireToken(role: .read, to: "reading recommended questions")
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            let body = try JSONDecoder().decode(QuestionsRequest.self, from: Data(buffer.readableBytesView))
            guard (1...Self.maxDocuments).contains(body.documents.count) else {
                throw APIError(.badRequest, message: "'documents' must hold 1 to \(Self.maxDocuments) page ids.")
            }
            for (i, document) in body.documents.enumerated() where document.isEmpty || document.utf8.count > Self.maxDocumentLength {
                throw APIError(.badRequest, message: "'documents[\(i)]' must be 1 to \(Self.maxDocumentLength) bytes.")
            }
            return JSONResponse.make(
                RecommendedQuestions(questions: try await questions(context: context, scope: .all, pages: Set(body.documents)))
            )
        }
    }

    /// The recommended questions of `scope` for the request's token; only from `pages` when given.
    func questions(context: AppRequestContext, scope: SearchScope, pages: Set<String>? = nil) async throws -> [String] {
        let token = try context.requireToken(role: .read, to: "reading recommended questions")
        guard case let (engine, spaces)? = try await holder.engine(for: token, in: scope), !spaces.isEmpty else { return [] }
        return engine.recommendedQuestions(spaces: spaces, pages: pages, limit: Self.limit)
    }

    /// `questions` as Server-Sent Events: one `{"question": …}` each, then `data: done`.
    static func stream(_ questions: [String]) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                for question in questions { try await writer.write(ServerSentEvent.event(QuestionEvent(question: question))) }
                try await writer.write(ServerSentEvent.done)
                try await writer.finish(nil)
            }
        )
    }

    /// GitBook's `SearchAIRecommendedQuestions`.
    struct RecommendedQuestions: Encodable {
        var questions: [String]
    }
}
