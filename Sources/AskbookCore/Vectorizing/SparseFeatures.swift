import Foundation

/// A chunk's or a query's hashed features with their (weighted) term counts, sorted by key.
///
/// A key is a 64-bit stable hash whose low two bits name the feature family (`Family`). Counts are kept rather than
/// weights so that stored features survive a change of corpus statistics (idf) and are reused on re-import.
public struct SparseFeatures: Sendable, Hashable {
    /// Feature families, stored in the low two bits of a key.
    public enum Family: UInt64, Sendable {
        case word = 1
        case bigram = 2
        case charNgram = 3
    }

    /// Feature keys, ascending.
    public private(set) var keys: [UInt64]
    /// Term count of each key (a breadcrumb occurrence counts `headingWeight`).
    public private(set) var counts: [Float]
    /// Sum of word counts: the length used by BM25 length normalisation.
    public var length: Float

    public init(counts dictionary: [UInt64: Float], length: Float) {
        let sorted = dictionary.sorted { $0.key < $1.key }
        keys = sorted.map(\.key)
        counts = sorted.map(\.value)
        self.length = length
    }

    /// Features from key occurrences in any order: each occurrence in `keys` counts `weight`, each in `extraKeys`
    /// counts `extraWeight` (breadcrumb terms). Sorts both in place: sorting plain keys and merging the runs is cheaper
    /// than a dictionary update per occurrence.
    public init(keys: inout [UInt64], weight: Float, extraKeys: inout [UInt64], extraWeight: Float, length: Float) {
        Self.sortKeys(&keys)
        Self.sortKeys(&extraKeys)
        var merged: [UInt64] = []
        var counts: [Float] = []
        merged.reserveCapacity(keys.count + extraKeys.count)
        counts.reserveCapacity(keys.count + extraKeys.count)
        var i = 0
        var j = 0
        while i < keys.count || j < extraKeys.count {
            let takeFirst = j >= extraKeys.count || (i < keys.count && keys[i] <= extraKeys[j])
            let key = takeFirst ? keys[i] : extraKeys[j]
            let count = takeFirst ? weight : extraWeight
            if takeFirst { i += 1 } else { j += 1 }
            if key == merged.last {
                counts[counts.count - 1] += count
            } else {
                merged.append(key)
                counts.append(count)
            }
        }
        self.keys = merged
        self.counts = counts
        self.length = length
    }

    /// Sorts hash keys ascending: one pass scatters them into buckets by their top bits (about four keys a bucket,
    /// as keys are uniform hashes), then each bucket is sorted on its own, by insertion when small, by the standard
    /// library's sort when keys crowd one bucket (so no input costs more than a comparison sort). Sorting a chunk's
    /// ~1,500 key occurrences by comparison took two fifths of feature extraction, and an 8-pass byte radix sort
    /// still a tenth. Hand-written: the standard library sorts only by comparison. Short arrays use `sort()`.
    static func sortKeys(_ keys: inout [UInt64]) {
        let n = keys.count
        guard n > 64 else {
            keys.sort()
            return
        }
        let bits = min(12, Int.bitWidth - n.leadingZeroBitCount - 2)  // n ≥ 65: 5 bits at least
        let shift = UInt64(64 - bits)
        let buckets = 1 << bits
        let sorted = [UInt64](unsafeUninitializedCapacity: n) { out, initialized in
            withUnsafeTemporaryAllocation(of: Int.self, capacity: buckets + 1) { starts in
                starts.initialize(repeating: 0)
                for key in keys { starts[Int(truncatingIfNeeded: key >> shift) + 1] += 1 }
                for b in 0..<buckets { starts[b + 1] += starts[b] }
                // Scatter, each bucket's cursor running from its start to the next bucket's start.
                for key in keys {
                    let b = Int(truncatingIfNeeded: key >> shift)
                    out.initializeElement(at: starts[b], to: key)
                    starts[b] += 1
                }
                var first = 0
                for b in 0..<buckets {
                    let end = starts[b]
                    if end - first > 32 {
                        var crowded = UnsafeMutableBufferPointer(rebasing: out[first..<end])
                        crowded.sort()
                    } else if end - first > 1 {
                        for i in (first + 1)..<end {
                            let key = out[i]
                            var j = i
                            while j > first && out[j - 1] > key {
                                out[j] = out[j - 1]
                                j -= 1
                            }
                            out[j] = key
                        }
                    }
                    first = end
                }
            }
            initialized = n
        }
        keys = sorted
    }

    /// The family of a key.
    @inlinable
    public static func family(of key: UInt64) -> Family { Family(rawValue: key & 3) ?? .word }

    /// Number of distinct features.
    public var count: Int { keys.count }

    /// Only the word features (stems and whole identifiers), with the same length: what exact BM25 scoring needs.
    public func words() -> SparseFeatures {
        var copy = SparseFeatures(counts: [:], length: length)
        for (key, count) in zip(keys, counts) where Self.family(of: key) == .word {
            copy.keys.append(key)
            copy.counts.append(count)
        }
        return copy
    }

    /// The count of `key`, found by binary search; 0 when absent.
    public func count(of key: UInt64) -> Float {
        var low = 0
        var high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid] < key { low = mid + 1 } else { high = mid }
        }
        return low < keys.count && keys[low] == key ? counts[low] : 0
    }

    // MARK: Serialization

    /// Little-endian bytes: the length, the count, then keys and counts (copied in bulk: every platform Swift runs
    /// Askbook on is little-endian).
    public func serialized() -> Data {
        var data = Data(count: 8 + keys.count * 12)
        data.withUnsafeMutableBytes { raw in
            raw.storeBytes(of: length.bitPattern.littleEndian, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: UInt32(keys.count).littleEndian, toByteOffset: 4, as: UInt32.self)
            keys.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: raw[8..<(8 + $0.count)]).copyMemory(from: $0) }
            counts.withUnsafeBytes { UnsafeMutableRawBufferPointer(rebasing: raw[(8 + keys.count * 8)...]).copyMemory(from: $0) }
        }
        return data
    }

    /// Reads bytes written by `serialized()`; `nil` when they are truncated.
    public init?(serialized data: Data) {
        guard data.count >= 8 else { return nil }
        let parsed: (Float, [UInt64], [Float])? = data.withUnsafeBytes { raw in
            let length = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt32.self)))
            let n = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
            guard raw.count == 8 + n * 12 else { return nil }
            let keys = [UInt64](unsafeUninitializedCapacity: n) { buffer, count in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[8..<(8 + n * 8)]))
                count = n
            }
            let counts = [Float](unsafeUninitializedCapacity: n) { buffer, count in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[(8 + n * 8)...]))
                count = n
            }
            return (length, keys, counts)
        }
        guard let parsed else { return nil }
        length = parsed.0
        keys = parsed.1
        counts = parsed.2
    }
}
