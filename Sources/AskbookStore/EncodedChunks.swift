import AskbookCore
import Dispatch
import Foundation

/// What a revision's commit writes for its new chunks, encoded before the write transaction on every core: the blocks
/// and breadcrumb (`BlockEncoding`), the word features as bytes, and the vector as its stored row
/// (`QuantizedRows.serialized(rows:)`). Chunks reused from the previous revision have their content row, vector
/// included, already. The transaction, which runs on one thread, then only inserts.
struct EncodedChunks: Sendable {
    /// One chunk's content row.
    struct Row: Sendable {
        var blocks: Data
        var breadcrumb: Data
        var words: Data
        var vector: Data
    }

    /// Per chunk its content row; `nil` for reused chunks, whose rows exist.
    var rows: [Row?]

    /// Encodes `embedded`'s chunks that are not reused.
    init(_ embedded: EmbeddedSpace) {
        let chunks = embedded.chunks
        let fresh = chunks.indices.filter { !chunks[$0].reused }
        // The vectors first, on every core (`quantizedVectors` spreads its rows itself: built inside one iteration of
        // the encoding's `concurrentPerform`, as they were, its own ran on one thread and took twice as long).
        let vectors = embedded.quantizedVectors(of: fresh)
        let stripes = max(1, min(ProcessInfoCores.active, fresh.count / 256))
        var rows = [Row?](repeating: nil, count: chunks.count)
        rows.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer  // each stripe writes only its own indices
            DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
                for k in Swift.stride(from: stripe, to: fresh.count, by: stripes) {
                    let chunk = chunks[fresh[k]]
                    out[fresh[k]] = Row(
                        blocks: BlockEncoding.encode(chunk.chunk.blocks),
                        breadcrumb: BlockEncoding.encode(strings: chunk.chunk.breadcrumb),
                        words: chunk.features.words().serialized(),
                        vector: vectors.serialized(rows: k..<(k + 1))
                    )
                }
            }
        }
        self.rows = rows
    }
}
