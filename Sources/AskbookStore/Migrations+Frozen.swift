import AskbookCore
import Foundation
import GRDB

extension Migrations {
    /// The code `v2-bucket-major-vectors` runs, as it was when the migration was released.
    enum V2 {
        /// The most floats one `vectorBucket` BLOB holds (256 MB).
        static let maxBlobFloats = 1 << 26

        /// `rowMajor` (`rows × dimension`) transposed into the bucket-major layout.
        static func bucketMajor(rowMajor: [Float], dimension: Int) -> [Float] {
            precondition(dimension > 0 && rowMajor.count % dimension == 0, "matrix size must be a multiple of the dimension")
            let rows = rowMajor.count / dimension
            return [Float](unsafeUninitializedCapacity: rowMajor.count) { out, count in
                rowMajor.withUnsafeBufferPointer { input in
                    for r in 0..<rows {
                        for b in 0..<dimension { out[b * rows + r] = input[r * dimension + b] }
                    }
                }
                count = rowMajor.count
            }
        }

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
    }

    /// The code `v3-chunk-features-apart` runs, as it was when the migration was released.
    enum V3 {
        /// The word features (key family bits `01`, or `00`, which read as words) of serialized features — little-endian
        /// length (Float32 bits), count, keys (UInt64), counts (Float32) — serialized the same way with the same length.
        /// Truncated bytes give no features and length 0.
        static func words(ofSerializedFeatures data: Data) -> Data {
            var length: UInt32 = 0
            var keys: [UInt64] = []
            var counts: [UInt32] = []
            data.withUnsafeBytes { raw in
                guard raw.count >= 8 else { return }
                let n = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
                guard raw.count == 8 + n * 12 else { return }
                length = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
                for i in 0..<n {
                    let key = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 + i * 8, as: UInt64.self))
                    guard key & 3 == 1 || key & 3 == 0 else { continue }
                    keys.append(key)
                    counts.append(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8 + n * 8 + i * 4, as: UInt32.self)))
                }
            }
            var out = Data(count: 8 + keys.count * 12)
            out.withUnsafeMutableBytes { raw in
                raw.storeBytes(of: length.littleEndian, toByteOffset: 0, as: UInt32.self)
                raw.storeBytes(of: UInt32(keys.count).littleEndian, toByteOffset: 4, as: UInt32.self)
                for (i, key) in keys.enumerated() {
                    raw.storeBytes(of: key.littleEndian, toByteOffset: 8 + i * 8, as: UInt64.self)
                    raw.storeBytes(of: counts[i].littleEndian, toByteOffset: 8 + keys.count * 8 + i * 4, as: UInt32.self)
                }
            }
            return out
        }
    }

    /// The code `v9-quantized-vectors` runs, as it was when the migration was released.
    enum V9 {
        /// Rows per `vectorRows` BLOB.
        static let rowsPerRun = 16_384

        /// Re-encodes one stored matrix: its `vectorBucket` runs (bucket-major Float32) become `vectorRows` runs of
        /// quantized rows (per row a Float32 scale = largest magnitude ÷ 2,047, a bitmap of ⌈D/8⌉ bytes of the non-zero
        /// codes, then the 12-bit codes, −2,047…2,047, in bucket order, two in three bytes). A matrix whose runs do not tile `dimension × rows` is
        /// skipped: its revision loads without vectors and is reported for re-import, as before the migration.
        static func convert(_ db: Database, matrixKey: String) throws {
            let runs = try Row.fetchAll(
                db,
                sql: "SELECT firstBucket, bucketCount, data FROM vectorBucket WHERE matrixKey = ? ORDER BY firstBucket",
                arguments: [matrixKey]
            )
            let dimension = runs.reduce(0) { $0 + ($1["bucketCount"] as Int) }
            guard let first = runs.first, dimension > 0, dimension <= 1 << 16 else { return }
            let firstData: Data = first["data"]
            let firstCount: Int = first["bucketCount"]
            let rows = firstCount > 0 ? firstData.count / 4 / firstCount : 0
            var bucketMajor = [Float](repeating: 0, count: rows * dimension)
            var filled = 0
            for run in runs {
                let (start, count, data): (Int, Int, Data) = (run["firstBucket"], run["bucketCount"], run["data"])
                guard start == filled, data.count == count * rows * 4 else { return }
                bucketMajor.withUnsafeMutableBytes { out in
                    data.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: out[(start * rows * 4)...]).copyMemory(from: $0) }
                }
                filled += count
            }
            let statement = try db.makeStatement(sql: "INSERT INTO vectorRows (matrixKey, firstRow, rowCount, data) VALUES (?, ?, ?, ?)")
            var row = [Float](repeating: 0, count: dimension)
            for firstRow in stride(from: 0, to: max(1, rows), by: rowsPerRun) {
                let range = firstRow..<min(rows, firstRow + rowsPerRun)
                var data = Data()
                for r in range {
                    for b in 0..<dimension { row[b] = bucketMajor[b * rows + r] }
                    data.append(encode(row))
                }
                try statement.execute(arguments: [matrixKey, firstRow, range.count, data])
            }
        }

        /// One row in the stored form.
        static func encode(_ row: [Float]) -> Data {
            let largest = row.reduce(Float(0)) { max($0, abs($1)) }
            let scale: Float = largest > 0 && largest.isFinite ? largest / 2_047 : 0
            var bitmap = [UInt8](repeating: 0, count: (row.count + 7) / 8)
            var codes: [UInt32] = []
            if scale > 0 {
                let inverse = 1 / scale
                for (b, value) in row.enumerated() where value != 0 {
                    let code = (value * inverse).rounded()
                    guard code != 0 else { continue }
                    bitmap[b / 8] |= UInt8(1) << UInt8(b % 8)
                    codes.append(UInt32(UInt16(bitPattern: Int16(max(-2_047, min(2_047, code))))) & 0xFFF)
                }
            }
            var data = Data()
            withUnsafeBytes(of: scale.bitPattern.littleEndian) { data.append(contentsOf: $0) }
            data.append(contentsOf: bitmap)
            for i in stride(from: 0, to: codes.count, by: 2) {
                let pair = codes[i] | (i + 1 < codes.count ? codes[i + 1] << 12 : 0)
                data.append(
                    contentsOf: i + 1 < codes.count
                        ? [UInt8(pair & 0xFF), UInt8(pair >> 8 & 0xFF), UInt8(pair >> 16)] : [UInt8(pair & 0xFF), UInt8(pair >> 8)]
                )
            }
            return data
        }
    }

    /// The code `v12-binary-blocks` runs. It writes `BlockEncoding`'s format 1, which is frozen by its tag byte.
    enum V12 {
        /// Re-encodes every `chunkContent` row's JSON blocks and breadcrumb, a thousand rows at a time by rowid (an
        /// update keeps the rowid, so the walk sees each row once). A row whose JSON does not decode is left as it
        /// is: its space loads without it and is reported for re-import, as before the migration.
        static func convert(_ db: Database) throws {
            let decoder = JSONDecoder()
            let update = try db.makeStatement(sql: "UPDATE chunkContent SET blocks = ?, breadcrumb = ? WHERE rowid = ?")
            var last: Int64 = .min
            while true {
                let rows = try Row.fetchAll(
                    db,
                    sql: "SELECT rowid, blocks, breadcrumb FROM chunkContent WHERE rowid > ? ORDER BY rowid LIMIT 1000",
                    arguments: [last]
                )
                guard let final = rows.last else { return }
                last = final["rowid"]
                for row in rows {
                    guard let blocks = try? decoder.decode([Block].self, from: row["blocks"] as Data) else { continue }
                    var breadcrumb: Data?
                    if let stored: Data = row["breadcrumb"] {
                        guard let crumbs = try? decoder.decode([String].self, from: stored) else { continue }
                        breadcrumb = BlockEncoding.encode(strings: crumbs)
                    }
                    try update.execute(arguments: [BlockEncoding.encode(blocks), breadcrumb, row["rowid"]])
                }
            }
        }
    }

    /// The code `v14-chunk-vectors` runs, as it was when the migration was released.
    enum V14 {
        /// Moves every revision's stored rows (`vectorRows` runs, rows back to back in chunk order: per row a Float32
        /// scale, a bitmap of ⌈D/8⌉ bytes, then ⌈3 × set bits ÷ 2⌉ bytes of codes) to its chunks' content rows. Skipped:
        /// revisions whose model puts idf inside the vectors or cannot be read, and runs that do not cut into exactly
        /// their rows; those chunks keep no vector, and their spaces load without them until re-imported.
        static func convert(_ db: Database) throws {
            let update = try db.makeStatement(
                sql: "UPDATE chunkContent SET vector = ? WHERE contentHash = (SELECT contentHash FROM chunk WHERE revisionId = ? AND position = ?)"
            )
            let revisions = try Row.fetchAll(db, sql: "SELECT id, model, matrixKey FROM revision")
            for revision in revisions {
                let modelData: Data = revision["model"]
                guard let model = try? JSONSerialization.jsonObject(with: modelData) as? [String: Any],
                    let dimension = model["dimension"] as? Int, (1...(1 << 16)).contains(dimension),
                    (model["weighting"] as? [String: Any])?["idf"] as? String == "query"
                else { continue }
                let revisionID: String = revision["id"]
                let runs = try Row.fetchAll(
                    db,
                    sql: "SELECT firstRow, rowCount, data FROM vectorRows WHERE matrixKey = ? ORDER BY firstRow",
                    arguments: [revision["matrixKey"] as String]
                )
                for run in runs {
                    let (firstRow, rowCount, data): (Int, Int, Data) = (run["firstRow"], run["rowCount"], run["data"])
                    guard let ends = rowEnds(data, rows: rowCount, dimension: dimension) else { continue }
                    var start = 0
                    for (offset, end) in ends.enumerated() {
                        try update.execute(arguments: [data.subdata(in: start..<end), revisionID, firstRow + offset])
                        start = end
                    }
                }
            }
        }

        /// Where each of the `rows` rows of `data` ends; `nil` unless they end exactly at its end.
        static func rowEnds(_ data: Data, rows: Int, dimension: Int) -> [Int]? {
            let bitmapBytes = (dimension + 7) / 8
            let bytes = [UInt8](data)
            var ends: [Int] = []
            var at = 0
            for _ in 0..<max(0, rows) {
                guard at + 4 + bitmapBytes <= bytes.count else { return nil }
                let entries = bytes[(at + 4)..<(at + 4 + bitmapBytes)].reduce(0) { $0 + $1.nonzeroBitCount }
                at += 4 + bitmapBytes + (entries * 3 + 1) / 2
                ends.append(at)
            }
            return at == bytes.count ? ends : nil
        }
    }
}
