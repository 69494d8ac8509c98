import ArgumentParser
import AskbookCore
import AskbookEvaluation
import Foundation

/// `askbook eval`: measure retrieval, answers and abstention on a question set, side by side with BM25.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure Askbook on an evaluation set (squad, scifact, clapnq, gitbook, handbook, docs-org) or a question file.",
        subcommands: [Run.self, Prepare.self],
        defaultSubcommand: Run.self
    )

    /// Where the shared data, the prepared sets and the repository are.
    struct Locations: ParsableArguments {
        @Option(name: .long, help: "The shared data folder.")
        var data = "../shared/data"

        @Option(name: .long, help: "Where prepared corpora and questions are written (outside git).")
        var prepared = "Evaluation/prepared"

        var loader: EvalSetLoader {
            EvalSetLoader(
                data: URL(fileURLWithPath: data),
                prepared: URL(fileURLWithPath: prepared),
                repository: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            )
        }
    }

    struct Prepare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Build a set's corpus.jsonl and questions.jsonl from the shared data.")

        @Argument(help: "squad, scifact, clapnq, gitbook, handbook or docs-org.")
        var set: String

        @OptionGroup var locations: Locations

        func validate() throws {
            guard EvalSet(rawValue: set) != nil else {
                throw ValidationError("Unknown set '\(set)'; use squad, scifact, clapnq, gitbook, handbook or docs-org.")
            }
        }

        func run() async throws {
            let evalSet = EvalSet(rawValue: set)!
            let loader = locations.loader
            let (pages, questions) = try loader.prepare(evalSet)
            print("\(set): \(pages) pages, \(questions) questions → \(loader.folder(evalSet).path)")
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Evaluate a set (imported into a temporary store) or a question file against --db."
        )

        @Argument(help: "A set name (squad, scifact, clapnq, gitbook, handbook, docs-org) or a questions .jsonl file.")
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
                throw ValidationError("Unknown set '\(target)'; use squad, scifact, clapnq, gitbook, handbook, docs-org or a .jsonl file.")
            }
        }

        func run() async throws {
            let input: EvalSetLoader.Input
            if let set = EvalSet(rawValue: target) {
                input = try await locations.loader.load(
                    set,
                    split: split,
                    limit: limit,
                    model: try modelOptions.load(),
                    logger: storeOptions.logger()
                )
            } else {
                input = try EvalSetLoader.questionFile(path: target, split: split, limit: limit, snapshot: try await storeOptions.loadSnapshot())
            }
            var configuration = ComposerConfiguration()
            configuration.minTopScore = minTopScore ?? configuration.minTopScore
            configuration.minCoverage = minCoverage ?? configuration.minCoverage
            let runner = EvalRunner(engine: AnswerEngine(snapshot: input.snapshot), configuration: configuration)
            let result = try runner.run(
                input.questions,
                set: input.name,
                split: input.side,
                importSeconds: input.importSeconds
            )
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
    }
}
