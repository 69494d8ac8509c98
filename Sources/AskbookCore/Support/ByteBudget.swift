import Synchronization

/// A count of bytes spent against a limit, shared by the tasks of one import (pages parse on every core).
public final class ByteBudget: Sendable {
    /// The most bytes that may be spent.
    public let limit: Int
    private let spent = Atomic<Int>(0)
    private let refused = Atomic<Bool>(false)

    public init(limit: Int) {
        self.limit = limit
    }

    /// Spends `bytes` if they fit in what is left; `false` (spending nothing) when they do not.
    public func spend(_ bytes: Int) -> Bool {
        var current = spent.load(ordering: .relaxed)
        while true {
            guard bytes <= limit - current else {
                refused.store(true, ordering: .relaxed)
                return false
            }
            let (exchanged, original) = spent.compareExchange(expected: current, desired: current + bytes, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
    }

    /// Whether a spend was ever refused: something was left out for want of budget.
    public var isExhausted: Bool { refused.load(ordering: .relaxed) }
}
