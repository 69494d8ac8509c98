import HeapModule

/// Bounded top-k selection over a heap (swift-collections' `Heap`): O(n log k), without sorting every score.
public struct TopK: Sendable {
    /// A selected row and its score.
    public struct Entry: Sendable, Hashable, Comparable {
        public var row: Int
        public var score: Float

        public init(row: Int, score: Float) {
            self.row = row
            self.score = score
        }

        /// Worse first: lower score, and on ties the later row, so the heap's minimum is the entry to evict.
        public static func < (a: Entry, b: Entry) -> Bool {
            a.score != b.score ? a.score < b.score : a.row > b.row
        }
    }

    /// How many entries are kept.
    public let k: Int
    private var heap = Heap<Entry>()

    public init(k: Int) {
        self.k = max(0, k)
        heap.reserveCapacity(self.k)
    }

    /// The smallest score kept, once `k` entries are held; below it, `insert` does nothing.
    public var threshold: Float { heap.count < k ? -.infinity : heap.min?.score ?? -.infinity }

    /// Offers a row; keeps it when it is among the `k` best so far (ties keep the earlier row).
    public mutating func insert(row: Int, score: Float) {
        guard k > 0, !score.isNaN else { return }
        let entry = Entry(row: row, score: score)
        if heap.count < k {
            heap.insert(entry)
        } else if let worst = heap.min, worst < entry {
            _ = heap.replaceMin(with: entry)
        }
    }

    /// The kept entries, best first (ties by lower row).
    public func sorted() -> [Entry] {
        heap.unordered.sorted { $1 < $0 }
    }
}
