import Foundation

/// The evaluation sets built from `../shared/data` (and the repository's own question sets), and how each is prepared.
///
/// Preparing writes `corpus.jsonl` and `questions.jsonl` under an output folder outside git; the shared data is read in
/// place and never copied into the repository.
public enum EvalSet: String, CaseIterable, Sendable {
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
    public var defaultSplit: String { self == .gitbook || self == .handbook ? "all" : "test" }

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
    /// - Throws: `AskbookError.invalidArgument` when the shared data is missing or malformed.
    public func prepare(data: URL, repository: URL, output: URL) throws -> (pages: Int, questions: Int) {
        let (pages, questions): ([CorpusPage], [EvalQuestion])
        switch self {
        case .squad: (pages, questions) = try Self.squad(data.appendingPathComponent("squad-v1.1-dev.json"))
        case .scifact: (pages, questions) = try Self.scifact(data.appendingPathComponent("scifact"))
        case .clapnq: (pages, questions) = try Self.clapnq(data.appendingPathComponent("clapnq-dev"))
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

    // MARK: Readers of the shared formats

    private static func json(_ url: URL) throws -> Any {
        guard let data = try? Data(contentsOf: url) else { throw AskbookError.invalidArgument("Cannot read \(url.path).") }
        return try JSONSerialization.jsonObject(with: data)
    }

    private static func jsonLines(_ url: URL) throws -> [[String: Any]] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw AskbookError.invalidArgument("Cannot read \(url.path).") }
        return try text.split(whereSeparator: \.isNewline).map {
            guard let object = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] else {
                throw AskbookError.invalidArgument("\(url.path): a line is not a JSON object.")
            }
            return object
        }
    }

    private static func squad(_ url: URL) throws -> ([CorpusPage], [EvalQuestion]) {
        guard let root = try json(url) as? [String: Any], let articles = root["data"] as? [[String: Any]] else {
            throw AskbookError.invalidArgument("\(url.path) is not SQuAD v1.1.")
        }
        var pages: [CorpusPage] = []
        var questions: [EvalQuestion] = []
        for (index, article) in articles.enumerated() {
            let title = article["title"] as? String ?? "article-\(index)"
            let paragraphs = article["paragraphs"] as? [[String: Any]] ?? []
            pages.append(
                CorpusPage(
                    page: title,
                    title: title.replacingOccurrences(of: "_", with: " "),
                    sections: paragraphs.enumerated().map {
                        CorpusPage.Section(id: "p\($0.offset)", title: "", text: $0.element["context"] as? String ?? "")
                    }
                )
            )
            for (p, paragraph) in paragraphs.enumerated() {
                for qa in paragraph["qas"] as? [[String: Any]] ?? [] {
                    let answers = (qa["answers"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
                    questions.append(
                        EvalQuestion(
                            id: qa["id"] as? String ?? UUID().uuidString,
                            question: qa["question"] as? String ?? "",
                            answers: Array(Set(answers)).sorted(),
                            gold: .init(space: "squad", page: title, section: "p\(p)"),
                            split: index < 24 ? "tune" : "test"
                        )
                    )
                }
            }
        }
        return (pages, questions)
    }

    private static func scifact(_ folder: URL) throws -> ([CorpusPage], [EvalQuestion]) {
        let pages = try jsonLines(folder.appendingPathComponent("corpus.jsonl")).map { doc in
            let id = "\(doc["_id"] ?? "")"
            let title = doc["title"] as? String ?? id
            return CorpusPage(page: id, title: title, sections: [.init(id: "abstract", title: title, text: doc["text"] as? String ?? "")])
        }
        let texts = Dictionary(
            try jsonLines(folder.appendingPathComponent("queries.jsonl")).map { ("\($0["_id"] ?? "")", $0["text"] as? String ?? "") },
            uniquingKeysWith: { a, _ in a }
        )
        var questions: [EvalQuestion] = []
        for (file, split) in [("qrels/train.tsv", "tune"), ("qrels/test.tsv", "test")] {
            guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else {
                throw AskbookError.invalidArgument("Cannot read \(folder.appendingPathComponent(file).path).")
            }
            var relevant: [String: [String: Int]] = [:]
            var order: [String] = []
            for line in text.split(whereSeparator: \.isNewline).dropFirst() {
                let fields = line.split(separator: "\t").map(String.init)
                guard fields.count >= 3, let grade = Int(fields[2]) else { continue }
                if relevant[fields[0]] == nil { order.append(fields[0]) }
                relevant[fields[0], default: [:]][fields[1]] = grade
            }
            for id in order {
                let graded = relevant[id]!
                let best = graded.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }!.key
                questions.append(
                    EvalQuestion(
                        id: "scifact-\(id)",
                        question: texts[id] ?? "",
                        answers: [],
                        gold: .init(space: "scifact", page: best, section: "abstract"),
                        relevant: graded,
                        split: split
                    )
                )
            }
        }
        return (pages, questions)
    }

    private static func clapnq(_ folder: URL) throws -> ([CorpusPage], [EvalQuestion]) {
        var pages: [CorpusPage] = []
        var pageByText: [String: String] = [:]
        var questions: [EvalQuestion] = []
        for file in ["clapnq_dev_answerable.jsonl", "clapnq_dev_unanswerable.jsonl"] {
            let lines = try jsonLines(folder.appendingPathComponent(file))
            for (index, line) in lines.enumerated() {
                let passages = line["passages"] as? [[String: Any]] ?? []
                var goldPage: String?
                for passage in passages {
                    let title = passage["title"] as? String ?? ""
                    let text = passage["text"] as? String ?? ""
                    let key = title + "\u{1F}" + text
                    if pageByText[key] == nil {
                        let id = "passage-\(pages.count)"
                        pageByText[key] = id
                        pages.append(CorpusPage(page: id, title: title, sections: [.init(id: "passage", title: title, text: text)]))
                    }
                    goldPage = goldPage ?? pageByText[key]
                }
                let answer = ((line["output"] as? [[String: Any]])?.first?["answer"] as? String ?? "").trimmingWhitespace()
                questions.append(
                    EvalQuestion(
                        id: "clapnq-\(line["id"] ?? index)",
                        question: line["input"] as? String ?? "",
                        answers: answer.isEmpty ? [] : [answer],
                        gold: answer.isEmpty ? nil : goldPage.map { .init(space: "clapnq", page: $0, section: "passage") },
                        split: index < lines.count / 2 ? "tune" : "test",
                        notes: answer.isEmpty ? "unanswerable" : nil
                    )
                )
            }
        }
        return (pages, questions)
    }
}
