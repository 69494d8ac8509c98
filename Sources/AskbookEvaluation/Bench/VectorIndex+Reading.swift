import AskbookCore

extension VectorIndex {
    /// A wrapping sum of every byte scoring can read (each block's row offsets and codes, as 64-bit words, 16 lanes and
    /// four accumulators): one plain streaming read, the bandwidth ceiling `askbook bench` compares scoring with.
    public func streamingSum() -> UInt64 {
        var total: UInt64 = 0
        func add(_ raw: UnsafeRawBufferPointer) {
            guard let base = raw.baseAddress else { return }
            var (a, b, c, d) = (SIMD16<UInt64>(), SIMD16<UInt64>(), SIMD16<UInt64>(), SIMD16<UInt64>())
            let wide = raw.count / 512 * 512
            var i = 0
            while i < wide {
                a &+= base.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt64>.self)
                b &+= base.loadUnaligned(fromByteOffset: i + 128, as: SIMD16<UInt64>.self)
                c &+= base.loadUnaligned(fromByteOffset: i + 256, as: SIMD16<UInt64>.self)
                d &+= base.loadUnaligned(fromByteOffset: i + 384, as: SIMD16<UInt64>.self)
                i += 512
            }
            total &+= (a &+ b &+ c &+ d).wrappedSum()
            for j in wide..<raw.count { total &+= UInt64(raw[j]) }
        }
        forEachBlock { _, offsets, codes in
            add(UnsafeRawBufferPointer(offsets))
            add(UnsafeRawBufferPointer(codes))
        }
        return total
    }

    /// Bytes `streamingSum` reads: the row offsets and codes of every block.
    public var streamedBytes: Int { entryCount * 4 }
}
