import AskbookCore

/// The Float32 vectors of the bench's first space, as the vectorizer makes them before quantization: what
/// `askbook bench` exports for FAISS and checks the index's top-1 rows against.
struct ExactVectors: Sendable {
    let dimension: Int
    let rows: Int
    /// Bucket-major (`dimension × rows`), as `EmbeddedSpace.vectors()` builds it.
    let values: [Float]

    /// Row `r` of the matrix.
    func row(_ r: Int) -> [Float] { (0..<dimension).map { values[$0 * rows + r] } }

    /// The row with the largest exact dot product with `query` (the first of equal ones), summed over the query's
    /// non-zero buckets in Float32.
    func best(query: [Float]) -> Int {
        var scores = [Float](repeating: 0, count: rows)
        values.withUnsafeBufferPointer { m in
            for b in 0..<dimension where query[b] != 0 {
                let weight = query[b]
                for r in 0..<rows { scores[r] += weight * m[b * rows + r] }
            }
        }
        return scores.indices.max { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 > $1) } ?? 0
    }
}
