import AskbookCore
import Foundation
import Testing

@Suite struct QuantizedRowsTests {
    @Test func everyElementIsWithinHalfAStepOfItsRowsLargest() {
        var generator = SeededGenerator(seed: 3)
        let dimension = 200
        let rowMajor = (0..<(50 * dimension)).map { _ in Float.random(in: -0.3...0.3, using: &generator) }
        let rows = QuantizedRows(rowMajor: rowMajor, dimension: dimension)
        #expect(rows.count == 50)
        for r in 0..<50 {
            let exact = rowMajor[(r * dimension)..<((r + 1) * dimension)]
            let step = exact.map(abs).max()! / QuantizedRows.maxCode
            #expect(zip(rows.row(r), exact).allSatisfy { abs($0 - $1) <= step / 2 * 1.0001 })
        }
    }

    @Test func storedBytesReadBackToTheSameRows() throws {
        var generator = SeededGenerator(seed: 4)
        let dimension = 4_096
        // Chunk-like rows (about 800 non-zero buckets), one all zero, one with a single bucket at the very end.
        var rowMajor = (0..<(20 * dimension)).map { _ in
            Int.random(in: 0..<5, using: &generator) == 0 ? Float.random(in: -1...1, using: &generator) : 0
        }
        for b in 0..<dimension { rowMajor[3 * dimension + b] = 0 }
        for b in 0..<dimension { rowMajor[4 * dimension + b] = b == dimension - 1 ? 0.25 : 0 }
        let rows = QuantizedRows(rowMajor: rowMajor, dimension: dimension)
        let data = rows.serialized()
        #expect(data.count < 20 * 1_800)  // ~1.7 KB a row: a scale, a 512-byte bitmap, ~800 codes of 12 bits
        var read = QuantizedRows(dimension: dimension)
        let readAll = read.append(serialized: data, rows: 20)
        #expect(readAll && read == rows)
        // Two runs read one after the other are the rows of both.
        var joined = QuantizedRows(dimension: dimension)
        let first = joined.append(serialized: rows.serialized(rows: 0..<7), rows: 7)
        let second = joined.append(serialized: rows.serialized(rows: 7..<20), rows: 13)
        #expect(first && second && joined == rows)
        // Read straight into an index part, the rows score exactly as they do through `QuantizedRows`.
        let part = try #require(VectorIndex.Part(serialized: data, rows: 20, dimension: dimension))
        let direct = VectorIndex(dimension: dimension, parts: [part])
        let regrouped = VectorIndex(dimension: dimension, parts: [rows])
        for _ in 0..<5 {
            let query = (0..<dimension).map { _ in Int.random(in: 0..<20, using: &generator) == 0 ? Float.random(in: -1...1, using: &generator) : 0 }
            #expect(direct.scores(query: query, rows: 0..<20) == regrouped.scores(query: query, rows: 0..<20))
        }
        #expect(part.count == 20 && direct.entryCount == rows.entryCount)
    }

    /// A row built over the buckets a chunk writes (`appendDocumentVector`) is the dense vector quantized, bit for bit,
    /// with the document-side idf too; and the scratch it leaves is zero for the next row.
    @Test(arguments: [VectorizerModel.IDFPlacement.query, .document])
    func sparseRowsEqualTheDenseVectorQuantized(placement: VectorizerModel.IDFPlacement) async throws {
        var model = try TestSupport.model()
        model.weighting.idf = placement
        let content = try #require(
            try SpaceLoader().load(path: TestSupport.packageRoot.appendingPathComponent("Evaluation/spaces/askbook-handbook").path, spaceID: "s")
                .first
        )
        let embedded = await SpaceEmbedder(model: model).embed(content)
        let vectorizer = HashedVectorizer(model: model)
        var dense = QuantizedRows(dimension: model.dimension)
        var sparse = QuantizedRows(dimension: model.dimension)
        var scratch = HashedVectorizer.RowScratch(dimension: model.dimension)
        let empty = SparseFeatures(counts: [:], length: 0)
        for features in embedded.chunks.map(\.features) + [empty] {
            vectorizer.documentVector(features, idf: embedded.idf).withUnsafeBufferPointer { dense.append($0) }
            vectorizer.appendDocumentVector(features, idf: embedded.idf, to: &sparse, scratch: &scratch)
        }
        #expect(embedded.chunks.count > 5 && sparse.entryCount > 100)
        #expect(sparse == dense)
        #expect(
            embedded.quantizedVectors()
                == QuantizedRows(
                    rowMajor: embedded.chunks.flatMap { vectorizer.documentVector($0.features, idf: embedded.idf) },
                    dimension: model.dimension
                )
        )
    }

    @Test(arguments: ["truncated", "extra byte", "zero code", "bit past the dimension", "infinite scale", "fewer rows"])
    func damagedBytesAreRefusedAndAddNothing(damage: String) {
        let dimension = 12  // a bitmap of two bytes, the last four bits past the dimension
        let rowMajor: [Float] = (0..<(2 * dimension)).map { $0 % 3 == 0 ? Float($0) / 10 : 0 }
        var data = QuantizedRows(rowMajor: rowMajor, dimension: dimension).serialized()
        var rows = 2
        switch damage {
        case "truncated": data.removeLast()
        case "extra byte": data.append(1)
        case "zero code":  // the first row's first code: the first byte after its bitmap and the low half of the next
            data[4 + 2] = 0
            data[4 + 3] &= 0xF0
        case "bit past the dimension": data[4 + 1] |= 0x80
        case "infinite scale": data.replaceSubrange(0..<4, with: withUnsafeBytes(of: Float.infinity.bitPattern.littleEndian) { Data($0) })
        default: rows = 1
        }
        var read = QuantizedRows(dimension: dimension)
        let accepted = read.append(serialized: data, rows: rows)
        #expect(!accepted && read.count == 0 && read.entryCount == 0)
        #expect(VectorIndex.Part(serialized: data, rows: rows, dimension: dimension) == nil)
    }

    /// The store keeps each chunk's row on its own, and a load joins them into runs: every row's bytes are exactly one
    /// row, and the rows joined read back as the matrix.
    @Test func rowsStoredOneByOneJoinIntoTheirMatrix() throws {
        var generator = SeededGenerator(seed: 5)
        let dimension = 300
        var matrix = QuantizedRows(
            rowMajor: (0..<(30 * dimension)).map { _ in
                Int.random(in: 0..<4, using: &generator) == 0 ? Float.random(in: -1...1, using: &generator) : 0
            },
            dimension: dimension
        )
        matrix.append(contentsOf: QuantizedRows(rowMajor: [Float](repeating: 0, count: dimension), dimension: dimension))  // all zero
        let rows = (0..<matrix.count).map { matrix.serialized(rows: $0..<($0 + 1)) }
        #expect(rows.allSatisfy { row in row.withUnsafeBytes { QuantizedRows.isStoredRow($0, dimension: dimension) } })
        let joined = rows.reduce(into: Data()) { $0.append($1) }
        #expect(QuantizedRows(serialized: joined, rows: rows.count, dimension: dimension) == matrix)
        // Not one row: a byte more or less, two rows, a damaged scale.
        var damaged = [rows[3] + [1], rows[3].dropLast(), rows[3] + rows[4], rows[3]]
        damaged[3].replaceSubrange(0..<4, with: withUnsafeBytes(of: Float.nan.bitPattern.littleEndian) { Data($0) })
        #expect(damaged.allSatisfy { row in row.withUnsafeBytes { !QuantizedRows.isStoredRow($0, dimension: dimension) } })
    }
}
