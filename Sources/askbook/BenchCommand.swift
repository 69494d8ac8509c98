import ArgumentParser
import AskbookCore
import AskbookStore
import Foundation
import Logging

/// `askbook bench`: import, vectorize, load and query throughput and latency on corpora of a given size, with the
/// streaming-read bandwidth of the same matrix as the ceiling. Figures are medians over repeated runs.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark import, search and ask on corpora of N chunks (SQuAD paragraphs repeated, or generated text)."
    )

    @Option(name: .long, parsing: .upToNextOption, help: "Corpus sizes in chunks.")
    var chunks: [Int] = [10_000]

    @Option(name: .long, help: "Queries timed per size.")
    var queries = 200

    @Option(name: .long, help: "The shared data folder (SQuAD); generated text is used when it is absent.")
    var data = "../shared/data"

    @Flag(name: .long, help: "Print the figures as JSON.")
    var json = false

    @OptionGroup var modelOptions: ModelOptions

    func validate() throws {
        guard !chunks.isEmpty, chunks.allSatisfy({ (100...2_000_000).contains($0) }) else {
            throw ValidationError("--chunks takes sizes from 100 to 2,000,000.")
        }
        guard (10...100_000).contains(queries) else { throw ValidationError("--queries must be 10…100,000.") }
    }

    struct Figures: Encodable {
        var chunks: Int
        var markdownMB: Double
        var importSeconds: Double
        var importMBPerSecond: Double
        var importChunksPerSecond: Double
        var snapshotLoadSeconds: Double
        var searchP50Milliseconds: Double
        var searchP99Milliseconds: Double
        var batchedQueriesPerSecond: Double
        var askP50Milliseconds: Double
        var askP99Milliseconds: Double
        var matrixMB: Double
        var bytesPerChunk: Double
        var residentMB: Double
        var streamingReadGBPerSecond: Double
    }

    func run() async throws {
        let model = try modelOptions.load()
        let (paragraphs, questions) = BenchCorpus.source(data: URL(fileURLWithPath: data))
        var all: [Figures] = []
        for size in chunks {
            all.append(try await measure(size: size, model: model, paragraphs: paragraphs, questions: questions))
        }
        if json {
            print(try JSONOutput.string(all))
            return
        }
        print(
            "| chunks | import MB/s | chunks/s | load s | search p50/p99 ms | batch q/s | ask p50/p99 ms | MB matrix | B/chunk | RSS MB | stream GB/s |"
        )
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for f in all {
            print(
                String(
                    format: "| %d | %.2f | %.0f | %.2f | %.2f / %.2f | %.0f | %.2f / %.2f | %.0f | %.0f | %.0f | %.1f |",
                    f.chunks,
                    f.importMBPerSecond,
                    f.importChunksPerSecond,
                    f.snapshotLoadSeconds,
                    f.searchP50Milliseconds,
                    f.searchP99Milliseconds,
                    f.batchedQueriesPerSecond,
                    f.askP50Milliseconds,
                    f.askP99Milliseconds,
                    f.matrixMB,
                    f.bytesPerChunk,
                    f.residentMB,
                    f.streamingReadGBPerSecond
                )
            )
        }
    }

    private func measure(size: Int, model: VectorizerModel, paragraphs: [String], questions: [String]) async throws -> Figures {
        let pages = BenchCorpus.pages(chunks: size, paragraphs: paragraphs)
        let markdownBytes = pages.reduce(0) { $0 + $1.sections.reduce(0) { $0 + $1.text.utf8.count } }
        let database = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-bench-\(UUID().uuidString).sqlite")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) } }
        let store = try Store.open(path: database.path)
        let importer = Importer(store: store, model: model, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))

        let importStarted = ContinuousClock.now
        let summary = try await importer.commit(CorpusPage.content(pages, spaceID: "bench", title: "Bench"))
        let importSeconds = (ContinuousClock.now - importStarted).seconds

        var loads: [Double] = []
        var snapshot: IndexSnapshot?
        for _ in 0..<3 {
            let started = ContinuousClock.now
            snapshot = try await store.loadSnapshot()
            loads.append((ContinuousClock.now - started).seconds)
        }
        guard let snapshot else { throw AskbookError.emptyIndex }
        let retriever = Retriever(snapshot: snapshot)
        let timed = (0..<queries).map { questions[$0 % questions.count] }

        var search: [Double] = []
        for query in timed {
            let started = ContinuousClock.now
            _ = retriever.retrieve(query, limit: 10)
            search.append((ContinuousClock.now - started).seconds * 1000)
        }
        let batchStarted = ContinuousClock.now
        for start in stride(from: 0, to: timed.count, by: 64) {
            _ = retriever.retrieve(batch: Array(timed[start..<min(timed.count, start + 64)]), limit: 10)
        }
        let batchSeconds = (ContinuousClock.now - batchStarted).seconds

        let answerer = QuestionAnswerer(snapshot: snapshot)
        var ask: [Double] = []
        for query in timed.prefix(100) {
            let started = ContinuousClock.now
            _ = try answerer.ask(query)
            ask.append((ContinuousClock.now - started).seconds * 1000)
        }

        let matrixBytes = Double(snapshot.index.rowCount * snapshot.index.dimension * MemoryLayout<Float>.size)
        var reads: [Double] = []
        for _ in 0..<5 {
            let started = ContinuousClock.now
            let total = snapshot.index.streamingSum()
            reads.append(matrixBytes / (ContinuousClock.now - started).seconds / 1e9)
            if total.isNaN { print("") }  // keeps the read from being optimised away
        }
        return Figures(
            chunks: summary.chunks,
            markdownMB: Double(markdownBytes) / 1e6,
            importSeconds: importSeconds,
            importMBPerSecond: Double(markdownBytes) / 1e6 / importSeconds,
            importChunksPerSecond: Double(summary.chunks) / importSeconds,
            snapshotLoadSeconds: EvalMetrics.percentile(50, of: loads),
            searchP50Milliseconds: EvalMetrics.percentile(50, of: search),
            searchP99Milliseconds: EvalMetrics.percentile(99, of: search),
            batchedQueriesPerSecond: Double(timed.count) / batchSeconds,
            askP50Milliseconds: EvalMetrics.percentile(50, of: ask),
            askP99Milliseconds: EvalMetrics.percentile(99, of: ask),
            matrixMB: matrixBytes / 1e6,
            bytesPerChunk: matrixBytes / Double(max(1, summary.chunks)),
            residentMB: BenchCorpus.residentMegabytes(),
            streamingReadGBPerSecond: EvalMetrics.percentile(50, of: reads)
        )
    }
}

extension Duration {
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
