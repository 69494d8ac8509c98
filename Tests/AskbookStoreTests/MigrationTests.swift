import AskbookCore
import Foundation
import GRDB
import Testing

@testable import AskbookStore

/// The migrations run frozen copies of the code they need; today those copies still agree with the live code.
@Suite struct MigrationTests {
    @Test func frozenWordFeaturesMatchTodaysSparseFeatures() {
        let counts: [UInt64: Float] = [0x10: 2, 0x21: 1.5, 0x32: 1, 0x43: 0.35, 0x55: 3]
        let features = SparseFeatures(counts: counts, length: 6.5)
        #expect(Migrations.V3.words(ofSerializedFeatures: features.serialized()) == features.words().serialized())
        let empty = SparseFeatures(counts: [:], length: 0).serialized()
        #expect(Migrations.V3.words(ofSerializedFeatures: Data([1, 2, 3])) == empty)
    }

    @Test func frozenBucketMajorAndBucketRunsMatchTodaysStore() throws {
        let (rows, dimension) = (7, 5)
        let rowMajor = (0..<(rows * dimension)).map { Float($0) / 10 }
        #expect(
            Migrations.V2.bucketMajor(rowMajor: rowMajor, dimension: dimension) == VectorIndex.bucketMajor(rowMajor: rowMajor, dimension: dimension)
        )
    }

    @Test func frozenQuantizedRowsMatchTodaysEncoding() {
        let dimension = 70  // not a multiple of 8 or 64: the bitmap's last byte is partial
        let rowMajor: [Float] = (0..<(9 * dimension)).map { (i: Int) -> Float in
            let zero = i % 3 == 0 || i / dimension == 4  // row 4 is all zero
            return zero ? 0 : Float(sin(Double(i) * 1.7))
        }
        let today = QuantizedRows(rowMajor: rowMajor, dimension: dimension).serialized()
        let frozen = (0..<9).reduce(into: Data()) { $0.append(Migrations.V9.encode(Array(rowMajor[($1 * dimension)..<(($1 + 1) * dimension)]))) }
        #expect(frozen == today)
    }

    @Test func storedFloatMatricesAreConvertedToQuantizedRows() throws {
        let (rows, dimension) = (40, 96)
        let rowMajor = (0..<(rows * dimension)).map { Float(sin(Double($0) * 0.37)) }
        let bucketMajor = VectorIndex.bucketMajor(rowMajor: rowMajor, dimension: dimension)
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v8-page-markdown")
        try queue.write { db in
            try Migrations.V2.insertBuckets(db, matrixKey: "m", vectors: bucketMajor, dimension: dimension)
            try Migrations.V2.insertBuckets(db, matrixKey: "empty", vectors: [], dimension: dimension)
        }
        try Migrations.migrator.migrate(queue)
        let (converted, empty, oldTable) = try queue.read { db in
            (
                try Store.vectors(db, matrixKey: "m", rows: rows, dimension: dimension),
                try Store.vectors(db, matrixKey: "empty", rows: 0, dimension: dimension),
                try db.tableExists("vectorBucket")
            )
        }
        var joined = QuantizedRows(dimension: dimension)
        for part in converted ?? [] { joined.append(contentsOf: part) }
        #expect(converted != nil && joined == QuantizedRows(rowMajor: rowMajor, dimension: dimension))
        #expect(empty?.allSatisfy { $0.count == 0 } == true && !oldTable)
    }

    @Test func wordFeaturesMoveBesideTheirContent() throws {
        let queue = try DatabaseQueue()
        try Migrations.migrator.migrate(queue, upTo: "v12-binary-blocks")
        let words = SparseFeatures(counts: [0x10: 2, 0x21: 1], length: 3).serialized()
        try queue.write { db in
            for hash in ["a", "b"] {
                try db.execute(
                    sql: "INSERT INTO chunkContent (contentHash, blocks) VALUES (?, ?)",
                    arguments: [hash, BlockEncoding.encode([Block(.paragraph, "Tea")])]
                )
            }
            try db.execute(sql: "INSERT INTO chunkWords (contentHash, words) VALUES ('a', ?)", arguments: [words])
        }
        try Migrations.migrator.migrate(queue)
        let (moved, missing, oldTable) = try queue.read { db in
            (
                try Data.fetchOne(db, sql: "SELECT words FROM chunkContent WHERE contentHash = 'a'"),
                try Row.fetchOne(db, sql: "SELECT words FROM chunkContent WHERE contentHash = 'b'")?["words"] as Data?,
                try db.tableExists("chunkWords")
            )
        }
        #expect(moved == words && missing == nil && !oldTable)
    }
}
