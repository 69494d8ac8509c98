import CBLAS

/// The chunk vectors as Float32 matrices in bucket-major layout (dimension × rows), one block per space revision.
///
/// A query has only tens to hundreds of non-zero buckets, so scoring touches just those matrix rows: a hand-written
/// SIMD kernel (`accumulate`, not BLAS) adds four bucket rows per pass over a tile of scores that stays in cache — the
/// same scores as the full product at a cost that follows the query, not `D` (DESIGN §4). A dense query uses
/// `cblas_sgemv`, a batch `cblas_sgemm`. Blocks are stored as they are loaded (bucket-major in the store too), so building an index copies
/// nothing and transposes nothing.
///
/// Immutable and `Sendable`: a new revision builds a new index, which is swapped in whole.
public struct VectorIndex: Sendable {
    /// Rows scored together by the sparse path: 32,768 scores (128 KiB of Float32) stay in L2 while the four bucket
    /// rows of a pass stream through.
    static let tileRows = 32768

    /// One revision's rows: `values[b * rows.count + r]` is bucket `b` of the block's row `r`.
    struct Block: Sendable {
        let rows: Range<Int>
        let values: [Float]

        /// The rows of `range` in this block; `nil` when none are.
        func overlap(_ range: Range<Int>) -> Range<Int>? {
            let lower = max(range.lowerBound, rows.lowerBound)
            let upper = min(range.upperBound, rows.upperBound)
            return lower < upper ? lower..<upper : nil
        }
    }

    /// Vector dimension `D`.
    public let dimension: Int
    /// Number of rows (chunks) over all blocks.
    public let rowCount: Int
    private let blocks: [Block]

    /// An index over bucket-major blocks, in row order; each block's count must be a multiple of `dimension`.
    public init(dimension: Int, blocks bucketMajor: [[Float]]) {
        precondition(dimension > 0, "dimension must be positive")
        var blocks: [Block] = []
        var start = 0
        for values in bucketMajor {
            precondition(values.count % dimension == 0, "block size must be a multiple of the dimension")
            let rows = values.count / dimension
            blocks.append(Block(rows: start..<(start + rows), values: values))
            start += rows
        }
        self.dimension = dimension
        self.rowCount = start
        self.blocks = blocks
    }

    /// An index over row-major vectors (`rows × dimension`), transposed into one bucket-major block.
    public init(dimension: Int, matrix rowMajor: [Float]) {
        self.init(dimension: dimension, blocks: [Self.bucketMajor(rowMajor: rowMajor, dimension: dimension)])
    }

    /// `rowMajor` (`rows × dimension`) transposed into the bucket-major layout.
    public static func bucketMajor(rowMajor: [Float], dimension: Int) -> [Float] {
        precondition(dimension > 0 && rowMajor.count % dimension == 0, "matrix size must be a multiple of the dimension")
        let rows = rowMajor.count / dimension
        return [Float](unsafeUninitializedCapacity: rowMajor.count) { out, count in
            rowMajor.withUnsafeBufferPointer { input in
                for r in 0..<rows {
                    for b in 0..<dimension { out[b * rows + r] = input[r * dimension + b] }
                }
            }
            count = rowMajor.count
        }
    }

    /// Dot products of a dense `query` (length `dimension`) with the rows in `rows`, written to `scores`.
    ///
    /// Uses the query's non-zero buckets only (`accumulate`, four at a time; one `cblas_saxpy` per bucket reached about
    /// 60% of the streaming bandwidth, this about 90%) when they are fewer than a quarter of `D`, else (or with
    /// `dense`, which `askbook bench` uses to time the full product) `cblas_sgemv`. Allocates nothing on the heap.
    public func scores(
        query: UnsafeBufferPointer<Float>,
        rows: Range<Int>,
        into scores: UnsafeMutableBufferPointer<Float>,
        dense: Bool = false
    ) {
        precondition(query.count == dimension && scores.count == rows.count && rows.upperBound <= rowCount)
        guard !rows.isEmpty else { return }
        var nonZero = 0
        for value in query where value != 0 { nonZero += 1 }
        for block in blocks {
            guard let local = block.overlap(rows) else { continue }
            let out = UnsafeMutableBufferPointer(rebasing: scores[(local.lowerBound - rows.lowerBound)..<(local.upperBound - rows.lowerBound)])
            let width = block.rows.count
            block.values.withUnsafeBufferPointer { m in
                let base = m.baseAddress! + (local.lowerBound - block.rows.lowerBound)
                if !dense && nonZero * 4 < dimension {
                    out.update(repeating: 0)
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: nonZero) { buckets in
                        var count = 0
                        for b in 0..<dimension where query[b] != 0 {
                            buckets[count] = b
                            count += 1
                        }
                        for tile in stride(from: 0, to: local.count, by: Self.tileRows) {
                            let n = min(Self.tileRows, local.count - tile)
                            var g = 0
                            while g < count {
                                // Groups of four buckets; a short last group repeats its first bucket with weight 0.
                                func pointer(_ k: Int) -> UnsafePointer<Float> { base + buckets[g + (g + k < count ? k : 0)] * width + tile }
                                func weight(_ k: Int) -> Float { g + k < count ? query[buckets[g + k]] : 0 }
                                Self.accumulate(
                                    rows: n,
                                    (pointer(0), pointer(1), pointer(2), pointer(3)),
                                    (weight(0), weight(1), weight(2), weight(3)),
                                    into: out.baseAddress! + tile
                                )
                                g += 4
                            }
                        }
                    }
                } else {
                    cblas_sgemv(
                        CblasRowMajor,
                        CblasTrans,
                        Int32(dimension),
                        Int32(local.count),
                        1,
                        base,
                        Int32(width),
                        query.baseAddress,
                        1,
                        0,
                        out.baseAddress,
                        1
                    )
                }
            }
        }
    }

    /// `out[r] += Σ w_k · p_k[r]` for four bucket rows at once, 16 lanes at a time: the scores are read and written
    /// once per four buckets instead of once per bucket. Hand-written: BLAS has no kernel for a sum over chosen rows.
    @inline(__always)
    static func accumulate(
        rows n: Int,
        _ p: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>),
        _ w: (Float, Float, Float, Float),
        into out: UnsafeMutablePointer<Float>
    ) {
        let (p0, p1, p2, p3) = (UnsafeRawPointer(p.0), UnsafeRawPointer(p.1), UnsafeRawPointer(p.2), UnsafeRawPointer(p.3))
        let (w0, w1, w2, w3) = (SIMD16(repeating: w.0), SIMD16(repeating: w.1), SIMD16(repeating: w.2), SIMD16(repeating: w.3))
        let o = UnsafeMutableRawPointer(out)
        var r = 0
        while r + 16 <= n {
            let offset = r * 4
            var s = o.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
            s += w0 * p0.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
            s += w1 * p1.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
            s += w2 * p2.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
            s += w3 * p3.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
            o.storeBytes(of: s, toByteOffset: offset, as: SIMD16<Float>.self)
            r += 16
        }
        while r < n {
            out[r] += w.0 * p.0[r] + w.1 * p.1[r] + w.2 * p.2[r] + w.3 * p.3[r]
            r += 1
        }
    }

    /// Dot products of `query` with the rows in `rows`.
    public func scores(query: [Float], rows: Range<Int>) -> [Float] {
        var out = [Float](repeating: 0, count: rows.count)
        query.withUnsafeBufferPointer { q in out.withUnsafeMutableBufferPointer { scores(query: q, rows: rows, into: $0) } }
        return out
    }

    /// Dot products of a batch of queries (row-major, `batch × dimension`) with the rows in `rows`, as a row-major
    /// `batch × rows.count` matrix: one `cblas_sgemm` per block.
    public func scores(queries: [Float], batch: Int, rows: Range<Int>) -> [Float] {
        precondition(queries.count == batch * dimension && rows.upperBound <= rowCount)
        var out = [Float](repeating: 0, count: batch * rows.count)
        guard batch > 0, !rows.isEmpty else { return out }
        for block in blocks {
            guard let local = block.overlap(rows) else { continue }
            block.values.withUnsafeBufferPointer { m in
                queries.withUnsafeBufferPointer { q in
                    out.withUnsafeMutableBufferPointer { o in
                        cblas_sgemm(
                            CblasRowMajor,
                            CblasNoTrans,
                            CblasNoTrans,
                            Int32(batch),
                            Int32(local.count),
                            Int32(dimension),
                            1,
                            q.baseAddress,
                            Int32(dimension),
                            m.baseAddress! + (local.lowerBound - block.rows.lowerBound),
                            Int32(block.rows.count),
                            0,
                            o.baseAddress! + (local.lowerBound - rows.lowerBound),
                            Int32(rows.count)
                        )
                    }
                }
            }
        }
        return out
    }

    /// Calls `body` with each block's rows and its bucket-major values (`values[b * rows.count + r]` is bucket `b` of
    /// row `rows.lowerBound + r`), in row order: read-only access for code that reads the matrix whole (the bench's
    /// streaming read, its export for FAISS).
    public func forEachBlock(_ body: (_ rows: Range<Int>, _ values: UnsafeBufferPointer<Float>) throws -> Void) rethrows {
        for block in blocks {
            try block.values.withUnsafeBufferPointer { try body(block.rows, $0) }
        }
    }

    /// Bytes of vector data held.
    public var byteCount: Int { rowCount * dimension * MemoryLayout<Float>.size }
}
