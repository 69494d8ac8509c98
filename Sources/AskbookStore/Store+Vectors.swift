import Foundation
import GRDB
import GRDBSQLite

extension Store {
    /// Whether the matrix `matrixKey` is stored.
    static func hasBuckets(_ db: Database, matrixKey: String) throws -> Bool {
        try VectorBucketRecord.filter(VectorBucketRecord.Columns.matrixKey == matrixKey).isEmpty(db) == false
    }

    /// The most floats one `vectorBucket` BLOB holds (256 MB): a space of up to 16,384 chunks is one row at D = 4,096.
    static let maxBlobFloats = 1 << 26

    /// Stores a bucket-major matrix (`dimension × rows`) as runs of whole buckets, each at most `maxBlobFloats`.
    static func insertBuckets(_ db: Database, matrixKey: String, vectors: [Float], dimension: Int) throws {
        let rows = vectors.count / dimension
        let run = max(1, min(dimension, maxBlobFloats / max(1, rows)))
        let statement = try db.makeStatement(
            sql: "INSERT INTO vectorBucket (matrixKey, firstBucket, bucketCount, data) VALUES (?, ?, ?, ?)"
        )
        try vectors.withUnsafeBytes { raw in
            let stride = rows * MemoryLayout<Float>.size
            for first in Swift.stride(from: 0, to: dimension, by: run) {
                let count = min(run, dimension - first)
                let bytes = Data(raw[(first * stride)..<((first + count) * stride)])
                try statement.execute(arguments: [matrixKey, first, count, bytes])
            }
        }
    }

    /// The bucket-major matrix `matrixKey`, each BLOB read straight into place with SQLite's incremental BLOB I/O
    /// (no intermediate buffer, one copy); `nil` when buckets are missing or a BLOB has the wrong size.
    static func vectors(_ db: Database, matrixKey: String, rows: Int, dimension: Int) throws -> [Float]? {
        let stride = rows * MemoryLayout<Float>.size
        let runs = try Row.fetchAll(
            db,
            sql: "SELECT rowid, firstBucket, bucketCount, length(data) AS size FROM vectorBucket WHERE matrixKey = ? ORDER BY firstBucket",
            arguments: [matrixKey]
        )
        var filled = 0
        for run in runs {
            let (first, buckets, size): (Int, Int, Int) = (run["firstBucket"], run["bucketCount"], run["size"])
            guard first == filled, buckets > 0, filled + buckets <= dimension, size == buckets * stride else { return nil }
            filled += buckets
        }
        guard filled == dimension else { return nil }
        var complete = true
        let vectors = [Float](unsafeUninitializedCapacity: rows * dimension) { buffer, count in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            adviseHugePages(raw)
            for run in runs where complete && (run["size"] as Int) > 0 {
                let (rowID, first, size): (Int64, Int, Int) = (run["rowid"], run["firstBucket"], run["size"])
                var blob: OpaquePointer?
                defer { sqlite3_blob_close(blob) }
                complete =
                    sqlite3_blob_open(db.sqliteConnection, "main", "vectorBucket", "data", rowID, 0, &blob) == SQLITE_OK
                    && sqlite3_blob_read(blob, raw.baseAddress! + first * stride, Int32(size), 0) == SQLITE_OK
            }
            count = complete ? rows * dimension : 0
        }
        return complete ? vectors : nil
    }

    /// Asks the kernel for transparent huge pages over the 2 MiB-aligned part of a large new buffer: filling 1.6 GB
    /// then takes ~800 page faults instead of ~400,000.
    private static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        let huge = 2 << 20
        guard let base = buffer.baseAddress, buffer.count >= 2 * huge else { return }
        let start = (Int(bitPattern: base) + huge - 1) / huge * huge
        let end = (Int(bitPattern: base) + buffer.count) / huge * huge
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
    }
}
