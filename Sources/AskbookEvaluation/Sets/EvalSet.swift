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
    /// One organization of many spaces: every space of `gitbook-public-docs` (through its `docs.yaml`, ids
    /// `gitbook-<directory>`), `gitbook-wandb-docs` as `wandb` and FastAPI's English docs as `fastapi`, asked
    /// `Evaluation/questions/docs-org.jsonl` plus `gitbook.jsonl` (see ``OrganizationQuestions``).
    case docsOrg = "docs-org"

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
        case .docsOrg: "docs-org"
        }
    }

    /// The side measured when none is asked for: `test` where a tuning side exists, else every question.
    public var defaultSplit: EvalSplit { self == .gitbook || self == .handbook ? .all : .test }

    /// One documentation folder a folder-based set imports, and the space id it is imported as (for a `docs.yaml`
    /// site, the prefix of its spaces' ids).
    public struct Source: Sendable, Hashable {
        public var folder: URL
        public var spaceID: String
    }

    /// The documentation folders of the folder-based sets, imported in this order into one organization; empty for
    /// the sets prepared from data files.
    public func sources(data: URL, repository: URL) -> [Source] {
        switch self {
        case .gitbook: [Source(folder: data.appendingPathComponent("gitbook-public-docs/documentation"), spaceID: spaceID)]
        case .handbook: [Source(folder: repository.appendingPathComponent("Evaluation/spaces/askbook-handbook"), spaceID: spaceID)]
        case .docsOrg:
            [
                Source(folder: data.appendingPathComponent("gitbook-public-docs"), spaceID: "gitbook"),
                Source(folder: data.appendingPathComponent("gitbook-wandb-docs"), spaceID: "wandb"),
                Source(folder: data.appendingPathComponent("fastapi-docs/docs/en/docs"), spaceID: "fastapi"),
            ]
        default: []
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
            let source = sources(data: data, repository: repository)[0]
            let content = try SpaceLoader().load(path: source.folder.path, spaceID: source.spaceID)[0]
            pages = CorpusPage.pages(from: content)
            questions = try EvalQuestion.load(path: repository.appendingPathComponent("Evaluation/questions/\(rawValue).jsonl").path)
        case .docsOrg:
            // The sections exactly as the import creates them, each page keyed by its space as well.
            var contents: [SpaceContent] = []
            for source in sources(data: data, repository: repository) {
                guard FileManager.default.fileExists(atPath: source.folder.path) else {
                    throw AskbookError.unreadableSource("\(source.folder.path) is missing; docs-org needs it.")
                }
                contents += try SpaceLoader().load(path: source.folder.path, spaceID: source.spaceID)
            }
            guard contents.contains(where: { $0.spaceId == OrganizationQuestions.documentationSpace }) else {
                throw AskbookError.malformedData(
                    path: data.path,
                    reason: "the import made no space \(OrganizationQuestions.documentationSpace) for gitbook.jsonl's gold"
                )
            }
            pages = contents.flatMap { CorpusPage.pages(from: $0, keyedBySpace: true) }
            questions = try OrganizationQuestions.load(repository: repository)
        }
        try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
        try CorpusPage.write(pages, to: output.appendingPathComponent("corpus.jsonl").path)
        try EvalQuestion.write(questions, to: output.appendingPathComponent("questions.jsonl").path)
        return (pages.count, questions.count)
    }
}
