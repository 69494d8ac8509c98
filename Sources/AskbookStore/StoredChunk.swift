import AskbookCore
import Dispatch
import Foundation
import Synchronization

/// A chunk row as read from SQLite for a snapshot, still encoded: read sequentially inside the read transaction, then
/// decoded on every core (JSON blocks and word features were most of a large snapshot's load time after the vectors).
struct StoredChunk: Sendable {
    var page: PageRecord
    var sectionID: String
    var sectionTitle: String
    var blocks: Data
    /// Serialized word features; `nil` without a rerank stage.
    var words: Data?

    /// Starts decoding on other threads and returns a function that waits for the result, so the caller can read the
    /// revision's vectors from SQLite meanwhile.
    static func decodeInBackground(_ stored: [StoredChunk], spaceID: String) -> () throws -> ([IndexedChunk], [SparseFeatures]) {
        let result = Mutex<Result<([IndexedChunk], [SparseFeatures]), any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            let decoded = Result { try decode(stored, spaceID: spaceID) }
            result.withLock { $0 = decoded }
            done.signal()
        }
        return {
            done.wait()
            return try result.withLock { $0! }.get()
        }
    }

    /// The chunks and their word features, in order.
    ///
    /// - Throws: a decoding error when a chunk's blocks are malformed.
    static func decode(_ stored: [StoredChunk], spaceID: String) throws -> ([IndexedChunk], [SparseFeatures]) {
        let empty = SparseFeatures(counts: [:], length: 0)
        let decoder = JSONDecoder()
        let decoded = try ConcurrentMap.map(count: stored.count, minimumPerTask: 1_000) { i in
            let row = stored[i]
            let chunk = IndexedChunk(
                spaceID: spaceID,
                pageID: row.page.id,
                pagePath: row.page.path,
                pageTitle: row.page.title,
                sectionID: row.sectionID,
                sectionTitle: row.sectionTitle,
                blocks: try decoder.decode([Block].self, from: row.blocks)
            )
            return (chunk, row.words.flatMap { SparseFeatures(serialized: $0) } ?? empty)
        }
        return (decoded.map(\.0), decoded.map(\.1))
    }
}
