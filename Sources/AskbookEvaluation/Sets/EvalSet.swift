import AskbookCore
import Foundation

/// The evaluation sets built from `../shared/data` (and the repository's own question sets), and how each is prepared.
///
/// Preparing writes `corpus.jsonl` and `questions.jsonl` under an output folder outside git; the shared data is read in
/// place and never copied into the repository.
public enum EvalSet: String, Codable, CaseIterable, Sendable {
    /// SQuAD v1.1 dev: each article a page, each paragraph a section; gold = the question's paragraph.
    /// Tuning side: articles 1–24; test side: 25–48.
    case squad
    /// BEIR SciFact: each abstract a page; graded gold from `qrels/test.tsv` (test) and `qrels/train.tsv` (tuning).
    case scifact
    /// CLAP NQ dev: the gold passages of both files as the corpus; 300 unanswerable questions included.
    /// Tuning side: the first half of each file.
    case clapnq
    /// GitBook's documentation space with `Evaluation/questions/gitbook.jsonl`.
    case gitbook
    /// The sample handbook with `Evaluation/questions/handbook.jsonl`.
    case handbook

    /// The space id the set's corpus is imported as (the `space` of its gold).
    public var spaceID: String { rawValue }

    /// The name of the set's reports in `Evaluation/reports/`: what the data is rather than the data set's own name, so
    /// report files are never mistaken for copies of `../shared/data`.
    public var reportLabel: String {
        switch self {
        case .squad: "reading-paragraphs"
        case .scifact: "science-claims"
        case .clapnq: "natural-questions"
        case .gitbook: "gitbook-docs"
        case .handbook: "handbook"
        }
    }

    /// The side measured when none is asked for: `test` where a tuning side exists, else every question.
    public var defaultSplit: EvalSplit { self == .gitbook || self == .handbook ? .all : .test }

    /// Where the set's documentation folder is, for the folder-based sets.
    public func folder(data: URL, repository: URL) -> URL? {
        switch self {
        case .gitbook: data.appendingPathComponent("gitbook-public-docs/documentation")
        case .handbook: repository.appendingPathComponent("Evaluation/spaces/askbook-handbook")
        default: nil
        }
    }

    /// Writes `corpus.jsonl` and `questions.jsonl` for this set into `output`.
    ///
    /// - Throws: `AskbookError.unreadableFile` or `.malformedData` when the shared data is missing or malformed.
    public func prepare(data: URL, repository: URL, output: URL) throws -> (pages: Int, questions: Int) {
        let (pages, questions): ([CorpusPage], [EvalQuestion])
        switch self {
        case .squad: (pages, questions) = try SQuADReader.read(data.appendingPathComponent("squad-v1.1-dev.json"))
        case .scifact: (pages, questions) = try SciFactReader.read(data.appendingPathComponent("scifact"))
        case .clapnq: (pages, questions) = try CLAPNQReader.read(data.appendingPathComponent("clapnq-dev"))
        case .gitbook, .handbook:
            let folder = folder(data: data, repository: repository)!
            let content = try SpaceLoader().load(path: folder.path, spaceID: spaceID)[0]
            pages = CorpusPage.pages(from: content)
            questions = try EvalQuestion.load(path: repository.appendingPathComponent("Evaluation/questions/\(rawValue).jsonl").path)
        }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try CorpusPage.write(pages, to: output.appendingPathComponent("corpus.jsonl").path)
        try EvalQuestion.write(questions, to: output.appendingPathComponent("questions.jsonl").path)
        return (pages.count, questions.count)
    }
}
