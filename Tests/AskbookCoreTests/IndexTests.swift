import AskbookCore
import Testing

@Suite struct IndexTests {
    /// The most a quantized score can differ from the exact one: half a step (the row's largest magnitude ÷ 4,094) per
    /// non-zero query weight, plus Float32 rounding.
    static func quantizationBound(row: ArraySlice<Float>, query: [Float]) -> Float {
        let step = (row.map(abs).max() ?? 0) / QuantizedRows.maxCode
        return query.reduce(Float(0)) { $0 + abs($1) } * step / 2 + 1e-4
    }

    static func exact(_ matrix: [Float], row r: Int, dimension: Int, query: [Float]) -> Float {
        (0..<dimension).reduce(Float(0)) { $0 + matrix[r * dimension + $1] * query[$1] }
    }

    @Test(arguments: [(1, 64), (37, 96), (500, 256)])
    func denseScoresAreTheExactProductWithinTheQuantizationStep(rows: Int, dimension: Int) {
        var generator = SeededGenerator(seed: UInt64(rows * dimension))
        let matrix = (0..<(rows * dimension)).map { _ in Float.random(in: -1...1, using: &generator) }
        let query = (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
        let index = VectorIndex(dimension: dimension, matrix: matrix)
        let blas = index.scores(query: query, rows: 0..<rows)
        for (r, score) in blas.enumerated() {
            let row = matrix[(r * dimension)..<((r + 1) * dimension)]
            #expect(abs(score - Self.exact(matrix, row: r, dimension: dimension, query: query)) <= Self.quantizationBound(row: row, query: query))
        }
        // A sub-range scores the same rows.
        let lower = rows / 3
        let part = index.scores(query: query, rows: lower..<rows)
        for (i, score) in part.enumerated() { #expect(abs(score - blas[lower + i]) <= 1e-4 * max(1, abs(score))) }
    }

    @Test(arguments: [1, 8, 40])
    func sparseQueriesReadOnlyTheirBucketsAndScoreAsTheDenseProduct(nonZero: Int) {
        var generator = SeededGenerator(seed: UInt64(nonZero))
        let (rows, dimension) = (300, 256)
        // Chunk-like rows: about one bucket in five non-zero.
        let matrix = (0..<(rows * dimension)).map { _ in
            Int.random(in: 0..<5, using: &generator) == 0 ? Float.random(in: -1...1, using: &generator) : 0
        }
        var query = [Float](repeating: 0, count: dimension)
        for _ in 0..<nonZero { query[Int.random(in: 0..<dimension, using: &generator)] = Float.random(in: -1...1, using: &generator) }
        let index = VectorIndex(dimension: dimension, matrix: matrix)
        let scores = index.scores(query: query, rows: 50..<rows)
        let dense = [Float](unsafeUninitializedCapacity: rows - 50) { buffer, count in
            query.withUnsafeBufferPointer { index.scores(query: $0, rows: 50..<rows, into: buffer, dense: true) }
            count = rows - 50
        }
        for (i, score) in scores.enumerated() {
            let r = 50 + i
            let row = matrix[(r * dimension)..<((r + 1) * dimension)]
            #expect(abs(score - Self.exact(matrix, row: r, dimension: dimension, query: query)) <= Self.quantizationBound(row: row, query: query))
            #expect(abs(score - dense[i]) <= 1e-4)
        }
        let quantized = QuantizedRows(rowMajor: matrix, dimension: dimension)
        #expect(index.row(7) == quantized.row(7))
        #expect(zip(index.row(7), matrix[(7 * dimension)..<(8 * dimension)]).allSatisfy { ($0 == 0) == ($1 == 0) || abs($1) < 0.01 })
    }

    @Test func blocksScoreLikeOneMatrixWhateverRangeIsAsked() {
        var generator = SeededGenerator(seed: 21)
        let (dimension, sizes) = (32, [5, 0, 17, 9])
        let parts = sizes.map { rows in (0..<(rows * dimension)).map { _ in Float.random(in: -1...1, using: &generator) } }
        let whole = VectorIndex(dimension: dimension, matrix: parts.flatMap { $0 })
        let blocked = VectorIndex(dimension: dimension, blocks: parts.map { VectorIndex.bucketMajor(rowMajor: $0, dimension: dimension) })
        #expect(blocked.rowCount == 31 && blocked.row(20) == whole.row(20))
        let query = (0..<dimension).map { _ in Float.random(in: -1...1, using: &generator) }
        var sparse = [Float](repeating: 0, count: dimension)
        sparse[3] = 1
        sparse[30] = -0.5
        for rows in [0..<31, 3..<7, 5..<22, 22..<31, 6..<6] {
            for q in [query, sparse] {
                let expected = whole.scores(query: q, rows: rows)
                #expect(zip(blocked.scores(query: q, rows: rows), expected).allSatisfy { abs($0 - $1) < 1e-4 })
            }
            let batched = blocked.scores(queries: query + sparse, batch: 2, rows: rows)
            #expect(zip(batched, whole.scores(queries: query + sparse, batch: 2, rows: rows)).allSatisfy { abs($0 - $1) < 1e-4 })
        }
    }

    @Test func rowsPastOneBlockAreSplitAndScoredTheSame() {
        // 70,000 rows: two blocks of 16-bit offsets; a range across the border reads both.
        let (rows, dimension) = (70_000, 16)
        let rowMajor: [Float] = (0..<(rows * dimension)).map { (i: Int) -> Float in i % 7 == 0 ? Float((i / 7) % 13) - 6 : 0 }
        let index = VectorIndex(dimension: dimension, matrix: rowMajor)
        var query = [Float](repeating: 0, count: dimension)
        query[0] = 1
        query[7] = 0.5
        let range = 65_530..<65_545
        let scores = index.scores(query: query, rows: range)
        let dense = index.scores(queries: query, batch: 1, rows: range)
        for (i, r) in range.enumerated() {
            let row = rowMajor[(r * dimension)..<((r + 1) * dimension)]
            #expect(
                abs(scores[i] - Self.exact(rowMajor, row: r, dimension: dimension, query: query)) <= Self.quantizationBound(row: row, query: query)
            )
            #expect(abs(scores[i] - dense[i]) <= 1e-4)
        }
        #expect(
            index.row(65_537) == QuantizedRows(rowMajor: Array(rowMajor[(65_537 * dimension)..<(65_538 * dimension)]), dimension: dimension).row(0)
        )
    }

    @Test func rowsWithoutAnyNonZeroBucketScoreZero() {
        // A space whose chunks have no features (only stop words, say) has vectors of zeros and no entries at all.
        let index = VectorIndex(dimension: 16, matrix: [Float](repeating: 0, count: 5 * 16))
        #expect(index.entryCount == 0)
        var query = [Float](repeating: 0, count: 16)
        query[3] = 1
        #expect(index.scores(query: query, rows: 0..<5) == [0, 0, 0, 0, 0])
        #expect(index.scores(queries: query + query, batch: 2, rows: 1..<4) == [Float](repeating: 0, count: 6))
        #expect(index.row(2) == [Float](repeating: 0, count: 16))
    }

    @Test func batchedSgemmEqualsOneSgemvPerQuery() {
        var generator = SeededGenerator(seed: 9)
        let (rows, dimension, batch) = (120, 64, 5)
        let index = VectorIndex(dimension: dimension, matrix: (0..<(rows * dimension)).map { _ in Float.random(in: -1...1, using: &generator) })
        let queries = (0..<(batch * dimension)).map { _ in Float.random(in: -1...1, using: &generator) }
        let batched = index.scores(queries: queries, batch: batch, rows: 10..<rows)
        for b in 0..<batch {
            let single = index.scores(query: Array(queries[(b * dimension)..<((b + 1) * dimension)]), rows: 10..<rows)
            for (i, score) in single.enumerated() { #expect(abs(score - batched[b * (rows - 10) + i]) <= 1e-4 * max(1, abs(score))) }
        }
    }

    @Test(arguments: [0, 1, 5, 50, 200])
    func topKEqualsSortingEverything(k: Int) {
        var generator = SeededGenerator(seed: UInt64(k + 1))
        let scores = (0..<200).map { _ in Float(Int.random(in: 0..<60, using: &generator)) / 10 }  // many ties
        var top = TopK(k: k)
        for (row, score) in scores.enumerated() { top.insert(row: row, score: score) }
        let expected = scores.enumerated().sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
            .prefix(k).map { TopK.Entry(row: $0.offset, score: $0.element) }
        #expect(top.sorted() == Array(expected))
    }

    @Test func blasThreadsCanBeSetWhenOpenBLASIsInUse() {
        guard let before = BLASThreads.current else { return }  // reference BLAS: nothing to set
        #expect(BLASThreads.set(1) && BLASThreads.current == 1)
        BLASThreads.set(before)
        #expect(BLASThreads.current == before)
    }

    @Test func batchedRetrievalEqualsOneRetrievalPerQuery() async throws {
        let model = try TestSupport.model()
        let (snapshot, _) = try await TestSupport.snapshot(folder: TestSupport.fixture("gitsync"), space: "coffee", model: model)
        let retriever = AnswerEngine(snapshot: snapshot).retriever
        let queries = ["water temperature", "grind size", "zzzz unknown", "bloom the coffee"]
        let batched = retriever.retrieve(batch: queries, limit: 4)
        for (query, batch) in zip(queries, batched) {
            let single = retriever.retrieve(query, limit: 4)
            #expect(batch.hits.map(\.row) == single.hits.map(\.row))
            for (a, b) in zip(batch.hits, single.hits) { #expect(abs(a.score - b.score) < 1e-4) }
            #expect(batch.queryTerms == single.queryTerms)
        }
    }

    @Test func spaceFilterIsAppliedBeforeTopK() async throws {
        let model = try TestSupport.model()
        let (snapshot, _) = try await TestSupport.snapshot(folder: TestSupport.fixture("site"), space: "site", model: model)
        let retriever = AnswerEngine(snapshot: snapshot).retriever
        let onlyBeta = retriever.retrieve("apples", spaces: ["site-beta"], limit: 5)
        #expect(onlyBeta.hits.allSatisfy { $0.chunk.spaceID == "site-beta" })
        let all = retriever.retrieve("apples", limit: 1)
        #expect(all.hits.first?.chunk.spaceID == "site-alpha")
        #expect(retriever.retrieve("apples", spaces: [], limit: 5).hits.isEmpty)
    }
}

/// A deterministic generator (SplitMix64) so random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &+ 0x9e37_79b9_7f4a_7c15
        return StableHash.mix(state &- 0x9e37_79b9_7f4a_7c15)
    }
}

@Suite struct RerankTests {
    @Test func exactLexicalStageRescoresTheVectorCandidates() async throws {
        var model = try TestSupport.model()
        model.rerank = .init(candidates: 10, lexicalWeight: 1, k1: 1.2, b: 0.75)
        let (snapshot, _) = try await TestSupport.snapshot(folder: TestSupport.fixture("gitsync"), space: "coffee", model: model)
        #expect(snapshot.lexical.count == snapshot.chunks.count)
        let hits = AnswerEngine(snapshot: snapshot).retriever.retrieve("grind size", limit: 3).hits
        let top = try #require(hits.first)
        #expect(top.chunk.sectionID == "grind-size")
        #expect(top.score == 1)  // the best BM25 normalised, with all weight on the lexical stage
        #expect(top.similarity > 0 && top.similarity < 1)
        #expect(hits.map(\.score) == hits.map(\.score).sorted(by: >))
    }
}
