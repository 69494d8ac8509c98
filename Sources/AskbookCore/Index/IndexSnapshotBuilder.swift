import Foundation

/// Assembles an `IndexSnapshot` segment by segment, copying vectors straight into one contiguous matrix.
public struct IndexSnapshotBuilder {
    public let model: VectorizerModel
    private var matrix: [Float] = []
    private var chunks: [IndexedChunk] = []
    private var segments: [IndexSegment] = []

    public init(model: VectorizerModel) {
        self.model = model
    }

    /// Adds a row from a raw little-endian Float32 vector (as stored); rows of the wrong size are rejected.
    ///
    /// - Returns: whether the row was added.
    @discardableResult
    public mutating func appendRow(_ chunk: IndexedChunk, vectorBytes: Data) -> Bool {
        guard vectorBytes.count == model.dimension * MemoryLayout<Float>.size else { return false }
        let start = matrix.count
        matrix.append(contentsOf: repeatElement(0, count: model.dimension))
        _ = matrix.withUnsafeMutableBytes { raw in
            vectorBytes.copyBytes(to: UnsafeMutableRawBufferPointer(rebasing: raw[(start * 4)...]))
        }
        chunks.append(chunk)
        return true
    }

    /// Adds a row from a vector.
    public mutating func appendRow(_ chunk: IndexedChunk, vector: [Float]) {
        precondition(vector.count == model.dimension)
        matrix.append(contentsOf: vector)
        chunks.append(chunk)
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
        IndexSnapshot(model: model, index: VectorIndex(dimension: model.dimension, matrix: matrix), chunks: chunks, segments: segments)
    }
}
