import Synchronization

/// Idle `TextAnalyzer`s by language, lent to one caller at a time, so a query reuses a warm stemmer cache and the
/// stop-word set instead of building them per request.
///
/// An analyzer is not thread-safe; the pool guarantees exclusive use: `withAnalyzer` takes one out of the pool (or
/// makes one) and puts it back when the body returns.
public final class AnalyzerPool: Sendable {
    public let model: VectorizerModel
    /// Analyzers kept per language at most; more are made under load and dropped when returned.
    private let capacity: Int
    private let idle = Mutex<[String: [TextAnalyzer]]>([:])

    public init(model: VectorizerModel, capacity: Int = 16) {
        self.model = model
        self.capacity = capacity
    }

    /// Runs `body` with an analyzer for `language` that no one else uses meanwhile.
    public func withAnalyzer<Result>(language: String, _ body: (TextAnalyzer) throws -> Result) rethrows -> Result {
        let analyzer = idle.withLock { $0[language]?.popLast() } ?? TextAnalyzer(model: model, language: language)
        defer {
            idle.withLock { pool in
                if pool[language, default: []].count < capacity { pool[language, default: []].append(analyzer) }
            }
        }
        return try body(analyzer)
    }
}
