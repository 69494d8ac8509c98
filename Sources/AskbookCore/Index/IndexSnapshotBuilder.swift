import Foundation

/// Assembles an `IndexSnapshot` segment by segment; each segment's vectors become one part of the index.
public struct IndexSnapshotBuilder {
    public let model: VectorizerModel
    private var parts: [VectorIndex.Part] = []
    private var chunks: [IndexedChunk] = []
    private var segments: [IndexSegment] = []
    private var lexical: [SparseFeatures] = []

    public init(model: VectorizerModel) {
        self.model = model
    }

    /// Adds rows with their vectors as Float32, bucket-major (`dimension × rows.count`), quantized here, and their word
    /// features (kept only when the model reranks).
    ///
    /// - Returns: whether the rows were added; vectors of the wrong size are rejected.
    @discardableResult
    public mutating func appendRows(_ rows: [IndexedChunk], vectors: [Float], lexical words: [SparseFeatures]) -> Bool {
        guard vectors.count == rows.count * model.dimension else { return false }
        return appendRows(rows, quantized: QuantizedRows(bucketMajor: vectors, dimension: model.dimension), lexical: words)
    }

    /// Adds rows with their quantized vectors, as the store keeps them, and their word features (kept only when the
    /// model reranks).
    ///
    /// - Returns: whether the rows were added; vectors of another dimension or count are rejected.
    @discardableResult
    public mutating func appendRows(_ rows: [IndexedChunk], quantized vectors: QuantizedRows, lexical words: [SparseFeatures]) -> Bool {
        appendRows(rows, quantized: [vectors], lexical: words)
    }

    /// Adds rows with their quantized vectors in consecutive parts (as the store keeps them in runs), and their word
    /// features (kept only when the model reranks).
    ///
    /// - Returns: whether the rows were added; parts of another dimension, or not holding one vector per row, are
    ///   rejected.
    @discardableResult
    public mutating func appendRows(_ rows: [IndexedChunk], quantized vectors: [QuantizedRows], lexical words: [SparseFeatures]) -> Bool {
        guard vectors.allSatisfy({ $0.dimension == model.dimension }) else { return false }
        return appendRows(rows, parts: VectorIndex.parts(vectors.filter { $0.count > 0 }), lexical: words)
    }

    /// Adds rows with their vectors already grouped by bucket in consecutive parts (as a snapshot load reads them),
    /// and their word features (kept only when the model reranks).
    ///
    /// - Returns: whether the rows were added; parts of another dimension, or not holding one vector per row, are
    ///   rejected.
    @discardableResult
    public mutating func appendRows(_ rows: [IndexedChunk], parts vectors: [VectorIndex.Part], lexical words: [SparseFeatures]) -> Bool {
        guard vectors.allSatisfy({ $0.dimension == model.dimension }), vectors.reduce(0, { $0 + $1.count }) == rows.count,
            words.count == rows.count
        else { return false }
        parts += vectors.filter { $0.count > 0 }
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
        sections: [IndexedSection],
        vocabulary: Vocabulary? = nil
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
                sections: sections,
                vocabulary: vocabulary
            )
        )
    }

    /// The finished snapshot.
    public func build() -> IndexSnapshot {
        IndexSnapshot(
            model: model,
            index: VectorIndex(dimension: model.dimension, parts: parts),
            chunks: chunks,
            segments: segments,
            lexical: lexical
        )
    }
}
