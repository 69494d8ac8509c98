import AskbookCore
import Foundation
import GRDB

/// A space's chunk rows as read from SQLite for a snapshot, still encoded: the read, on one thread inside the read
/// transaction, only copies each row's bytes into one buffer, and the rows are decoded on every core in
/// `BackgroundWork` while the load reads on. A `String` and two `Data` per row made on the reading thread were most of
/// a 100k-chunk load's critical path.
struct StoredChunkRows: Sendable {
    /// The pages the rows belong to.
    let pages: [PageRecord]
    /// Per row, the bytes of its section id, section title, blocks and word features, back to back.
    private var bytes: [UInt8] = []
    /// Where each of a row's four fields ends in `bytes`.
    private var ends: [Int] = []
    /// Each row's page, an index into `pages`.
    private var pageIndices: [Int] = []

    init(pages: [PageRecord], reservingRows rows: Int) {
        self.pages = pages
        // The stored chunk count is a hint: one read from a damaged file must not overflow or reserve without bound.
        let rows = min(max(rows, 0), Self.maxReservedRows)
        ends.reserveCapacity(rows * 4)
        pageIndices.reserveCapacity(rows)
        // Room for ~2 KB a row (blocks and word features are ~1.5 KB on documentation): growing by doubling would copy
        // the buffer and touch twice its pages, and reserved pages cost nothing until written.
        bytes.reserveCapacity(rows * 2_048)
    }

    /// At most this many rows are reserved for up front (2 GB of row bytes); a larger space grows as it is read.
    static let maxReservedRows = 1 << 20

    /// Number of rows.
    var count: Int { pageIndices.count }

    /// Appends a row of `SELECT pageId, sectionId, sectionTitle, blocks, words` as row of page `page`; the word features
    /// only when `words` (a model with a rerank stage).
    mutating func append(_ row: Row, page: Int, words: Bool) throws {
        for column in 1...4 {
            if column < 4 || words {
                try row.withUnsafeData(atIndex: column) { data in data?.withUnsafeBytes { bytes.append(contentsOf: $0) } }
            }
            ends.append(bytes.count)
        }
        pageIndices.append(page)
    }

    /// The chunks and their word features, in order; `rerank` says the model needs the word features.
    ///
    /// - Throws: `DamagedChunk` when a chunk's blocks are malformed, or when `rerank` and its word features are
    ///   missing or malformed.
    func decode(spaceID: String, rerank: Bool) throws -> ([IndexedChunk], [SparseFeatures]) {
        let empty = SparseFeatures(counts: [:], length: 0)
        let decoded = try ConcurrentMap.map(count: count, minimumPerTask: 1_000) { i in
            try bytes.withUnsafeBytes { all in
                func field(_ k: Int) -> UnsafeRawBufferPointer {
                    let at = 4 * i + k
                    return UnsafeRawBufferPointer(rebasing: all[(at == 0 ? 0 : ends[at - 1])..<ends[at]])
                }
                let page = pages[pageIndices[i]]
                let chunk = IndexedChunk(
                    spaceID: spaceID,
                    pageID: page.id,
                    pagePath: page.path,
                    pageTitle: page.title,
                    sectionID: String(decoding: field(0), as: UTF8.self),
                    sectionTitle: String(decoding: field(1), as: UTF8.self),
                    blocks: try BlockEncoding.decodeBlocks(field(2)) ?? { throw DamagedChunk() }()
                )
                guard rerank else { return (chunk, empty) }
                guard let words = SparseFeatures(serialized: Data(field(3))) else { throw DamagedChunk() }
                return (chunk, words)
            }
        }
        return (decoded.map(\.0), decoded.map(\.1))
    }
}

/// A stored chunk's blocks or word features do not decode.
struct DamagedChunk: Error {}
