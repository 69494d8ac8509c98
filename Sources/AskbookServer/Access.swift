import AskbookCore
import AskbookStore
import HTTPTypes

extension AppRequestContext {
    /// The authenticated token; every route behind `BearerAuthMiddleware` has one.
    func requireToken() throws -> TokenRecord {
        guard let token else { throw APIError(.unauthorized, message: "Missing Authorization header: send 'Authorization: Bearer <token>'.") }
        return token
    }

    /// The token, when its role is at least `role`; otherwise 403 naming what is missing.
    func requireToken(role: AccessRole, to action: String) throws -> TokenRecord {
        let token = try requireToken()
        guard token.role >= role else {
            throw APIError(.forbidden, message: "This token's role is '\(token.role.rawValue)'; \(action) needs '\(role.rawValue)' or higher.")
        }
        return token
    }
}

extension TokenRecord {
    /// The spaces of `snapshot` this token may read: its organization's, and only those listed when it is limited.
    func visibleSpaces(in snapshot: IndexSnapshot) -> Set<String> {
        Set(
            snapshot.segments.filter { $0.organizationID == organizationId && (spaces?.contains($0.spaceID) ?? true) }.map(\.spaceID)
        )
    }
}
