import AskbookCore

extension VectorIndex {
    /// The sum of every element, one plain streaming read of every block (16-wide SIMD adds, four accumulators): the
    /// bandwidth ceiling `askbook bench` compares scoring with. (`cblas_sasum` reached only about half of this here.)
    public func streamingSum() -> Float {
        var total: Float = 0
        forEachBlock { _, m in
            guard let base = m.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            var (a, b, c, d) = (SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>(), SIMD16<Float>())
            let wide = m.count / 64 * 64
            var i = 0
            while i < wide {
                a += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
                b += raw.loadUnaligned(fromByteOffset: (i + 16) * 4, as: SIMD16<Float>.self)
                c += raw.loadUnaligned(fromByteOffset: (i + 32) * 4, as: SIMD16<Float>.self)
                d += raw.loadUnaligned(fromByteOffset: (i + 48) * 4, as: SIMD16<Float>.self)
                i += 64
            }
            total += (a + b + c + d).sum()
            for j in wide..<m.count { total += m[j] }
        }
        return total
    }

    /// Row `i` (one chunk's vector), gathered from the bucket-major layout; what `askbook bench` exports for FAISS.
    public func row(_ i: Int) -> [Float] {
        var row: [Float] = []
        forEachBlock { rows, values in
            guard rows.contains(i) else { return }
            let r = i - rows.lowerBound
            row = (0..<dimension).map { values[$0 * rows.count + r] }
        }
        return row
    }
}
