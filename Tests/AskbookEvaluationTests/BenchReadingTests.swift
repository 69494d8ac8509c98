import AskbookCore
import AskbookEvaluation
import Testing

/// What the bench reads of an index: the streaming sum (the bandwidth ceiling) and single rows (the FAISS export).
@Suite struct BenchReadingTests {
    @Test func streamingSumAndRowsMatchTheRowMajorMatrix() {
        var generator = SeededGenerator(seed: 8)
        let (rows, dimension) = (300, 256)
        let matrix = (0..<(rows * dimension)).map { _ in Float.random(in: -1...1, using: &generator) }
        let index = VectorIndex(dimension: dimension, matrix: matrix)
        #expect(index.row(7) == Array(matrix[(7 * dimension)..<(8 * dimension)]))
        let sum = matrix.reduce(Float(0), +)
        let magnitude = matrix.reduce(Float(0)) { $0 + abs($1) }
        #expect(abs(index.streamingSum() - sum) <= 1e-4 * magnitude)
    }

    @Test func rowsOfBlocksAreTheRowsOfOneMatrix() {
        var generator = SeededGenerator(seed: 21)
        let (dimension, sizes) = (32, [5, 0, 17, 9])
        let parts = sizes.map { rows in (0..<(rows * dimension)).map { _ in Float.random(in: -1...1, using: &generator) } }
        let whole = VectorIndex(dimension: dimension, matrix: parts.flatMap { $0 })
        let blocked = VectorIndex(dimension: dimension, blocks: parts.map { VectorIndex.bucketMajor(rowMajor: $0, dimension: dimension) })
        #expect(blocked.rowCount == 31 && blocked.row(20) == whole.row(20) && blocked.row(4) == whole.row(4))
        let magnitude = parts.flatMap { $0 }.reduce(Float(0)) { $0 + abs($1) }
        #expect(abs(blocked.streamingSum() - whole.streamingSum()) <= 1e-4 * magnitude)
    }
}

/// A small deterministic generator (the core tests' one), so the matrices are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state = state &+ 0x9e37_79b9_7f4a_7c15
        return StableHash.mix(state &- 0x9e37_79b9_7f4a_7c15)
    }
}
