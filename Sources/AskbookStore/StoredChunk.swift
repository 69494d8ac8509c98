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
        let stripes = max(1, min(ProcessInfoCores.active, stored.count / 1_000))
        var chunks = [IndexedChunk?](repeating: nil, count: stored.count)
        var words = [SparseFeatures](repeating: empty, count: stored.count)
        let failure = Mutex<(any Error)?>(nil)
        chunks.withUnsafeMutableBufferPointer { chunkBuffer in
            words.withUnsafeMutableBufferPointer { wordBuffer in
                // Each stripe writes only its own indices.
                nonisolated(unsafe) let (chunkOut, wordOut) = (chunkBuffer, wordBuffer)
                DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
                    let decoder = JSONDecoder()
                    for i in stride(from: stripe, to: stored.count, by: stripes) {
                        let row = stored[i]
                        do {
                            chunkOut[i] = IndexedChunk(
                                spaceID: spaceID,
                                pageID: row.page.id,
                                pagePath: row.page.path,
                                pageTitle: row.page.title,
                                sectionID: row.sectionID,
                                sectionTitle: row.sectionTitle,
                                blocks: try decoder.decode([Block].self, from: row.blocks)
                            )
                        } catch {
                            failure.withLock { $0 = error }
                            return
                        }
                        if let data = row.words { wordOut[i] = SparseFeatures(serialized: data) ?? empty }
                    }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return (chunks.map { $0! }, words)
    }
}
