/// Bounded top-k selection with a binary min-heap: O(n log k), without sorting every score.
public struct TopK: Sendable {
    /// A selected row and its score.
    public struct Entry: Sendable, Hashable {
        public var row: Int
        public var score: Float

        public init(row: Int, score: Float) {
            self.row = row
            self.score = score
        }
    }

    /// How many entries are kept.
    public let k: Int
    private var heap: [Entry] = []

    public init(k: Int) {
        self.k = max(0, k)
        heap.reserveCapacity(self.k)
    }

    /// The smallest score kept, once `k` entries are held; below it, `insert` does nothing.
    public var threshold: Float { heap.count < k ? -.infinity : heap[0].score }

    /// Offers a row; keeps it when it is among the `k` best so far (ties keep the earlier row).
    public mutating func insert(row: Int, score: Float) {
        guard k > 0, !score.isNaN else { return }
        if heap.count < k {
            heap.append(Entry(row: row, score: score))
            siftUp(heap.count - 1)
        } else if score > heap[0].score {
            heap[0] = Entry(row: row, score: score)
            siftDown(0)
        }
    }

    /// The kept entries, best first (ties by lower row).
    public func sorted() -> [Entry] {
        heap.sorted { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
    }

    private mutating func siftUp(_ index: Int) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ index: Int) {
        var parent = index
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count, less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, less(heap[right], heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }

    /// Heap order: lower score first; on ties the later row is "smaller", so it is evicted first.
    private func less(_ a: Entry, _ b: Entry) -> Bool {
        a.score != b.score ? a.score < b.score : a.row > b.row
    }
}
