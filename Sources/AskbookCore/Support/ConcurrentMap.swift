import Dispatch
import Synchronization

/// Maps indices to values on every core, for work that splits into independent items (pages to parse, stored rows
/// to decode).
public enum ConcurrentMap {
    /// `transform` of every index in `0..<count`, in order, computed by up to one task per active core, each taking
    /// every n-th index; fewer tasks when there are fewer than `minimumPerTask` items each.
    ///
    /// - Throws: the error `transform` threw (one of them, if several did).
    public static func map<T: Sendable>(
        count: Int,
        minimumPerTask: Int = 1,
        _ transform: @Sendable (Int) throws -> T
    ) throws -> [T] {
        let tasks = max(1, min(ProcessInfoCores.active, count / max(1, minimumPerTask)))
        let failure = Mutex<(any Error)?>(nil)
        var results = [T?](repeating: nil, count: count)
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let out = buffer  // each task writes only its own indices
            DispatchQueue.concurrentPerform(iterations: tasks) { task in
                do {
                    for i in stride(from: task, to: count, by: tasks) { out[i] = try transform(i) }
                } catch {
                    failure.withLock { $0 = error }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return results.map { $0! }
    }
}
