import AskbookCore
import AskbookEvaluation
import Testing

/// What the bench reads of an index: the streaming sum over its entries (the bandwidth ceiling).
@Suite struct BenchReadingTests {
    @Test func theStreamingSumReadsEveryEntryOfEveryBlock() {
        var generator = SeededGenerator(seed: 8)
        let (dimension, sizes) = (256, [300, 0, 41])
        let parts = sizes.map { rows in (0..<(rows * dimension)).map { _ in Float.random(in: -1...1, using: &generator) } }
        let blocked = VectorIndex(dimension: dimension, blocks: parts.map { VectorIndex.bucketMajor(rowMajor: $0, dimension: dimension) })
        var expected: UInt64 = 0
        var bytes = 0
        blocked.forEachBlock { _, offsets, codes in
            for byte in UnsafeRawBufferPointer(offsets) { expected &+= UInt64(byte) }
            for byte in UnsafeRawBufferPointer(codes) { expected &+= UInt64(byte) }
            bytes += offsets.count * 2 + codes.count * 2
        }
        #expect(bytes == blocked.streamedBytes && bytes > 0)
        // The wrapping sum of 64-bit words is not the byte sum; the same words summed plainly are.
        var words: UInt64 = 0
        blocked.forEachBlock { _, offsets, codes in
            for raw in [UnsafeRawBufferPointer(offsets), UnsafeRawBufferPointer(codes)] {
                let wide = raw.count / 512 * 512
                for i in stride(from: 0, to: wide, by: 8) { words &+= raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) }
                for j in wide..<raw.count { words &+= UInt64(raw[j]) }
            }
        }
        #expect(blocked.streamingSum() == words && expected > 0)
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
