import AskbookCore
import Crypto
import Foundation
import GRDB

extension Store {
    /// Creates a token and returns it with its secret, which is not stored and cannot be shown again.
    ///
    /// A visitor key must name at least one space, and only a visitor key may name allowed origins (each normalized by
    /// `WebOrigin.normalize`).
    ///
    /// - Throws: `AskbookError.invalidIdentifier` for a malformed organization id, `.unknownSpace(_:organization:)` for
    ///   an unknown space of a limited token, `.invalidOrigin` and `.invalidVisitorKey` for origins or spaces that do
    ///   not fit the role.
    public func createToken(
        organizationID: String,
        role: AccessRole,
        spaces: [String]?,
        name: String,
        allowedOrigins: [String] = []
    ) async throws -> (TokenRecord, String) {
        try Importer.validateID(organizationID, what: "organization id")
        if role == .visitor {
            guard let spaces, !spaces.isEmpty else {
                throw AskbookError.invalidVisitorKey("A visitor key must name at least one space (--space).")
            }
        } else if !allowedOrigins.isEmpty {
            throw AskbookError.invalidVisitorKey("Only a visitor key (--role visitor) has allowed origins.")
        }
        guard allowedOrigins.count <= WebOrigin.maxPerKey else {
            throw AskbookError.invalidVisitorKey("A visitor key may allow at most \(WebOrigin.maxPerKey) origins.")
        }
        let origins = try allowedOrigins.map(WebOrigin.normalize)
        let secret = "askb_" + Self.randomString(length: 32)
        let token = TokenRecord(
            id: Self.newID(),
            organizationId: organizationID,
            role: role,
            spaces: spaces.map { Array(Set($0)).sorted() },
            name: name,
            secretHash: Self.hash(secret: secret),
            createdAt: Date(),
            revokedAt: nil,
            allowedOrigins: role == .visitor ? Array(Set(origins)).sorted() : nil
        )
        try await writer.write { db in
            for id in token.spaces ?? [] {
                guard let space = try SpaceRecord.fetchOne(db, key: id), space.organizationId == organizationID else {
                    throw AskbookError.unknownSpace(id, organization: organizationID)
                }
            }
            try token.insert(db)
        }
        return (token, secret)
    }

    /// The live (not revoked) token with this secret, if any.
    public func token(secret: String) async throws -> TokenRecord? {
        let hash = Self.hash(secret: secret)
        return try await writer.read { db in
            try TokenRecord.filter(TokenRecord.Columns.secretHash == hash && TokenRecord.Columns.revokedAt == nil).fetchOne(db)
        }
    }

    /// The origins any live visitor key allows, for answering CORS preflights (which carry no key).
    public func visitorOrigins() async throws -> Set<String> {
        try await writer.read { db in
            let keys = try TokenRecord.filter(Column("role") == AccessRole.visitor.rawValue && TokenRecord.Columns.revokedAt == nil).fetchAll(db)
            return Set(keys.flatMap { $0.allowedOrigins ?? [] })
        }
    }

    /// Every token, revoked ones included, oldest first.
    public func tokens() async throws -> [TokenRecord] {
        try await writer.read { db in try TokenRecord.order(Column("createdAt")).fetchAll(db) }
    }

    /// Revokes a token; returns whether a live token had that id.
    @discardableResult
    public func revokeToken(id: String) async throws -> Bool {
        try await writer.write { db in
            guard var token = try TokenRecord.fetchOne(db, key: id), token.revokedAt == nil else { return false }
            token.revokedAt = Date()
            try token.update(db)
            return true
        }
    }

    /// Hex SHA-256 of a token secret.
    static func hash(secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
