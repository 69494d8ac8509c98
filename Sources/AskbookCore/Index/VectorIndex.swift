import CBLAS

/// The chunk vectors as one contiguous Float32 matrix in bucket-major layout (dimension × rows), scored with BLAS.
///
/// A query has only tens to hundreds of non-zero buckets, so scoring touches just those matrix rows: one
/// `cblas_saxpy` per non-zero bucket over the allowed row range — the same scores as the full product at a cost that
/// follows the query, not `D` (DESIGN §4). A dense query uses `cblas_sgemv`, a batch `cblas_sgemm`.
///
/// Immutable and `Sendable`: a new revision builds a new index, which is swapped in whole.
public struct VectorIndex: Sendable {
    /// Vector dimension `D`.
    public let dimension: Int
    /// Number of rows (chunks).
    public let rowCount: Int
    /// `dimension × rowCount`: bucket `b` of row `r` is at `b * rowCount + r`.
    private let matrix: [Float]

    /// An index over row-major vectors (`rows × dimension`), transposed into the bucket-major layout.
    public init(dimension: Int, matrix rowMajor: [Float]) {
        precondition(dimension > 0 && rowMajor.count % dimension == 0, "matrix size must be a multiple of the dimension")
        let rows = rowMajor.count / dimension
        var transposed = [Float](repeating: 0, count: rowMajor.count)
        transposed.withUnsafeMutableBufferPointer { out in
            rowMajor.withUnsafeBufferPointer { input in
                for r in 0..<rows {
                    let base = r * dimension
                    for b in 0..<dimension { out[b * rows + r] = input[base + b] }
                }
            }
        }
        self.dimension = dimension
        self.rowCount = rows
        self.matrix = transposed
    }

    /// Dot products of a dense `query` (length `dimension`) with the rows in `rows`, written to `scores`.
    ///
    /// Uses the query's non-zero buckets only (`cblas_saxpy` each) when they are fewer than a quarter of `D`, else one
    /// `cblas_sgemv`.
    public func scores(query: UnsafeBufferPointer<Float>, rows: Range<Int>, into scores: UnsafeMutableBufferPointer<Float>) {
        precondition(query.count == dimension && scores.count == rows.count && rows.upperBound <= rowCount)
        guard !rows.isEmpty else { return }
        let nonZero = query.indices.filter { query[$0] != 0 }
        matrix.withUnsafeBufferPointer { m in
            let base = m.baseAddress! + rows.lowerBound
            if nonZero.count * 4 < dimension {
                scores.update(repeating: 0)
                for b in nonZero {
                    cblas_saxpy(Int32(rows.count), query[b], base + b * rowCount, 1, scores.baseAddress, 1)
                }
            } else {
                cblas_sgemv(
                    CblasRowMajor,
                    CblasTrans,
                    Int32(dimension),
                    Int32(rows.count),
                    1,
                    base,
                    Int32(rowCount),
                    query.baseAddress,
                    1,
                    0,
                    scores.baseAddress,
                    1
                )
            }
        }
    }

    /// Dot products of `query` with the rows in `rows`.
    public func scores(query: [Float], rows: Range<Int>) -> [Float] {
        var out = [Float](repeating: 0, count: rows.count)
        query.withUnsafeBufferPointer { q in out.withUnsafeMutableBufferPointer { scores(query: q, rows: rows, into: $0) } }
        return out
    }

    /// Dot products of a batch of queries (row-major, `batch × dimension`) with the rows in `rows`, as a row-major
    /// `batch × rows.count` matrix, computed with one `cblas_sgemm`.
    public func scores(queries: [Float], batch: Int, rows: Range<Int>) -> [Float] {
        precondition(queries.count == batch * dimension && rows.upperBound <= rowCount)
        var out = [Float](repeating: 0, count: batch * rows.count)
        guard batch > 0, !rows.isEmpty else { return out }
        matrix.withUnsafeBufferPointer { m in
            queries.withUnsafeBufferPointer { q in
                out.withUnsafeMutableBufferPointer { o in
                    cblas_sgemm(
                        CblasRowMajor,
                        CblasNoTrans,
                        CblasNoTrans,
                        Int32(batch),
                        Int32(rows.count),
                        Int32(dimension),
                        1,
                        q.baseAddress,
                        Int32(dimension),
                        m.baseAddress! + rows.lowerBound,
                        Int32(rowCount),
                        0,
                        o.baseAddress,
                        Int32(rows.count)
                    )
                }
            }
        }
        return out
    }

    /// The sum of every element's magnitude (`cblas_sasum`), one streaming read of the whole matrix: the bandwidth
    /// ceiling `askbook bench` compares scoring with.
    public func streamingSum() -> Float {
        matrix.withUnsafeBufferPointer { m in cblas_sasum(Int32(m.count), m.baseAddress, 1) }
    }

    /// Row `i` (one chunk's vector), gathered from the bucket-major layout.
    public func row(_ i: Int) -> [Float] {
        (0..<dimension).map { matrix[$0 * rowCount + i] }
    }
}
