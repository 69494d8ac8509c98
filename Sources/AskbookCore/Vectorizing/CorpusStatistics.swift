import Foundation

/// The corpus statistics of the spaces one query searches, combined at query time from each space's `IDFTable`:
/// document frequencies and document counts are summed, the average length is the count-weighted mean.
///
/// Because a query's weights come from the union of what it searches, not from each space alone, a question over
/// several spaces ranks as it would if those spaces were one space (the chunk vectors carry no corpus statistics
/// when the model puts idf on the query side, `VectorizerModel.Weighting.idf == .query`).
public struct CorpusStatistics: Sendable {
    private let tables: [IDFTable]
    /// Number of chunks in all the tables.
    public let documentCount: Int
    /// Mean chunk length in words over all the tables, for BM25 length normalisation.
    public let averageLength: Float

    /// The statistics of the union of the corpora behind `tables`.
    public init(_ tables: [IDFTable]) {
        self.tables = tables
        let count = tables.reduce(0) { $0 + $1.documentCount }
        documentCount = count
        // Summed in Double so that the mean of one table is that table's mean exactly.
        let total = tables.reduce(0.0) { $0 + Double($1.averageLength) * Double($1.documentCount) }
        averageLength = count > 0 ? max(1, Float(total / Double(count))) : 1
    }

    /// The statistics of one space.
    public init(_ table: IDFTable) {
        self.init([table])
    }

    /// How many chunks of all the tables have the feature, or `nil` when none does.
    public func documentFrequency(_ key: UInt64) -> UInt32? {
        var sum: UInt32 = 0
        var found = false
        for table in tables {
            if let df = table.documentFrequency(key) {
                sum &+= df
                found = true
            }
        }
        return found ? sum : nil
    }

    /// The idf of a feature over the union (Lucene's BM25 idf, as `IDFTable.idf`), or `nil` when no chunk has it.
    public func idf(_ key: UInt64) -> Float? {
        guard let df = documentFrequency(key) else { return nil }
        return IDFTable.idf(documentFrequency: Float(df), documentCount: Float(documentCount))
    }

    /// The idf a feature would have if no chunk had it.
    public var unseenIDF: Float { IDFTable.idf(documentFrequency: 0, documentCount: Float(documentCount)) }
}
