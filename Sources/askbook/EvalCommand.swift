import ArgumentParser
import AskbookCore
import AskbookStore
import Foundation
import Logging

/// `askbook eval`: measure retrieval, answers and abstention on a question set, side by side with BM25.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure Askbook on an evaluation set (squad, scifact, clapnq, gitbook, handbook) or a question file.",
        subcommands: [Run.self, Prepare.self],
        defaultSubcommand: Run.self
    )

    /// Where the shared data, the prepared sets and the repository are.
    struct Locations: ParsableArguments {
        @Option(name: .long, help: "The shared data folder.")
        var data = "../shared/data"

        @Option(name: .long, help: "Where prepared corpora and questions are written (outside git).")
        var prepared = "Evaluation/prepared"

        var dataURL: URL { URL(fileURLWithPath: data) }
        var repository: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath) }
        func folder(_ set: EvalSet) -> URL { URL(fileURLWithPath: prepared).appendingPathComponent(set.rawValue) }
    }

    struct Prepare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build a set's corpus.jsonl and questions.jsonl from the shared data.")

        @Argument(help: "squad, scifact, clapnq, gitbook or handbook.")
        var set: String

        @OptionGroup var locations: Locations

        func validate() throws {
            guard EvalSet(rawValue: set) != nil else {
                throw ValidationError("Unknown set '\(set)'; use squad, scifact, clapnq, gitbook or handbook.")
            }
        }

        func run() async throws {
            let evalSet = EvalSet(rawValue: set)!
            let output = locations.folder(evalSet)
            let (pages, questions) = try evalSet.prepare(data: locations.dataURL, repository: locations.repository, output: output)
            print("\(set): \(pages) pages, \(questions) questions → \(output.path)")
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Evaluate a set (imported into a temporary store) or a question file against --db."
        )

        @Argument(help: "A set name (squad, scifact, clapnq, gitbook, handbook) or a questions .jsonl file.")
        var target: String

        @Option(name: .long, help: "Which side: test, tune or all (default: test where a tuning side exists).")
        var split: String?

        @Option(name: .long, help: "Only ask the first N questions.")
        var limit: Int?

        @Flag(name: .long, help: "Print the metrics as JSON.")
        var json = false

        @Flag(name: .long, help: "Write a markdown report with SVG charts to Evaluation/reports/.")
        var report = false

        @Option(name: .long, help: "A baseline's metrics JSON (Evaluation/baselines/bm25.py) to print beside Askbook.")
        var compare: String?

        @Option(name: .long, help: "Calibration: abstain below this best-chunk cosine (default \(ComposerConfiguration().minTopScore)).")
        var minTopScore: Float?

        @Option(name: .long, help: "Calibration: abstain below this lead-sentence coverage (default \(ComposerConfiguration().minCoverage)).")
        var minCoverage: Float?

        @OptionGroup var locations: Locations
        @OptionGroup var modelOptions: ModelOptions
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
            if let split, !["test", "tune", "all"].contains(split) { throw ValidationError("--split must be test, tune or all.") }
            if EvalSet(rawValue: target) == nil && !target.hasSuffix(".jsonl") {
                throw ValidationError("Unknown set '\(target)'; use squad, scifact, clapnq, gitbook, handbook or a .jsonl file.")
            }
        }

        func run() async throws {
            let (answerer, questions, importSeconds, setName, side) = try await load()
            var configuration = ComposerConfiguration()
            configuration.minTopScore = minTopScore ?? configuration.minTopScore
            configuration.minCoverage = minCoverage ?? configuration.minCoverage
            let calibrated = QuestionAnswerer(snapshot: answerer.retriever.snapshot, configuration: configuration)
            let result = try EvalRunner(answerer: calibrated).run(questions, set: setName, split: side, importSeconds: importSeconds)
            let baseline = try compare.map { try JSONDecoder().decode(BaselineMetrics.self, from: Data(contentsOf: URL(fileURLWithPath: $0))) }
            if json {
                var printable = result
                printable.latencies = []
                print(try JSONOutput.string(printable))
            } else {
                print(EvalTable.markdown(result, baseline: baseline))
            }
            if report {
                let command = (["askbook"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
                let path = try EvalReportWriter(result: result, baseline: baseline, command: command, model: modelOptions.model).write()
                print("report: \(path)")
            }
        }

        private func load() async throws -> (QuestionAnswerer, [EvalQuestion], Double?, String, String) {
            guard let set = EvalSet(rawValue: target) else {
                var questions = try EvalQuestion.load(path: target)
                if let limit { questions = Array(questions.prefix(limit)) }
                return (QuestionAnswerer(snapshot: try await storeOptions.loadSnapshot()), questions, nil, target, split ?? "all")
            }
            let folder = locations.folder(set)
            if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("questions.jsonl").path) {
                _ = try set.prepare(data: locations.dataURL, repository: locations.repository, output: folder)
            }
            let side = split ?? set.defaultSplit
            var questions = try EvalQuestion.load(path: folder.appendingPathComponent("questions.jsonl").path)
                .filter { side == "all" || $0.split == side }
            if let limit { questions = Array(questions.prefix(limit)) }
            guard !questions.isEmpty else { throw AskbookError.invalidArgument("No \(side) questions in \(set.rawValue).") }

            // A temporary store, imported the way a user imports: folders through the importer, corpora as content.
            let database = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-eval-\(set.rawValue)-\(UUID().uuidString).sqlite")
            defer {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
            }
            let store = try Store.open(path: database.path)
            let importer = Importer(store: store, model: try modelOptions.load(), logger: storeOptions.logger())
            let started = Date()
            if let source = set.folder(data: locations.dataURL, repository: locations.repository) {
                _ = try await importer.run(path: source.path, spaceID: set.spaceID)
            } else {
                let pages = try CorpusPage.load(path: folder.appendingPathComponent("corpus.jsonl").path)
                _ = try await importer.commit(CorpusPage.content(pages, spaceID: set.spaceID, title: set.rawValue))
            }
            let importSeconds = Date().timeIntervalSince(started)
            guard let snapshot = try await store.loadSnapshot() else { throw AskbookError.emptyIndex }
            return (QuestionAnswerer(snapshot: snapshot), questions, importSeconds, set.rawValue, side)
        }
    }
}

/// The retrieval metrics the BM25 baseline script prints.
struct BaselineMetrics: Decodable {
    var name: String
    var recallAt1: Double?
    var recallAt5: Double?
    var recallAt20: Double?
    var mrrAt10: Double?
    var ndcgAt10: Double?
    var recallAt100: Double?
    var recallCurve: [Double]?
    var latencyP50: Double?
    var latencyP95: Double?
}
