import AskbookCore

/// A loaded index snapshot and the spaces that could not be put in it.
public struct SnapshotLoad: Sendable {
    /// A live space whose current revision is not in the snapshot, and why.
    public struct LeftOutSpace: Sendable, Hashable {
        public var spaceID: String
        public var organizationID: String
        /// What is wrong, for the log and the operator: "its vectors are missing or malformed".
        public var reason: String
    }

    /// The snapshot; `nil` when no space has a revision, or none could be loaded.
    public var snapshot: IndexSnapshot?
    /// Live spaces left out of `snapshot` (a damaged model, idf table, chunks or vectors, or another model's
    /// revision), by space id.
    public var leftOut: [LeftOutSpace]

    public init(snapshot: IndexSnapshot?, leftOut: [LeftOutSpace]) {
        self.snapshot = snapshot
        self.leftOut = leftOut
    }
}
