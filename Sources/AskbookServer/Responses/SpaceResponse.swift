import AskbookStore
import Foundation

/// GitBook's `Space` object, with permissions for the calling token.
struct SpaceResponse: Encodable {
    struct URLs: Encodable {
        var location: String
        var app: String
        var icon: String?
    }

    struct Permissions: Encodable {
        var access: Bool
        var admin: Bool
        var edit: Bool
        var comment: Bool
        var merge: Bool
        var review: Bool
    }

    var object = "space"
    var id: String
    var type = "document"
    var title: String
    var emoji: String
    var visibility: String
    var createdAt: Date
    var updatedAt: Date
    var deletedAt: Date?
    var editMode: SpaceEditMode
    var urls: URLs
    var organization: String
    var revision: String
    var defaultLevel: DefaultLevel?
    var comments = 0
    var changeRequests = 0
    var changeRequestsOpen = 0
    var changeRequestsDraft = 0
    var permissions: Permissions

    init(_ space: SpaceRecord, token: TokenRecord, baseURL: String) {
        id = space.id
        title = space.title
        emoji = space.emoji ?? ""
        visibility = space.visibility
        createdAt = space.createdAt
        updatedAt = space.updatedAt
        deletedAt = space.deletedAt
        editMode = space.editMode
        urls = URLs(location: "\(baseURL)/v1/spaces/\(space.id)", app: "\(baseURL)/s/\(space.id)", icon: space.icon)
        organization = space.organizationId
        revision = space.revisionId ?? ""
        defaultLevel = space.defaultLevel == .unset ? nil : space.defaultLevel
        let edit = token.role >= .edit
        permissions = Permissions(access: true, admin: token.role == .admin, edit: edit, comment: edit, merge: edit, review: edit)
    }

    enum CodingKeys: String, CodingKey {
        case object, id, type, title, emoji, visibility, createdAt, updatedAt, deletedAt, editMode, urls, organization, revision
        case defaultLevel, comments, changeRequests, changeRequestsOpen, changeRequestsDraft, permissions
    }

    /// `defaultLevel` is encoded even when null, as GitBook's schema requires the key.
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(object, forKey: .object)
        try c.encode(id, forKey: .id)
        try c.encode(type, forKey: .type)
        try c.encode(title, forKey: .title)
        try c.encode(emoji, forKey: .emoji)
        try c.encode(visibility, forKey: .visibility)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encodeIfPresent(deletedAt, forKey: .deletedAt)
        try c.encode(editMode, forKey: .editMode)
        try c.encode(urls, forKey: .urls)
        try c.encode(organization, forKey: .organization)
        try c.encode(revision, forKey: .revision)
        try c.encode(defaultLevel, forKey: .defaultLevel)
        try c.encode(comments, forKey: .comments)
        try c.encode(changeRequests, forKey: .changeRequests)
        try c.encode(changeRequestsOpen, forKey: .changeRequestsOpen)
        try c.encode(changeRequestsDraft, forKey: .changeRequestsDraft)
        try c.encode(permissions, forKey: .permissions)
    }
}
