import Dispatch
import Synchronization

/// Work started on another thread whose result is waited for later, so that the caller can go on meanwhile: a
/// snapshot load decodes one space's vectors while it reads that space's chunk rows from SQLite.
public final class BackgroundWork<Value: Sendable>: Sendable {
    private let result = Mutex<Result<Value, any Error>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// Starts `work` on a global queue.
    public init(_ work: @escaping @Sendable () throws -> Value) {
        DispatchQueue.global().async { [self] in
            let value = Result { try work() }
            result.withLock { $0 = value }
            done.signal()
        }
    }

    /// Waits for the work to finish, once, and returns what it returned.
    ///
    /// - Throws: what the work threw.
    public func value() throws -> Value {
        done.wait()
        done.signal()  // a second call does not wait forever
        return try result.withLock { $0! }.get()
    }
}
