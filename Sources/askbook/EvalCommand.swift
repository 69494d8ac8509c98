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
        var set: EvalSet

        @OptionGroup var locations: Locations

        func run() async throws {
            let loader = locations.loader
            let (pages, questions) = try loader.prepare(set)
            print("\(set.rawValue): \(pages) pages, \(questions) questions → \(loader.folder(set).path)")
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Evaluate a set (imported into a temporary store) or a question file against --db.")

        @Argument(help: "A set name (squad, scifact, clapnq, gitbook, handbook, docs-org) or a questions .jsonl file.")
        var target: EvalTarget

        @Option(name: .long, help: "Which side: test, tune or all (default: test where a tuning side exists).")
        var split: EvalSplit?

        @Option(name: .long, help: "Only ask the first N questions.")
        var limit: Int?

        @OptionGroup var output: ReportOptions

        @Option(name: .long, help: "Write every question's answer, with whether it hit, as JSON Lines to this file.")
        var dump: String?

        @Option(name: .long, help: "A baseline's metrics JSON (Evaluation/baselines/bm25.py) to print beside Askbook.")
        var compare: String?

        @Option(name: .long, help: "Calibration: abstain below this best-chunk cosine (default \(ComposerConfiguration().minTopScore)).")
        var minTopScore: Float?

        @Option(name: .long, help: "Calibration: abstain below this lead-sentence coverage (default \(ComposerConfiguration().minCoverage)).")
        var minCoverage: Float?

        @Option(
            name: .long,
            help:
                "Calibration: abstain when no candidate chunk holds this share of the query's idf (default \(ComposerConfiguration().minChunkCoverage))."
        )
        var minChunkCoverage: Float?

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Calibration: when the rerank and the cosine disagree on the best chunk, abstain below this chunk coverage (default \(ComposerConfiguration().minDisagreeingChunkCoverage))."
            )
        )
        var minDisagreeingChunkCoverage: Float?

        @Flag(
            inversion: .prefixedNo,
            help: "Calibration: abstain when the question names something the lead's space never mentions (default on)."
        )
        var abstainOnUnknownNames = ComposerConfiguration().abstainsOnUnknownNames

        @Option(name: .long, help: "Tuning: weight of the answer-type fit (default \(ComposerConfiguration().cueWeight)).")
        var cueWeight: Float?

        @Option(name: .long, help: "Tuning: characters of quoted text an answer grows to (default \(ComposerConfiguration().maxAnswerCharacters)).")
        var maxAnswerCharacters: Int?

        @Option(
            name: .long,
            help: "Tuning: characters of the sentences around the lead quoted with it (default \(ComposerConfiguration().leadContextCharacters))."
        )
        var leadContextCharacters: Int?

        @OptionGroup var locations: Locations
        @OptionGroup var modelOptions: ModelOptions
        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            if let limit, limit < 1 { throw ValidationError("--limit must be at least 1.") }
            if let leadContextCharacters, !(0...10_000).contains(leadContextCharacters) {
                throw ValidationError("--lead-context-characters must be between 0 and 10000.")
            }
        }

        func run() async throws {
            let input: EvalSetLoader.Input
            switch target {
            case .set(let set):
                input = try await locations.loader.load(
                    set,
                    split: split,
                    limit: limit,
                    model: try modelOptions.load(),
                    logger: storeOptions.logger()
                )
            case .questionFile(let path):
                input = try EvalSetLoader.questionFile(path: path, split: split, limit: limit, snapshot: try await storeOptions.loadSnapshot())
            }
            var configuration = ComposerConfiguration()
            configuration.minTopScore = minTopScore ?? configuration.minTopScore
            configuration.minCoverage = minCoverage ?? configuration.minCoverage
            configuration.minChunkCoverage = minChunkCoverage ?? configuration.minChunkCoverage
            configuration.minDisagreeingChunkCoverage = minDisagreeingChunkCoverage ?? configuration.minDisagreeingChunkCoverage
            configuration.abstainsOnUnknownNames = abstainOnUnknownNames
            configuration.cueWeight = cueWeight ?? configuration.cueWeight
            configuration.maxAnswerCharacters = maxAnswerCharacters ?? configuration.maxAnswerCharacters
            configuration.leadContextCharacters = leadContextCharacters ?? configuration.leadContextCharacters
            let runner = EvalRunner(engine: AnswerEngine(snapshot: input.snapshot), configuration: configuration)
            var dumped: [EvalAnswerDump] = []
            func inspect(_ question: EvalQuestion, _ answer: AnswerResult, _ ranking: Retrieval) {
                if dump != nil { dumped.append(EvalAnswerDump(question: question, result: answer, ranking: ranking)) }
            }
            let result = try runner.run(input.questions, set: input.name, split: input.side, importSeconds: input.importSeconds, inspect: inspect)
            if let dump { try JSONLines.write(dumped, path: dump) }
            let baseline = try compare.map(BaselineMetrics.load(path:))
            var printable = result
            printable.latencies = []
            print(output.json ? try JSONOutput.string(printable) : EvalTable.markdown(result, baseline: baseline))
            if output.report {
                let path = try EvalReportWriter(result: result, baseline: baseline, context: output.context(model: modelOptions.model)).write()
                print("report: \(path)")
            }
        }
    }
}
