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
    ///
    /// A visitor key counts as `read` here: it reaches a handler only through `VisitorAccessMiddleware`, whose list
    /// of routes (search, ask, questions, feedback) refuses it everywhere else.
    func requireToken(role: AccessRole, to action: String) throws -> TokenRecord {
        let token = try requireToken()
        guard (token.role == .visitor ? .read : token.role) >= role else {
            throw APIError(.forbidden, message: "This token's role is '\(token.role.rawValue)'; \(action) needs '\(role.rawValue)' or higher.")
        }
        return token
    }
}

extension AccessRole {
    /// The roles that may send answer feedback, page feedback and site events. The one place that says so. A visitor
    /// key is among them, but `VisitorAccessMiddleware` lets it reach only `PUT /v1/answers/{answerId}/feedback`.
    static let insightsSenders: Set<AccessRole> = [.visitor, .read, .edit, .admin]

    /// The least role that may read insights (the query log, top searches, unanswered questions, events).
    static let insightsReader: AccessRole = .edit
}

extension AppRequestContext {
    /// The token, when its role may send feedback and events (`AccessRole.insightsSenders`); otherwise 403.
    func requireInsightsSender(to action: String) throws -> TokenRecord {
        let token = try requireToken()
        guard AccessRole.insightsSenders.contains(token.role) else {
            throw APIError(.forbidden, message: "This token's role is '\(token.role.rawValue)'; \(action) needs a role that may read.")
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

extension IndexHolder {
    /// The engine to answer `token` from and the spaces of its snapshot the token may read; `nil` when there is
    /// nothing to search (no space imported).
    ///
    /// - Throws: 503 when no index could be loaded, or when a space the token may read was left out of the snapshot
    ///   (its index data is damaged): a partial answer would look complete.
    func engine(for token: TokenRecord) throws -> (engine: AnswerEngine, spaces: Set<String>)? {
        let affected = leftOut.filter { $0.organizationID == token.organizationId && (token.spaces?.contains($0.spaceID) ?? true) }
        guard affected.isEmpty else {
            var names = affected.prefix(5).map { "'\($0.spaceID)'" }.joined(separator: ", ")
            if affected.count > 5 { names += " and \(affected.count - 5) more" }
            throw APIError(
                .serviceUnavailable,
                message: affected.count == 1
                    ? "The index of space \(names) cannot be loaded; it must be re-imported."
                    : "The indexes of spaces \(names) cannot be loaded; they must be re-imported."
            )
        }
        guard let engine = current() else {
            if reloadFailure != nil { throw APIError(.serviceUnavailable, message: "The search index cannot be loaded; try again later.") }
            return nil
        }
        return (engine, token.visibleSpaces(in: engine.snapshot))
    }
}
