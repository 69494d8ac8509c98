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
}
