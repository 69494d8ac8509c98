import AskbookCore
import AskbookStore
import Foundation
import Logging

/// Measures one corpus size for `askbook bench`: builds the corpus, imports it into a temporary store, loads the
/// snapshot and times scoring, search and ask, each a median over `runs` passes.
public struct BenchRunner: Sendable {
    let model: VectorizerModel
    let paragraphs: [String]
    let questions: [String]
    let queryCount: Int
    let runs: Int
    /// Imports at most this many chunks are repeated `runs` times; larger ones run once.
    let repeatedImportLimit = 20_000
    /// Queries the full (dense) product is timed on.
    static let denseQueries = 20
    /// Larger corpora are imported as several spaces of this many chunks (searched together).
    static let spaceChunks = 100_000
    /// Runs FAISS and bm25s on the exported corpus when set.
    let baseline: BenchBaseline?
    /// Where to export the corpus (a temporary folder when only the baseline needs it).
    let exportFolder: URL?
    /// Where the last import's database goes instead of being deleted.
    let keptDatabase: URL?

    /// A runner over `paragraphs` (repeated to each size) timing `queryCount` of `questions`, medians over `runs`.
    public init(
        model: VectorizerModel,
        paragraphs: [String],
        questions: [String],
        queryCount: Int,
        runs: Int,
        baseline: BenchBaseline?,
        exportFolder: URL?,
        keptDatabase: URL?
    ) {
        self.model = model
        self.paragraphs = paragraphs
        self.questions = questions
        self.queryCount = queryCount
        self.runs = runs
        self.baseline = baseline
        self.exportFolder = exportFolder
        self.keptDatabase = keptDatabase
    }

    /// Builds a corpus of `size` chunks, imports it into a temporary store and times everything on it.
    public func measure(size: Int) async throws -> BenchFigures {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        // The corpus, as spaces of at most `spaceChunks` chunks: an import holds one space's features in memory.
        let spaces = stride(from: 0, to: size, by: Self.spaceChunks).map { start in
            (id: "bench-\(start / Self.spaceChunks)", chunks: start..<min(size, start + Self.spaceChunks))
        }
        func content(_ space: (id: String, chunks: Range<Int>)) -> SpaceContent {
            CorpusPage.content(BenchCorpus.pages(chunks: space.chunks, paragraphs: paragraphs), spaceID: space.id, title: space.id)
        }

        // Vectorisation alone (features on all cores, then quantized vectors), on the first space.
        let (featureSeconds, vectorSeconds, vectorisedChunks) = await vectorisation(content(spaces[0]))

        // Import through the store, each run into a new database (a re-import would reuse the stored features).
        var imports: [Double] = []
        var markdownBytes = 0
        var chunkCount = 0
        var opened: Store?
        let importRuns = size <= repeatedImportLimit ? runs : 1
        let importer = { (store: Store) in
            Importer(store: store, model: model, logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        }
        for run in 0..<importRuns {
            let kept = run == importRuns - 1 ? keptDatabase?.path : nil
            let store = try kept.map { try Store.open(path: $0) } ?? TemporaryStore(prefix: "bench-\(run)", in: folder).store
            var seconds = 0.0
            (markdownBytes, chunkCount) = (0, 0)
            for space in spaces {
                let pages = content(space)
                markdownBytes += pages.pages.reduce(0) { $0 + $1.sections.reduce(0) { $0 + $1.text.utf8.count } }
                let started = ContinuousClock.now
                chunkCount += try await importer(store).commit(pages).chunks
                seconds += started.elapsedSeconds
            }
            imports.append(seconds)
            opened = store
        }
        guard let store = opened else { throw AskbookError.emptyIndex }

        // A docs team's edit: one page in a hundred of the first space changed, the space imported again.
        var changed = content(spaces[0])
        for p in stride(from: 0, to: changed.pages.count, by: 100) where !changed.pages[p].sections.isEmpty {
            changed.pages[p].sections[0].blocks.append(Block(.paragraph, "Edited once more."))
        }
        let reimportStarted = ContinuousClock.now
        _ = try await importer(store).commit(changed)
        let reimportSeconds = reimportStarted.elapsedSeconds
        let storage = try await store.storageBytes()
        guard let store = opened else { throw AskbookError.emptyIndex }
        Self.trimHeap()

        // Snapshot load, as a server starts.
        var loads: [Double] = []
        var loaded: IndexSnapshot?
        for _ in 0..<3 {
            loaded = nil
            Self.trimHeap()
            let started = ContinuousClock.now
            loaded = try await store.loadSnapshot()
            loads.append(started.elapsedSeconds)
        }
        guard let snapshot = loaded, let segment = snapshot.segments.first else { throw AskbookError.emptyIndex }
        Self.trimHeap()
        let residentAfterLoad = BenchCorpus.residentMegabytes()

        let texts = (0..<queryCount).map { questions[$0 % questions.count] }
        let vectorizer = HashedVectorizer(model: snapshot.model)
        let engine = AnswerEngine(snapshot: snapshot)
        let queries: [(text: String, vector: [Float])] = engine.withAnalyzer(language: segment.language) { analyzer in
            texts.compactMap { text in vectorizer.queryVector(analyzer.features(text: text), idf: segment.idf).map { (text, $0) } }
        }
        let index = snapshot.index
        let matrixBytes = Double(index.byteCount)
        let residentBytesPerChunk = residentAfterLoad * 1e6 / Double(max(1, chunkCount))

        // Scoring alone: sparse (the served path) and dense (the full product, as FAISS computes it).
        var scores = [Float](repeating: 0, count: index.rowCount)
        var best: [Int] = []
        func timeScoring(dense: Bool) -> [Double] {
            if !dense { best = [] }
            // The full product expands every row for BLAS: a few queries show its cost.
            return queries.prefix(dense ? Self.denseQueries : queries.count).map { query in
                let started = ContinuousClock.now
                query.vector.withUnsafeBufferPointer { q in
                    scores.withUnsafeMutableBufferPointer { index.scores(query: q, rows: 0..<index.rowCount, into: $0, dense: dense) }
                }
                let elapsed = started.elapsedSeconds * 1000
                if !dense { best.append(scores.indices.max { scores[$0] < scores[$1] } ?? 0) }
                return elapsed
            }
        }
        let sparse = (0..<runs).map { _ in timeScoring(dense: false) }
        let dense = (0..<runs).map { _ in timeScoring(dense: true) }
        let meanNonZero = Double(queries.reduce(0) { $0 + $1.vector.filter { $0 != 0 }.count }) / Double(max(1, queries.count))
        // The lists of the query's buckets: on average `meanNonZero / D` of all entries, four bytes each.
        let sparseBytes = meanNonZero / Double(index.dimension) * Double(index.entryCount * 4)

        // Search and ask through the public paths.
        let retriever = engine.retriever
        let search = (0..<runs).map { _ in texts.map { text in Self.milliseconds { _ = retriever.retrieve(text, limit: 10) } } }
        let batchStarted = ContinuousClock.now
        for start in stride(from: 0, to: texts.count, by: 64) {
            _ = retriever.retrieve(batch: Array(texts[start..<min(texts.count, start + 64)]), limit: 10)
        }
        let batchSeconds = batchStarted.elapsedSeconds
        let answerer = engine.answerer()
        let asks = Array(texts.prefix(100))
        let ask = try (0..<runs).map { _ in try asks.map { text in try Self.milliseconds { _ = try answerer.ask(text) } } }
        let concurrentStarted = ContinuousClock.now
        let workers = ProcessInfoCores.active
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    for i in stride(from: worker, to: texts.count, by: workers) { _ = try? answerer.ask(texts[i]) }
                }
            }
        }
        let concurrentSeconds = concurrentStarted.elapsedSeconds

        let streaming = (0..<5).map { _ in
            let started = ContinuousClock.now
            let total = index.streamingSum()
            let seconds = started.elapsedSeconds
            return total == 1 ? 0 : Double(index.streamedBytes) / seconds / 1e9  // using the sum keeps the read from being optimised away
        }

        var figures = BenchFigures(
            chunks: chunkCount,
            dimension: index.dimension,
            markdownMB: Double(markdownBytes) / 1e6,
            importSeconds: Self.median(imports),
            importMBPerSecond: Double(markdownBytes) / 1e6 / Self.median(imports),
            importChunksPerSecond: Double(chunkCount) / Self.median(imports),
            reimportSeconds: reimportSeconds,
            featureChunksPerSecond: Double(vectorisedChunks) / featureSeconds,
            vectorChunksPerSecond: Double(vectorisedChunks) / vectorSeconds,
            snapshotLoadSeconds: Self.median(loads),
            scoreP50Milliseconds: Self.median(sparse.map { EvalMetrics.percentile(50, of: $0) }),
            scoreP99Milliseconds: Self.median(sparse.map { EvalMetrics.percentile(99, of: $0) }),
            meanNonZeroBuckets: meanNonZero,
            scoreReadGBPerSecond: sparseBytes / (Self.median(sparse.map { EvalMetrics.percentile(50, of: $0) }) / 1000) / 1e9,
            denseScoreP50Milliseconds: Self.median(dense.map { EvalMetrics.percentile(50, of: $0) }),
            denseScoreReadGBPerSecond: matrixBytes / (Self.median(dense.map { EvalMetrics.percentile(50, of: $0) }) / 1000) / 1e9,
            searchP50Milliseconds: Self.median(search.map { EvalMetrics.percentile(50, of: $0) }),
            searchP99Milliseconds: Self.median(search.map { EvalMetrics.percentile(99, of: $0) }),
            batchedSearchQueriesPerSecond: Double(texts.count) / batchSeconds,
            askP50Milliseconds: Self.median(ask.map { EvalMetrics.percentile(50, of: $0) }),
            askP99Milliseconds: Self.median(ask.map { EvalMetrics.percentile(99, of: $0) }),
            concurrentAsksPerSecond: Double(texts.count) / concurrentSeconds,
            matrixMB: matrixBytes / 1e6,
            matrixBytesPerChunk: matrixBytes / Double(max(1, chunkCount)),
            storedVectorBytesPerChunk: Double(storage.vectors) / Double(max(1, chunkCount)),
            databaseBytesPerChunk: Double(storage.database) / Double(max(1, chunkCount)),
            residentBytesPerChunk: residentBytesPerChunk,
            residentAfterLoadMB: residentAfterLoad,
            residentAfterQueriesMB: BenchCorpus.residentMegabytes(),
            streamingReadGBPerSecond: Self.median(streaming)
        )

        // The exact Float32 vectors of the first space as served (after the edit), built again now that memory has been
        // measured: the index's top-1 rows against theirs, and what FAISS is given.
        let first = await SpaceEmbedder(model: model).embed(changed)
        let exact = ExactVectors(dimension: model.dimension, rows: first.chunks.count, values: first.vectors())
        let firstRows = 0..<exact.rows
        let agreeing = queries.filter { query in
            let quantized = index.scores(query: query.vector, rows: firstRows)
            let best = quantized.indices.max { quantized[$0] < quantized[$1] || (quantized[$0] == quantized[$1] && $0 > $1) }
            return best == exact.best(query: query.vector)
        }.count
        figures.agreementWithExactAt1 = Double(agreeing) / Double(max(1, queries.count))

        // The export holds the first space's exact vectors: larger corpora (several spaces) are not compared.
        if baseline != nil || exportFolder != nil, size <= Self.spaceChunks {
            let target = exportFolder?.appendingPathComponent("\(size)") ?? folder.appendingPathComponent("export")
            try BenchBaseline.export(vectors: exact, texts: snapshot.chunks.prefix(exact.rows).map(\.text), queries: queries, to: target)
            if let baseline {
                let output = try baseline.run(folder: target)
                figures.baseline = compare(figures, output, askbookBest: best)
            }
        }
        return figures
    }

    /// Seconds of feature extraction (all cores) and of building the quantized vectors for `content`, and its chunk
    /// count.
    private func vectorisation(_ content: SpaceContent) async -> (Double, Double, Int) {
        let started = ContinuousClock.now
        let embedded = await SpaceEmbedder(model: model).embed(content)
        let featureSeconds = started.elapsedSeconds
        let vectorStarted = ContinuousClock.now
        let vectors = embedded.quantizedVectors()
        let vectorSeconds = vectorStarted.elapsedSeconds
        return (featureSeconds, vectors.count == 0 ? .infinity : vectorSeconds, embedded.chunks.count)
    }

    private func compare(_ figures: BenchFigures, _ output: BenchBaseline.Output, askbookBest: [Int]) -> BenchBaselineFigures? {
        guard let one = output.faiss.single.first(where: { $0.threads == 1 }), let all = output.faiss.single.max(by: { $0.threads < $1.threads })
        else { return nil }
        let agreeing = zip(output.faissTop, askbookBest).filter { $0.0.first == $0.1 }.count
        return BenchBaselineFigures(
            faissP50Milliseconds: one.p50Milliseconds,
            faissP99Milliseconds: one.p99Milliseconds,
            faissAllThreadsP50Milliseconds: all.p50Milliseconds,
            faissThreads: all.threads,
            faissBatchQueriesPerSecond: all.batchQueriesPerSecond,
            bm25sIndexSeconds: output.bm25s?.indexSeconds,
            importToBM25sIndexRatio: output.bm25s.map { $0.indexSeconds / figures.importSeconds },
            bm25sP50Milliseconds: output.bm25s?.p50Milliseconds,
            bm25sP99Milliseconds: output.bm25s?.p99Milliseconds,
            agreementAt1: Double(agreeing) / Double(max(1, askbookBest.count)),
            scoreRatio: figures.scoreP50Milliseconds / one.p50Milliseconds,
            denseScoreRatio: figures.denseScoreP50Milliseconds / one.p50Milliseconds,
            searchRatio: figures.searchP50Milliseconds / one.p50Milliseconds,
            searchToBM25sRatio: output.bm25s.map { figures.searchP50Milliseconds / $0.p50Milliseconds }
        )
    }

    private static func milliseconds(_ body: () throws -> Void) rethrows -> Double {
        let started = ContinuousClock.now
        try body()
        return started.elapsedSeconds * 1000
    }

    private static func median(_ values: [Double]) -> Double { EvalMetrics.percentile(50, of: values) }

    /// Returns freed heap pages to the system (glibc's `malloc_trim`, looked up with `dlsym` as the Glibc module does
    /// not export it), so that resident memory shows what is held, not what was used.
    static func trimHeap() {
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }
}
