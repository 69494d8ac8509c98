import AskbookCore
import Foundation
import GRDB

/// The fields a `PATCH /v1/spaces/{id}` may change; `nil` leaves a field as it is.
public struct SpacePatch: Sendable, Hashable {
    public var title: String?
    /// `.some(nil)` removes the emoji.
    public var emoji: String??
    /// `.some(nil)` removes the icon.
    public var icon: String??
    public var editMode: SpaceEditMode?
    /// `.unset` removes the default level (GitBook's `null`).
    public var defaultLevel: DefaultLevel?

    /// A patch that changes nothing; set the fields to change.
    public init() {}
}

extension Store {
    /// Every space, soft-deleted ones included when asked.
    public func spaces(includeDeleted: Bool = false) async throws -> [SpaceRecord] {
        try await writer.read { db in
            var request = SpaceRecord.order(SpaceRecord.Columns.id)
            if !includeDeleted { request = request.filter(SpaceRecord.Columns.deletedAt == nil) }
            return try request.fetchAll(db)
        }
    }

    /// The space with `id`, soft-deleted or not; `nil` when unknown.
    public func space(id: String) async throws -> SpaceRecord? {
        try await writer.read { db in try SpaceRecord.fetchOne(db, key: id) }
    }

    /// The current revision id of every live space, for noticing new imports.
    public func currentRevisions() async throws -> [String: String] {
        try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT id, revisionId FROM space WHERE deletedAt IS NULL AND revisionId IS NOT NULL")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["id"] as String, $0["revisionId"] as String) })
        }
    }

    /// How many revisions of a space are stored (the current one only, once an import has committed).
    public func revisionCount(spaceID: String) async throws -> Int {
        try await writer.read { db in try RevisionRecord.filter(RevisionRecord.Columns.spaceId == spaceID).fetchCount(db) }
    }

    /// Applies `patch` to a live space and returns it; `nil` when no live space has that id.
    public func updateSpace(id: String, patch: SpacePatch) async throws -> SpaceRecord? {
        try await writer.write { db in
            guard var space = try SpaceRecord.fetchOne(db, key: id), space.deletedAt == nil else { return nil }
            if let title = patch.title { space.title = title }
            if let emoji = patch.emoji { space.emoji = emoji }
            if let icon = patch.icon { space.icon = icon }
            if let editMode = patch.editMode { space.editMode = editMode }
            if let defaultLevel = patch.defaultLevel { space.defaultLevel = defaultLevel }
            space.updatedAt = Date()
            try space.update(db)
            return space
        }
    }

    /// Soft-deletes a live space: it leaves search and ask as soon as the index is reloaded. Returns whether it was live.
    @discardableResult
    public func softDeleteSpace(id: String, at date: Date = Date()) async throws -> Bool {
        try await writer.write { db in
            guard var space = try SpaceRecord.fetchOne(db, key: id), space.deletedAt == nil else { return false }
            space.deletedAt = date
            space.updatedAt = date
            try space.update(db)
            return true
        }
    }

    /// Restores a soft-deleted space with the revision it had. Returns the space, or `nil` when it is not deleted.
    public func restoreSpace(id: String) async throws -> SpaceRecord? {
        try await writer.write { db in
            guard var space = try SpaceRecord.fetchOne(db, key: id), space.deletedAt != nil else { return nil }
            space.deletedAt = nil
            space.updatedAt = Date()
            try space.update(db)
            return space
        }
    }

    /// Deletes for good every space soft-deleted before `date`, with all its revisions and content, and returns their ids.
    public func purgeSpaces(deletedBefore date: Date) async throws -> [String] {
        try await writer.write { db in
            let spaces = try SpaceRecord.filter(SpaceRecord.Columns.deletedAt != nil && SpaceRecord.Columns.deletedAt < date).fetchAll(db)
            for space in spaces { _ = try space.delete(db) }
            if !spaces.isEmpty { try Self.deleteUnreferencedContent(db) }
            return spaces.map(\.id)
        }
    }
}
