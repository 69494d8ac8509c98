import AskbookCore
import Dispatch
import Foundation

/// What a revision's commit writes for its chunks, encoded before the write transaction on every core: the blocks and
/// breadcrumb (`BlockEncoding`), the word features as bytes (for chunks not reused from the previous revision), and
/// the vectors as the runs they are stored in. The transaction, which runs on one thread, then only inserts.
struct EncodedChunks: Sendable {
    /// Per chunk: encoded blocks and breadcrumb and word features; `nil` for reused chunks, whose rows exist.
    var rows: [(blocks: Data, breadcrumb: Data, words: Data)?]
    /// The vectors as stored runs (`Store.vectorRuns(of:)`); `nil` when the matrix is already stored.
    var vectors: [(data: Data, rows: Int)]?

    /// Encodes `embedded`; `vectors` is false when the store already has its matrix.
    init(_ embedded: EmbeddedSpace, vectors needVectors: Bool) {
        // The vectors first, on every core (`quantizedVectors` spreads its rows itself: built inside one iteration of
        // the encoding's `concurrentPerform`, as they were, its own ran on one thread and took twice as long).
        vectors = needVectors ? Store.vectorRuns(of: embedded) : nil
        let chunks = embedded.chunks
        let stripes = max(1, min(ProcessInfoCores.active, chunks.count / 256))
        var rows = [(blocks: Data, breadcrumb: Data, words: Data)?](repeating: nil, count: chunks.count)
        rows.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer  // each stripe writes only its own indices
            DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
                for i in Swift.stride(from: stripe, to: chunks.count, by: stripes) where !chunks[i].reused {
                    out[i] = (
                        BlockEncoding.encode(chunks[i].chunk.blocks), BlockEncoding.encode(strings: chunks[i].chunk.breadcrumb),
                        chunks[i].features.words().serialized()
                    )
                }
            }
        }
        self.rows = rows
    }
}
