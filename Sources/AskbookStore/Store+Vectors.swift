import AskbookCore
import Dispatch
import Foundation
import GRDB

extension Store {
    /// Whether the matrix `matrixKey` is stored.
    static func hasVectors(_ db: Database, matrixKey: String) throws -> Bool {
        try VectorRowsRecord.filter(VectorRowsRecord.Columns.matrixKey == matrixKey).isEmpty(db) == false
    }

    /// Chunk vectors per `vectorRows` BLOB: ~21 MB at D 4,096, and a 100k-chunk space is seven runs to decode in
    /// parallel.
    static let rowsPerVectorRun = 16_384

    /// `embedded`'s vectors as the runs of `rowsPerVectorRun` rows they are stored in: cut from the bytes a re-import
    /// assembled, or quantized and encoded, a run per task on every core. An empty matrix is one empty run, so that
    /// it is stored too.
    static func vectorRuns(of embedded: EmbeddedSpace) -> [(data: Data, rows: Int)] {
        let rowCount = embedded.prebuiltVectors?.count ?? embedded.chunks.count
        let ranges = stride(from: 0, to: max(1, rowCount), by: rowsPerVectorRun).map { $0..<min(rowCount, $0 + rowsPerVectorRun) }
        if let stored = embedded.prebuiltVectors {
            return ranges.map { (stored.serialized(rows: $0), $0.count) }
        }
        let vectors = embedded.quantizedVectors()
        var runs = [(data: Data, rows: Int)](repeating: (Data(), 0), count: ranges.count)
        runs.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer  // each run writes only its own index
            DispatchQueue.concurrentPerform(iterations: ranges.count) { i in out[i] = (vectors.serialized(rows: ranges[i]), ranges[i].count) }
        }
        return runs
    }

    /// Stores a matrix's runs (`vectorRuns(of:)`) in order.
    static func insertVectors(_ db: Database, matrixKey: String, runs: [(data: Data, rows: Int)]) throws {
        let statement = try db.makeStatement(sql: "INSERT INTO vectorRows (matrixKey, firstRow, rowCount, data) VALUES (?, ?, ?, ?)")
        var first = 0
        for run in runs {
            try statement.execute(arguments: [matrixKey, first, run.rows, run.data])
            first += run.rows
        }
    }

    /// The matrix `matrixKey` of `rows` chunk vectors as its runs, decoded on every core (the index takes them as they
    /// are, a block each); `nil` when runs are missing, overlap, or do not decode to exactly their rows (a damaged
    /// store).
    static func vectors(_ db: Database, matrixKey: String, rows: Int, dimension: Int) throws -> [QuantizedRows]? {
        guard let runs = try vectorRuns(db, matrixKey: matrixKey, rows: rows, dimension: dimension) else { return nil }
        var decoded = [QuantizedRows?](repeating: nil, count: runs.count)
        decoded.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer  // each run writes only its own index
            DispatchQueue.concurrentPerform(iterations: runs.count) { i in
                out[i] = QuantizedRows(serialized: runs[i].data, rows: runs[i].rowCount, dimension: dimension)
            }
        }
        let parts = decoded.compactMap { $0 }
        return parts.count == runs.count ? parts : nil
    }

    /// Stored runs of chunk vectors grouped by bucket for the index, a part per run, built on every core straight
    /// from the stored bytes; `nil` when a run does not decode to exactly its rows (a damaged store).
    static func vectorParts(_ runs: [VectorRowsRecord], dimension: Int) -> [VectorIndex.Part]? {
        var decoded = [VectorIndex.Part?](repeating: nil, count: runs.count)
        decoded.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer  // each run writes only its own index
            DispatchQueue.concurrentPerform(iterations: runs.count) { i in
                out[i] = VectorIndex.Part(serialized: runs[i].data, rows: runs[i].rowCount, dimension: dimension)
            }
        }
        let parts = decoded.compactMap { $0 }
        return parts.count == runs.count ? parts : nil
    }

    /// The runs of matrix `matrixKey`, in order; `nil` when they are missing, overlap or do not add up to `rows`.
    static func vectorRuns(_ db: Database, matrixKey: String, rows: Int, dimension: Int) throws -> [VectorRowsRecord]? {
        guard (1...QuantizedRows.maxDimension).contains(dimension) else { return nil }
        let runs = try VectorRowsRecord.filter(VectorRowsRecord.Columns.matrixKey == matrixKey)
            .order(VectorRowsRecord.Columns.firstRow).fetchAll(db)
        var next = 0
        for run in runs {
            guard run.firstRow == next, run.rowCount >= 0 else { return nil }
            next += run.rowCount
        }
        return next == rows && !runs.isEmpty ? runs : nil
    }
}

extension Store {
    /// Bytes the database uses (its pages less the free ones), and of those the stored chunk vectors' BLOBs: what
    /// `askbook bench` reports per chunk.
    public func storageBytes() async throws -> (database: Int, vectors: Int) {
        try await writer.read { db in
            let pages = try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0
            let free = try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
            let size = try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            let vectors = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(length(data)), 0) FROM vectorRows") ?? 0
            return ((pages - free) * size, vectors)
        }
    }
}
