import AskbookCore
import AskbookStore
import Foundation
import Logging

/// Finds, prepares and imports the evaluation sets: where the shared data, the prepared sets and the repository are.
///
/// ```swift
/// let loader = EvalSetLoader(data: URL(fileURLWithPath: "../shared/data"), prepared: URL(fileURLWithPath: "Evaluation/prepared"),
///     repository: URL(fileURLWithPath: "."))
/// let input = try await loader.load(.handbook, split: nil, limit: nil, model: model, logger: logger)
/// let report = try EvalRunner(engine: AnswerEngine(snapshot: input.snapshot)).run(input.questions, set: input.name, split: input.side)
/// ```
public struct EvalSetLoader: Sendable {
    /// The shared data folder, read in place.
    public var data: URL
    /// Where prepared corpora and questions are written (outside git).
    public var prepared: URL
    /// The repository root (the handbook and the repository's question sets).
    public var repository: URL

    public init(data: URL, prepared: URL, repository: URL) {
        self.data = data
        self.prepared = prepared
        self.repository = repository
    }

    /// What an evaluation runs on: the snapshot to ask, the questions of the side asked for, and how long the import took.
    public struct Input: Sendable {
        public var snapshot: IndexSnapshot
        public var questions: [EvalQuestion]
        /// Seconds the import into the temporary store took; `nil` for a question file against an existing database.
        public var importSeconds: Double?
        /// The set's name (or the question file's path).
        public var name: String
        /// The side asked.
        public var side: EvalSplit
    }

    /// The folder a set is prepared into.
    public func folder(_ set: EvalSet) -> URL { prepared.appendingPathComponent(set.rawValue) }

    /// Writes a set's `corpus.jsonl` and `questions.jsonl` from the shared data.
    public func prepare(_ set: EvalSet) throws -> (pages: Int, questions: Int) {
        try set.prepare(data: data, repository: repository, output: folder(set))
    }

    /// Prepares the set when needed, imports its corpus into a temporary store (folders through the importer, the way
    /// a user imports, corpora as content) and loads the snapshot; the store is deleted before returning.
    ///
    /// - Parameters:
    ///   - split: the side asked; `nil` for the set's default side.
    ///   - limit: only the first `limit` questions of the side.
    /// - Throws: `AskbookError.noQuestions` when the side has no question, `AskbookError.emptyIndex` when the
    ///   import yields no index, or what preparing and importing throw.
    public func load(_ set: EvalSet, split: EvalSplit?, limit: Int?, model: VectorizerModel, logger: Logger) async throws -> Input {
        let folder = folder(set)
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("questions.jsonl").path) {
            _ = try prepare(set)
        }
        let side = split ?? set.defaultSplit
        var questions = try EvalQuestion.load(path: folder.appendingPathComponent("questions.jsonl").path)
            .filter(side.includes)
        if let limit { questions = Array(questions.prefix(limit)) }
        guard !questions.isEmpty else { throw AskbookError.noQuestions(side: side.rawValue, source: set.rawValue) }

        let temporary = try TemporaryStore(prefix: "askbook-eval-\(set.rawValue)")
        defer { temporary.remove() }
        let importer = Importer(store: temporary.store, model: model, logger: logger)
        let started = Date()
        let sources = set.sources(data: data, repository: repository)
        if !sources.isEmpty {
            // Every folder into the same organization, so the questions are asked across all of their spaces.
            for source in sources { _ = try await importer.run(path: source.folder.path, spaceID: source.spaceID) }
        } else {
            let pages = try CorpusPage.load(path: folder.appendingPathComponent("corpus.jsonl").path)
            _ = try await importer.commit(CorpusPage.content(pages, spaceID: set.spaceID, title: set.rawValue))
        }
        let importSeconds = Date().timeIntervalSince(started)
        guard let snapshot = try await temporary.store.loadSnapshot() else { throw AskbookError.emptyIndex }
        return Input(snapshot: snapshot, questions: questions, importSeconds: importSeconds, name: set.rawValue, side: side)
    }

    /// A question file to ask of an existing snapshot (`askbook eval QUESTIONS.jsonl --db FILE`): the questions of
    /// `split` (every line for `all` or `nil`), the first `limit` of them.
    ///
    /// - Throws: `AskbookError.noQuestions` when the side has no question.
    public static func questionFile(path: String, split: EvalSplit?, limit: Int?, snapshot: IndexSnapshot) throws -> Input {
        let side = split ?? .all
        var questions = try EvalQuestion.load(path: path).filter(side.includes)
        guard !questions.isEmpty else { throw AskbookError.noQuestions(side: side.rawValue, source: path) }
        if let limit { questions = Array(questions.prefix(limit)) }
        return Input(snapshot: snapshot, questions: questions, importSeconds: nil, name: path, side: side)
    }
}
