import GRDB

/// GitBook's `SpaceEditMode`: whether a space's content may be edited (`live`) or not (`locked`).
public enum SpaceEditMode: String, Codable, Sendable, Hashable, CaseIterable, DatabaseValueConvertible {
    case live, locked
}
