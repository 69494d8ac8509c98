import AskbookCore
import Foundation
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
        #expect(Migrations.V2.maxBlobFloats == Store.maxBlobFloats)
    }
}
