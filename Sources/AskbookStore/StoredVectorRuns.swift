import AskbookCore
import Foundation
import GRDB

/// A revision's chunk vectors as a snapshot load reads them, one stored row per chunk (`QuantizedRows.serialized(rows:)`,
/// kept beside the chunk's content): the rows' bytes are joined into runs of `rowsPerRun` rows, and each run is grouped
/// by bucket (`VectorIndex.Part`) on another thread while the load reads on.
struct StoredVectorRuns {
    /// Rows per part: ~28 MB of stored rows at D 4,096; a 100k-chunk space is seven parts built on every core.
    static let rowsPerRun = 16_384

    let dimension: Int
    private var run = Data()
    private var rowsInRun = 0
    private var parts: [BackgroundWork<VectorIndex.Part?>] = []
    /// Whether a row was missing or not one stored row.
    private var damaged = false

    init(dimension: Int) {
        self.dimension = dimension
    }

    /// Appends the vector in column `column` of `row`; a missing or malformed one makes `parts()` fail.
    mutating func append(_ row: Row, column: Int) throws {
        guard !damaged else { return }
        let dimension = dimension
        if rowsInRun == 0 { reserveRun() }
        let appended = try row.withUnsafeData(atIndex: column) { data -> Bool in
            guard let data else { return false }
            return data.withUnsafeBytes { raw in
                guard QuantizedRows.isStoredRow(raw, dimension: dimension) else { return false }
                run.append(raw.assumingMemoryBound(to: UInt8.self))
                return true
            }
        }
        guard appended else {
            damaged = true
            return
        }
        rowsInRun += 1
        if rowsInRun == Self.rowsPerRun { closeRun() }
    }

    /// Hands the rows read so far to a thread of their own.
    private mutating func closeRun() {
        let (bytes, rows, dimension) = (run, rowsInRun, dimension)
        parts.append(BackgroundWork { VectorIndex.Part(serialized: bytes, rows: rows, dimension: dimension) })
        run = Data()
        rowsInRun = 0
    }

    /// Makes room for a run of rows with up to three non-zero buckets in eight (~2 KB a row at D 4,096; a chunk has
    /// about one in five): growing by doubling would copy the run and touch twice its pages, and reserved pages cost
    /// nothing until written.
    private mutating func reserveRun() {
        run.reserveCapacity(Self.rowsPerRun * (4 + (dimension + 7) / 8 + dimension * 3 / 16))
    }

    /// The parts of every row appended, in order, once built; `nil` when a row was missing or damaged.
    mutating func finish() -> [VectorIndex.Part]? {
        if rowsInRun > 0 { closeRun() }
        let built = parts.map { (try? $0.value()) ?? nil }  // every part waited for, none left running
        parts = []
        let complete = built.compactMap { $0 }
        return damaged || complete.count != built.count ? nil : complete
    }
}
