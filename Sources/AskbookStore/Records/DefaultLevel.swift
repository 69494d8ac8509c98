import GRDB

/// GitBook's `DefaultLevel`: the access members of the organization get to a space by default.
///
/// `unset` is GitBook's `null` (a PATCH with `"defaultLevel": null`); it is stored as the empty text, which the
/// `space` table has held for it since the first migration, and answered as `null`.
public enum DefaultLevel: String, Codable, Sendable, Hashable, CaseIterable, DatabaseValueConvertible {
    case admin, create, edit, review, comment, read, inherit
    case unset = ""

    /// The levels a client may name, in GitBook's order.
    public static let named = allCases.filter { $0 != .unset }
}
