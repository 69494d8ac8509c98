import Foundation
import GRDB

/// A row of `token`: an API token of one organization, with a role and optionally a list of spaces.
///
/// Only the SHA-256 of the secret is stored; the secret is shown once, when the token is created.
public struct TokenRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "token"

    public var id: String
    public var organizationId: String
    public var role: AccessRole
    /// The spaces the token may read, or `nil` for every space of its organization.
    public var spaces: [String]?
    public var name: String
    /// Hex SHA-256 of the secret.
    public var secretHash: String
    public var createdAt: Date
    public var revokedAt: Date?
    /// The web origins (`https://docs.example.com`) a browser may send a visitor key from; `nil` for other roles.
    public var allowedOrigins: [String]?

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let secretHash = Column(CodingKeys.secretHash)
        static let revokedAt = Column(CodingKeys.revokedAt)
    }

    /// Whether the token may read `space` (same organization, and listed when the token is limited).
    public func canRead(_ space: SpaceRecord) -> Bool {
        space.organizationId == organizationId && (spaces?.contains(space.id) ?? true)
    }
}

/// A token's role: `visitor` (a publishable key for browsers, always limited to spaces) may only search, ask, read
/// recommended questions and send answer feedback; `read` may search and ask, `edit` may also update spaces, `admin`
/// may also delete and restore.
public enum AccessRole: String, Codable, Sendable, Hashable, CaseIterable, Comparable, DatabaseValueConvertible {
    case visitor, read, edit, admin

    public static func < (a: AccessRole, b: AccessRole) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
