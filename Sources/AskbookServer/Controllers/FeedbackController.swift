import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird

/// `PUT /v1/answers/{answerId}/feedback` (body `{rating, comment?}`) and `GET` of the same path: a reader's rating
/// (`good`, `ok` or `bad`) of an answer, by the answer id an ask returned (`details.answerId`, header
/// `X-Askbook-Answer-Id`). An Askbook extension in GitBook's style.
///
/// Feedback belongs to the token's organization: an id given to another organization is unknown (404), like a
/// forged one, and sending again replaces the rating and comment. Any token that may read may send it
/// (`AccessRole.insightsSenders`).
struct FeedbackController {
    /// The longest comment, in characters.
    static let maxCommentLength = 2000

    let store: Store
    let answerIDs: AnswerIDs

    struct FeedbackBody: Decodable {
        var rating: String
        var comment: String?
    }

    /// The stored feedback as the API returns it.
    struct AnswerFeedback: Encodable {
        var object = "answer-feedback"
        var answerId: String
        var rating: FeedbackRating
        var comment: String?
        var createdAt: Date
        var updatedAt: Date

        init(_ record: AnswerFeedbackRecord) {
            answerId = record.answerId
            rating = record.rating
            comment = record.comment
            createdAt = record.createdAt
            updatedAt = record.updatedAt
        }
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.put("answers/:answerId/feedback") { request, context in
            let token = try context.requireInsightsSender(to: "sending feedback")
            let answerID = try answer(context: context, token: token)
            let buffer = try await request.body.collect(upTo: context.maxUploadSize)
            let body = try JSONDecoder().decode(FeedbackBody.self, from: Data(buffer.readableBytesView))
            guard let rating = FeedbackRating(rawValue: body.rating) else {
                throw APIError(.badRequest, message: "'rating' must be 'good', 'ok' or 'bad'.")
            }
            let comment = body.comment?.trimmingCharacters(in: .whitespacesAndNewlines)
            if let comment, comment.count > Self.maxCommentLength {
                throw APIError(.badRequest, message: "'comment' must be at most \(Self.maxCommentLength) characters.")
            }
            let record = try await store.saveAnswerFeedback(
                organizationID: token.organizationId,
                answerID: answerID,
                rating: rating,
                comment: comment?.isEmpty == false ? comment : nil
            )
            return JSONResponse.make(AnswerFeedback(record))
        }
        group.get("answers/:answerId/feedback") { _, context in
            let token = try context.requireInsightsSender(to: "reading feedback")
            let answerID = try answer(context: context, token: token)
            guard let record = try await store.answerFeedback(organizationID: token.organizationId, answerID: answerID) else {
                throw APIError(.notFound, message: "No feedback has been sent on answer '\(answerID)'.")
            }
            return JSONResponse.make(AnswerFeedback(record))
        }
    }

    /// The route's answer id, when it was given to the token's organization.
    ///
    /// - Throws: 404 for any other id.
    private func answer(context: AppRequestContext, token: TokenRecord) throws -> String {
        let id = try context.parameters.require("answerId")
        guard answerIDs.isValid(id, organization: token.organizationId) else {
            throw APIError(.notFound, message: "Answer '\(id.prefix(100))' not found.")
        }
        return id
    }
}
