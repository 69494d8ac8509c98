import AskbookCore
import Foundation

/// One line of a question set (`Evaluation/questions/*.jsonl`).
///
/// `answers` are strings a correct answer contains; empty means the corpus does not answer the question, and then
/// `gold` is `null`. `gold` names the space, page path and section id whose text holds the answer.
public struct EvalQuestion: Codable, Sendable, Hashable {
    /// Where the answer is.
    public struct Gold: Codable, Sendable, Hashable {
        public var space: String
        public var page: String
        public var section: String
    }

    public var id: String
    public var question: String
    public var answers: [String]
    public var gold: Gold?
    /// Graded relevance by page path (corpus document id), for sets with qrels (SciFact).
    public var relevant: [String: Int]?
    /// `tune` or `test`: the side a question belongs to; tuning never looks at `test`.
    public var split: String?
    public var notes: String?

    /// Whether the corpus answers the question (it has a gold section or relevant documents).
    public var isAnswerable: Bool { gold != nil || !(relevant?.isEmpty ?? true) }

    /// Writes a question set as JSON Lines.
    public static func write(_ questions: [EvalQuestion], to path: String) throws {
        try JSONLines.write(questions, path: path)
    }

    /// Reads a JSON Lines question set; blank lines are skipped.
    ///
    /// - Throws: `AskbookError.unreadableFile`, or `.malformedData` naming the first bad line.
    public static func load(path: String) throws -> [EvalQuestion] {
        try JSONLines.read(EvalQuestion.self, path: path, what: "question set")
    }
}
