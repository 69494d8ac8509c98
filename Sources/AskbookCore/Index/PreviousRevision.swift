/// What a re-import needs of a space's current revision to embed the next one from the chunks that changed only:
/// how the chunks change, its statistics and vocabulary, and, for the chunks it loses (and for chunks it has that the
/// new revision holds more often), their text and breadcrumb.
///
/// Only for a model with idf on the query side, whose chunk vectors depend on the chunk alone: an unchanged chunk keeps
/// the vector stored with its content, and the document frequencies and the vocabulary are updated by the difference. A lost
/// chunk's features are analysed again from its text and breadcrumb: the content hash covers the model and the
/// language, so they are the features it was counted with (as long as the analysis code is the same; a change to it
/// comes with a new model).
public struct PreviousRevision: Sendable {
    /// A chunk of the previous revision as the store keeps it.
    public struct StoredChunk: Sendable {
        public var text: String
        public var breadcrumb: [String]

        public init(text: String, breadcrumb: [String]) {
            self.text = text
            self.breadcrumb = breadcrumb
        }
    }

    public var idf: IDFTable
    public var vocabulary: Vocabulary
    /// The chunks named by `Changes.stored`, by content hash.
    public var stored: [String: StoredChunk]
    /// The changes to the next revision's content hashes (`next`, all of them in row order), as the store counted them:
    /// over the pages that changed only (`Changes.init(previous:next:)` of their chunks), with every hash that the
    /// previous revision has on an unchanged page counted as known (`repeated`), not `added`.
    public var changes: (next: [String], changes: Changes)

    public init(
        idf: IDFTable,
        vocabulary: Vocabulary,
        stored: [String: StoredChunk],
        changes: (next: [String], changes: Changes)
    ) {
        self.idf = idf
        self.vocabulary = vocabulary
        self.stored = stored
        self.changes = changes
    }

    /// How a new revision's chunks differ from a previous one's, as multisets of content hashes.
    public struct Changes: Sendable, Equatable {
        /// Hashes the previous revision has more often than the new one, with how many more times.
        public var removed: [String: Int]
        /// Hashes both have that the new revision has more often, with how many more times: known chunks, but new
        /// occurrences of them for the statistics.
        public var repeated: [String: Int]
        /// Hashes only the new revision has (analysed afresh, every occurrence).
        public var added: Set<String>

        /// The hashes whose stored text and breadcrumb the update needs.
        public var stored: Set<String> { Set(removed.keys).union(repeated.keys) }

        public init(previous: [String], next: [String]) {
            var counts: [String: Int] = [:]
            for hash in previous { counts[hash, default: 0] += 1 }
            var nextCounts: [String: Int] = [:]
            for hash in next { nextCounts[hash, default: 0] += 1 }
            removed = [:]
            repeated = [:]
            added = []
            for (hash, count) in counts {
                let now = nextCounts[hash] ?? 0
                if now < count { removed[hash] = count - now }
            }
            for (hash, now) in nextCounts {
                if let before = counts[hash] {
                    if now > before { repeated[hash] = now - before }
                } else {
                    added.insert(hash)
                }
            }
        }
    }
}
