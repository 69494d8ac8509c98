import CBLAS

/// One contiguous row-major Float32 matrix of unit vectors (rows × dimension), scored with BLAS:
/// `cblas_sgemv` for one query, `cblas_sgemm` for a batch.
///
/// Immutable and `Sendable`: a new revision builds a new index, which is swapped in whole.
public struct VectorIndex: Sendable {
    /// Vector dimension `D`.
    public let dimension: Int
    /// Number of rows (chunks).
    public let rowCount: Int
    private let matrix: [Float]

    /// An index over `matrix`, whose count must be a multiple of `dimension`.
    public init(dimension: Int, matrix: [Float]) {
        precondition(dimension > 0 && matrix.count % dimension == 0, "matrix size must be a multiple of the dimension")
        self.dimension = dimension
        self.rowCount = matrix.count / dimension
        self.matrix = matrix
    }

    /// Dot products of `query` (length `dimension`) with the rows in `rows`, written to `scores` (length `rows.count`).
    public func scores(query: UnsafeBufferPointer<Float>, rows: Range<Int>, into scores: UnsafeMutableBufferPointer<Float>) {
        precondition(query.count == dimension && scores.count == rows.count && rows.upperBound <= rowCount)
        guard !rows.isEmpty else { return }
        matrix.withUnsafeBufferPointer { m in
            cblas_sgemv(
                CblasRowMajor,
                CblasNoTrans,
                Int32(rows.count),
                Int32(dimension),
                1,
                m.baseAddress! + rows.lowerBound * dimension,
                Int32(dimension),
                query.baseAddress,
                1,
                0,
                scores.baseAddress,
                1
            )
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
                        CblasTrans,
                        Int32(batch),
                        Int32(rows.count),
                        Int32(dimension),
                        1,
                        q.baseAddress,
                        Int32(dimension),
                        m.baseAddress! + rows.lowerBound * dimension,
                        Int32(dimension),
                        0,
                        o.baseAddress,
                        Int32(rows.count)
                    )
                }
            }
        }
        return out
    }

    /// Row `i` of the matrix.
    public func row(_ i: Int) -> ArraySlice<Float> { matrix[(i * dimension)..<((i + 1) * dimension)] }
}
