import AskbookCore
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird

/// `GET|PATCH|DELETE /v1/spaces/{spaceId}` and `POST /v1/spaces/{spaceId}/restore`.
///
/// An unknown space and one the token may not read get the same 404, so ids cannot be probed.
struct SpacesController {
    let store: Store
    let holder: IndexHolder
    let baseURL: String

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("spaces/:spaceId", use: show)
        group.patch("spaces/:spaceId", use: update)
        group.delete("spaces/:spaceId", use: delete)
        group.post("spaces/:spaceId/restore", use: restore)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.requireToken(role: .read, to: "reading a space")
        let space = try await liveSpace(context, token: token)
        return JSONResponse.make(SpaceResponse(space, token: token, baseURL: baseURL))
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.requireToken(role: .edit, to: "updating a space")
        let id = try context.parameters.require("spaceId")
        _ = try await liveSpace(context, token: token)
        let patch = try Self.patch(from: try await request.body.collect(upTo: context.maxUploadSize))
        guard let updated = try await store.updateSpace(id: id, patch: patch) else { throw Self.notFound(id) }
        await holder.refresh(force: true)
        return JSONResponse.make(SpaceResponse(updated, token: token, baseURL: baseURL))
    }

    func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.requireToken(role: .admin, to: "deleting a space")
        let space = try await liveSpace(context, token: token)
        guard try await store.softDeleteSpace(id: space.id) else { throw Self.notFound(space.id) }
        await holder.refresh()
        return Response(status: .resetContent)
    }

    func restore(_ request: Request, context: AppRequestContext) async throws -> Response {
        let token = try context.requireToken(role: .admin, to: "restoring a space")
        let id = try context.parameters.require("spaceId")
        guard let space = try await store.space(id: id), token.canRead(space) else { throw Self.notFound(id) }
        guard space.deletedAt != nil else { throw APIError(.badRequest, message: "Space '\(id)' is not deleted.") }
        guard let restored = try await store.restoreSpace(id: id) else { throw Self.notFound(id) }
        await holder.refresh()
        return JSONResponse.make(SpaceResponse(restored, token: token, baseURL: baseURL))
    }

    // MARK: Helpers

    private func liveSpace(_ context: AppRequestContext, token: TokenRecord) async throws -> SpaceRecord {
        let id = try context.parameters.require("spaceId")
        guard let space = try await store.space(id: id), space.deletedAt == nil, token.canRead(space) else { throw Self.notFound(id) }
        return space
    }

    private static func notFound(_ id: String) -> APIError {
        APIError(.notFound, message: "Space '\(id)' not found.")
    }

    /// Validates a PATCH body against GitBook's schema: `title` (1–50 characters), `editMode` (`live`|`locked`),
    /// `defaultLevel`, and either `emoji` or `icon` (or `null` to remove them). `visibility` and unknown fields are
    /// refused, so a typo never passes silently.
    static func patch(from buffer: ByteBuffer) throws -> SpacePatch {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView), options: [.fragmentsAllowed])
        } catch {
            throw APIError(.badRequest, message: "Invalid JSON body: the body is not valid JSON.")
        }
        guard let fields = object as? [String: Any] else { throw APIError(.badRequest, message: "Invalid JSON body: expected an object.") }
        var patch = SpacePatch()
        for (key, value) in fields {
            switch key {
            case "title":
                guard let title = value as? String else { throw typeError(key, "a string") }
                let trimmed = title.trimmingWhitespace()
                guard !trimmed.isEmpty, trimmed.count <= 50 else { throw APIError(.badRequest, message: "'title' must be 1 to 50 characters.") }
                patch.title = trimmed
            case "emoji":
                if value is NSNull {
                    patch.emoji = .some(nil)
                } else {
                    guard let emoji = value as? String else { throw typeError(key, "a string or null") }
                    guard !emoji.isEmpty, emoji.count <= 50, emoji.allSatisfy(\.isEmojiCharacter) else {
                        throw APIError(.badRequest, message: "'emoji' must be an emoji character, e.g. \"📘\".")
                    }
                    patch.emoji = .some(emoji)
                }
            case "icon":
                if value is NSNull {
                    patch.icon = .some(nil)
                } else {
                    guard let icon = value as? String else { throw typeError(key, "a string or null") }
                    guard let url = URL(string: icon), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                        throw APIError(.badRequest, message: "'icon' must be an http or https URL.")
                    }
                    patch.icon = .some(icon)
                }
            case "editMode":
                guard let mode = value as? String else { throw typeError(key, "a string") }
                guard let editMode = SpaceEditMode(rawValue: mode) else {
                    throw APIError(.badRequest, message: "'editMode' must be 'live' or 'locked'.")
                }
                patch.editMode = editMode
            case "defaultLevel":
                if value is NSNull {
                    patch.defaultLevel = .unset
                } else {
                    guard let level = value as? String else { throw typeError(key, "a string or null") }
                    guard let defaultLevel = DefaultLevel(rawValue: level), defaultLevel != .unset else {
                        throw APIError(
                            .badRequest,
                            message: "'defaultLevel' must be one of \(DefaultLevel.named.map(\.rawValue).sorted().joined(separator: ", ")), or null."
                        )
                    }
                    patch.defaultLevel = defaultLevel
                }
            case "visibility":
                throw APIError(.badRequest, message: "'visibility' cannot be changed through the API.")
            default:
                throw APIError(.badRequest, message: "Unknown field '\(key)'; a space accepts title, emoji, icon, editMode and defaultLevel.")
            }
        }
        if case .some(.some) = patch.emoji, case .some(.some) = patch.icon {
            throw APIError(.badRequest, message: "Give either 'emoji' or 'icon', not both.")
        }
        guard !fields.isEmpty else {
            throw APIError(.badRequest, message: "Nothing to update: give title, emoji, icon, editMode or defaultLevel.")
        }
        return patch
    }

    private static func typeError(_ key: String, _ expected: String) -> APIError {
        APIError(.badRequest, message: "'\(key)' must be \(expected).")
    }
}

extension Character {
    /// Whether the character is an emoji (a pictograph, or a sequence that renders as one).
    fileprivate var isEmojiCharacter: Bool {
        guard let first = unicodeScalars.first else { return false }
        return first.properties.isEmojiPresentation || (first.properties.isEmoji && unicodeScalars.count > 1)
            || (first.properties.isEmoji && first.value > 0x238C)
    }
}
