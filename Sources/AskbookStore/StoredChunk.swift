import AskbookCore
import Foundation

/// A chunk row as read from SQLite for a snapshot, still encoded: read sequentially inside the read transaction, then
/// decoded on every core in `BackgroundWork` while the load reads on (blocks and word features were most of a large
/// snapshot's load time after the vectors).
struct StoredChunk: Sendable {
    var page: PageRecord
    var sectionID: String
    var sectionTitle: String
    var blocks: Data
    /// Serialized word features; `nil` without a rerank stage.
    var words: Data?

    /// The chunks and their word features, in order; `rerank` says the model needs the word features.
    ///
    /// - Throws: `DamagedChunk` when a chunk's blocks are malformed, or when `rerank` and its word features are
    ///   missing or malformed.
    static func decode(_ stored: [StoredChunk], spaceID: String, rerank: Bool) throws -> ([IndexedChunk], [SparseFeatures]) {
        let empty = SparseFeatures(counts: [:], length: 0)
        let decoded = try ConcurrentMap.map(count: stored.count, minimumPerTask: 1_000) { i in
            let row = stored[i]
            let chunk = IndexedChunk(
                spaceID: spaceID,
                pageID: row.page.id,
                pagePath: row.page.path,
                pageTitle: row.page.title,
                sectionID: row.sectionID,
                sectionTitle: row.sectionTitle,
                blocks: try BlockEncoding.decodeBlocks(row.blocks) ?? { throw DamagedChunk() }()
            )
            guard rerank else { return (chunk, empty) }
            guard let words = row.words.flatMap({ SparseFeatures(serialized: $0) }) else { throw DamagedChunk() }
            return (chunk, words)
        }
        return (decoded.map(\.0), decoded.map(\.1))
    }
}

/// A stored chunk's blocks or word features do not decode.
struct DamagedChunk: Error {}
