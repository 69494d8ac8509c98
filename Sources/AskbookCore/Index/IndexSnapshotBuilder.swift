import Foundation

/// Assembles an `IndexSnapshot` segment by segment, copying vectors straight into one contiguous matrix.
public struct IndexSnapshotBuilder {
    public let model: VectorizerModel
    private var matrix: [Float] = []
    private var chunks: [IndexedChunk] = []
    private var segments: [IndexSegment] = []
    private var lexical: [SparseFeatures] = []

    public init(model: VectorizerModel) {
        self.model = model
    }

    /// Adds rows with their vectors as raw Float32 bytes (as stored), copied in one piece, and their word features
    /// (kept only when the model reranks).
    ///
    /// - Returns: whether the rows were added; a matrix of the wrong size is rejected.
    @discardableResult
    public mutating func appendRows(_ rows: [IndexedChunk], matrixBytes: Data, lexical words: [SparseFeatures]) -> Bool {
        guard matrixBytes.count == rows.count * model.dimension * MemoryLayout<Float>.size, words.count == rows.count else { return false }
        let start = matrix.count
        matrix.append(contentsOf: repeatElement(0, count: rows.count * model.dimension))
        _ = matrix.withUnsafeMutableBytes { raw in
            matrixBytes.copyBytes(to: UnsafeMutableRawBufferPointer(rebasing: raw[(start * MemoryLayout<Float>.size)...]))
        }
        chunks.append(contentsOf: rows)
        if model.rerank != nil { lexical.append(contentsOf: words) }
        return true
    }

    /// Number of rows added so far.
    public var rowCount: Int { chunks.count }

    /// Closes a segment over the rows added since the previous one.
    public mutating func closeSegment(
        spaceID: String,
        spaceTitle: String,
        organizationID: String,
        revisionID: String,
        language: String,
        idf: IDFTable,
        sections: [IndexedSection]
    ) {
        let start = segments.last?.rows.upperBound ?? 0
        segments.append(
            IndexSegment(
                spaceID: spaceID,
                spaceTitle: spaceTitle,
                organizationID: organizationID,
                revisionID: revisionID,
                language: language,
                rows: start..<chunks.count,
                idf: idf,
                sections: sections
            )
        )
    }

    /// The finished snapshot.
    public func build() -> IndexSnapshot {
        IndexSnapshot(
            model: model,
            index: VectorIndex(dimension: model.dimension, matrix: matrix),
            chunks: chunks,
            segments: segments,
            lexical: lexical
        )
    }
}
