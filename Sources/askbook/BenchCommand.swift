import ArgumentParser
import AskbookCore
import AskbookEvaluation
import Foundation

/// `askbook bench`: import, vectorise, load, scoring, search and ask on corpora of given sizes, with the
/// streaming-read bandwidth of the same matrix as the ceiling and, with `--baseline`, FAISS and bm25s side by side.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark import, search and ask on corpora of N chunks (SQuAD paragraphs repeated, or generated text).",
        discussion: "Latencies are medians over --runs passes; one OpenBLAS thread per call, as the server runs."
    )

    @Option(name: .long, parsing: .upToNextOption, help: "Corpus sizes in chunks.")
    var chunks: [Int] = [10_000]

    @Option(name: .long, help: "Vector dimension (default: the model's).")
    var dim: Int?

    @Option(name: .long, help: "Queries timed per size.")
    var queries = 200

    @Option(name: .long, help: "Timed passes per figure (the median is reported).")
    var runs = 3

    @Option(name: .long, help: "The shared data folder (SQuAD); generated text is used when it is absent.")
    var data = "../shared/data"

    @Flag(
        name: .long,
        help: "Also run FAISS IndexFlatIP and bm25s (Evaluation/baselines/vector_bench.py) on the same corpus (sizes up to 100,000 chunks)."
    )
    var baseline = false

    @Option(name: .long, help: "The baseline script.")
    var baselineScript = "Evaluation/baselines/vector_bench.py"

    @Option(name: .long, help: "Keep the exported matrix, queries and texts in this folder (one subfolder per size up to 100,000 chunks).")
    var export: String?

    @Option(name: .long, help: "Keep the imported corpus in this database (single size), e.g. to time `askbook serve` on it.")
    var keepDatabase: String?

    @OptionGroup var output: ReportOptions

    @OptionGroup var modelOptions: ModelOptions

    func validate() throws {
        guard !chunks.isEmpty, chunks.allSatisfy({ (100...2_000_000).contains($0) }) else {
            throw ValidationError("--chunks takes sizes from 100 to 2,000,000.")
        }
        guard (10...100_000).contains(queries) else { throw ValidationError("--queries must be 10…100,000.") }
        guard (1...20).contains(runs) else { throw ValidationError("--runs must be 1…20.") }
        if let dim, !(16...65_536).contains(dim) { throw ValidationError("--dim must be 16…65,536.") }
        if keepDatabase != nil, chunks.count != 1 { throw ValidationError("--keep-database takes a single --chunks size.") }
        if let keepDatabase, FileManager.default.fileExists(atPath: keepDatabase) {
            throw ValidationError("\(keepDatabase) exists; --keep-database writes a new database.")
        }
        if baseline, !FileManager.default.fileExists(atPath: baselineScript) {
            throw ValidationError("No baseline script at \(baselineScript); run from the repository root or pass --baseline-script.")
        }
    }

    func run() async throws {
        var model = try modelOptions.load()
        if let dim { model.dimension = dim }
        BLASThreads.set(1)
        let (paragraphs, questions) = BenchCorpus.source(data: URL(fileURLWithPath: data))
        let runner = BenchRunner(
            model: model,
            paragraphs: paragraphs,
            questions: questions,
            queryCount: queries,
            runs: runs,
            baseline: baseline ? BenchBaseline(script: baselineScript, runs: runs) : nil,
            exportFolder: export.map { URL(fileURLWithPath: $0) },
            keptDatabase: keepDatabase.map { URL(fileURLWithPath: $0) }
        )
        var all: [BenchFigures] = []
        for size in chunks {
            all.append(try await runner.measure(size: size))
        }
        print(output.json ? try JSONOutput.string(all) : BenchTable.markdown(all))
        if output.report {
            let path = try BenchReportWriter(figures: all, context: output.context(model: model.id)).write()
            FileHandle.standardError.write(Data("Report written to \(path)\n".utf8))
        }
    }
}
