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
    public var notes: String?

    /// Whether the corpus answers the question.
    public var isAnswerable: Bool { gold != nil && !answers.isEmpty }

    /// Reads a JSON Lines question set; blank lines are skipped.
    ///
    /// - Throws: `AskbookError.invalidArgument` naming the first bad line.
    public static func load(path: String) throws -> [EvalQuestion] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AskbookError.invalidArgument("Cannot read the question set \(path).")
        }
        let decoder = JSONDecoder()
        var questions: [EvalQuestion] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                questions.append(try decoder.decode(EvalQuestion.self, from: Data(line.utf8)))
            } catch {
                throw AskbookError.invalidArgument("\(path):\(number + 1): not a question line (\(error)).")
            }
        }
        return questions
    }
}
