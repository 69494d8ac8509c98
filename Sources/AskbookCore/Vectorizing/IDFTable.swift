import Dispatch
import Foundation

/// Document frequencies of a revision's features, and the inverse document frequency derived from them.
///
/// idf = ln(1 + (N − df + 0.5) / (df + 0.5)) (Lucene's BM25 idf, always positive). Features never seen in the corpus
/// have no idf: a query ignores them, since they can only match through hash collisions.
public struct IDFTable: Sendable {
    /// Number of chunks in the revision.
    public let documentCount: Int
    /// Mean chunk length in words, for BM25 length normalisation.
    public let averageLength: Float
    /// The sum of the chunks' lengths, exact (lengths are whole or half words); `nil` for a table stored before it was
    /// kept, which cannot be updated.
    public let totalLength: Double?
    private let frequencies: FeatureCountTable

    /// Counts document frequencies over a revision's chunk features, on every core: each task counts a stripe of the
    /// chunks (`Counter`), and the counts are joined.
    public init(features: [SparseFeatures]) {
        let parts = max(1, min(ProcessInfoCores.active, features.count / 1_000))
        var counters = [Counter](repeating: Counter(), count: parts)
        counters.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer  // each task writes only its own index
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var counter = Counter()
                for i in stride(from: part, to: features.count, by: parts) { counter.count(features[i]) }
                out[part] = counter
            }
        }
        self.init(joining: counters)
    }

    /// Document frequencies counted chunk by chunk as features are extracted, while each chunk's keys are still in
    /// cache: one per extraction task, joined by `init(joining:)`. Counting afterwards read every key occurrence of the
    /// revision again (~1 GB at 100k chunks) on every core.
    public struct Counter: Sendable {
        fileprivate var frequencies = FeatureCountTable()
        fileprivate var documents = 0
        fileprivate var totalLength = 0.0

        public init() {}

        /// Counts one chunk: each of its features once.
        public mutating func count(_ features: SparseFeatures) {
            documents += 1
            totalLength += Double(features.length)
            for key in features.keys { frequencies.add(key) }
        }
    }

    /// The table of the chunks the counters counted together: what `init(features:)` of all of them gives.
    public init(joining counters: [Counter]) {
        // The largest absorbs the others: the fewest keys are re-added.
        var counters = counters.sorted { $0.frequencies.count > $1.frequencies.count }
        guard !counters.isEmpty else {
            self.init(documentCount: 0, totalLength: 0, frequencies: FeatureCountTable())
            return
        }
        var joined = counters.removeFirst()
        for other in counters {
            joined.documents += other.documents
            joined.totalLength += other.totalLength
            for (key, df) in other.frequencies { joined.frequencies.add(key, df) }
        }
        self.init(documentCount: joined.documents, totalLength: joined.totalLength, frequencies: joined.frequencies)
    }

    private init(documentCount: Int, totalLength: Double, frequencies: FeatureCountTable) {
        self.frequencies = frequencies
        self.documentCount = documentCount
        self.totalLength = totalLength
        averageLength = documentCount == 0 ? 1 : max(1, Float(totalLength) / Float(documentCount))
    }

    /// The table of the revision that has this one's chunks less `removed` and plus `added` (each chunk once per
    /// occurrence): the same table as counting the new revision's chunks afresh, at the cost of the changed ones only.
    ///
    /// - Returns: `nil` when the table has no exact total length (stored before it was kept), or when `removed` holds a
    ///   feature more often than this table counts it (the chunks were not this table's).
    public func updated(removing removed: [SparseFeatures], adding added: [SparseFeatures]) -> IDFTable? {
        guard var total = totalLength, removed.count <= documentCount else { return nil }
        var frequencies = frequencies
        for f in removed {
            total -= Double(f.length)
            for key in f.keys {
                guard frequencies.subtractOne(key) else { return nil }
            }
        }
        for f in added {
            total += Double(f.length)
            for key in f.keys { frequencies.add(key) }
        }
        return IDFTable(documentCount: documentCount - removed.count + added.count, totalLength: total, frequencies: frequencies)
    }

    /// The idf of a feature, or `nil` when no chunk has it.
    public func idf(_ key: UInt64) -> Float? {
        guard let df = documentFrequency(key) else { return nil }
        return Self.idf(documentFrequency: Float(df), documentCount: Float(documentCount))
    }

    /// The idf a feature would have if no chunk had it.
    public var unseenIDF: Float { Self.idf(documentFrequency: 0, documentCount: Float(documentCount)) }

    /// Lucene's BM25 idf of a feature found in `df` of `n` chunks.
    @inline(__always)
    static func idf(documentFrequency df: Float, documentCount n: Float) -> Float {
        log(1 + (n - df + 0.5) / (df + 0.5))
    }

    /// How many chunks have the feature.
    public func documentFrequency(_ key: UInt64) -> UInt32? { frequencies[key] }

    /// Number of distinct features.
    public var featureCount: Int { frequencies.count }

    // MARK: Serialization

    /// Little-endian bytes: document count, average length, then (key, df) pairs sorted by key, then the total length
    /// (Float64; tables written before it was kept end with the pairs).
    public func serialized() -> Data {
        // The keys sorted as hashes (`SparseFeatures.sortKeys`, by their top bits first), then each count looked up,
        // and written in place into bytes of the final size: every import writes its table (104k pairs at 10k bench
        // chunks: 22 ms appended pair by pair after a comparison sort, 9 ms written in place, 5 ms sorted as hashes).
        var keys = frequencies.map(\.key)
        SparseFeatures.sortKeys(&keys)
        var data = Data(count: 12 + keys.count * 12 + (totalLength == nil ? 0 : 8))
        data.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: UInt64(documentCount).littleEndian, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(of: averageLength.bitPattern.littleEndian, toByteOffset: 8, as: UInt32.self)
            for (i, key) in keys.enumerated() {
                raw.storeBytes(of: key.littleEndian, toByteOffset: 12 + i * 12, as: UInt64.self)
                raw.storeBytes(of: (frequencies[key] ?? 0).littleEndian, toByteOffset: 20 + i * 12, as: UInt32.self)
            }
            if let totalLength {
                raw.storeBytes(of: totalLength.bitPattern.littleEndian, toByteOffset: 12 + keys.count * 12, as: UInt64.self)
            }
        }
        return data
    }

    /// Reads bytes written by `serialized()`; `nil` when malformed.
    public init?(serialized data: Data) {
        // 12 bytes of header and 12 per pair, and 8 more for the total length when it was kept.
        guard data.count >= 12, (data.count - 12) % 12 == 0 || (data.count - 12) % 12 == 8 else { return nil }
        let hasTotal = (data.count - 12) % 12 == 8
        let n = (data.count - 12) / 12
        var frequencies = FeatureCountTable(capacity: n)
        let header: (Int, Float) = data.withUnsafeBytes { raw in
            for i in 0..<n {
                let key = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 12 + i * 12, as: UInt64.self))
                frequencies.add(key, UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 20 + i * 12, as: UInt32.self)))
            }
            return (
                Int(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))),
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self)))
            )
        }
        documentCount = header.0
        averageLength = header.1
        // A damaged total (not finite, negative) counts as none: the table still serves, but is never updated.
        let total =
            hasTotal
            ? data.withUnsafeBytes { Double(bitPattern: UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: data.count - 8, as: UInt64.self))) }
            : nil
        totalLength = total.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil }
        self.frequencies = frequencies
    }
}
