import AskbookCore
import Foundation

/// The questions of the `docs-org` set: `Evaluation/questions/docs-org.jsonl` plus the GitBook set
/// (`gitbook.jsonl`), whose gold space `gitbook` becomes the space the `docs.yaml` import creates for the
/// `documentation` directory.
///
/// `gitbook.jsonl` has no sides of its own (it is measured whole as the `gitbook` set); here its questions alternate
/// `tune`, `test` in file order, as `docs-org.jsonl`'s do, so each side gets every part of the GitBook docs (the file
/// is written page by page). A question that names a side keeps it.
public enum OrganizationQuestions {
    /// The id the import of `gitbook-public-docs` (prefix `gitbook`) gives its `documentation` space.
    public static let documentationSpace = "gitbook-documentation"

    /// Reads both files from the repository and returns their union, `docs-org.jsonl` first.
    ///
    /// - Throws: `AskbookError.malformedData` when ids collide (and what `EvalQuestion.load` throws for a missing or malformed file).
    public static func load(repository: URL, documentationSpace: String = documentationSpace) throws -> [EvalQuestion] {
        let folder = repository.appendingPathComponent("Evaluation/questions")
        let organization = try EvalQuestion.load(path: folder.appendingPathComponent("docs-org.jsonl").path)
        let gitbook = try EvalQuestion.load(path: folder.appendingPathComponent("gitbook.jsonl").path)
        let questions = organization + renamed(gitbook, documentationSpace: documentationSpace)
        var seen: Set<String> = []
        for question in questions where !seen.insert(question.id).inserted {
            throw AskbookError.malformedData(path: folder.path, reason: "question id \(question.id) is in both docs-org.jsonl and gitbook.jsonl")
        }
        return questions
    }

    /// The GitBook set's questions with their gold space renamed and a side given to each that has none.
    public static func renamed(_ questions: [EvalQuestion], documentationSpace: String) -> [EvalQuestion] {
        questions.enumerated().map { index, question in
            var question = question
            if question.gold?.space == "gitbook" { question.gold?.space = documentationSpace }
            question.split = question.split ?? (index.isMultiple(of: 2) ? "tune" : "test")
            return question
        }
    }
}
