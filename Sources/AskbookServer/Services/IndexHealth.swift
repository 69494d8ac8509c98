/// Whether the server can answer from its index, as `GET /health` reports it without a token.
///
/// Only counts: which spaces are affected is told to the tokens that may read them (in their 503s) and to the log.
public struct IndexHealth: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Every live space is served from a current snapshot (or none has been imported yet).
        case ok
        /// Some spaces cannot be served, or the last reload failed and the previous snapshot is still served.
        case degraded
        /// No snapshot could be loaded: every search and ask answers 503.
        case unavailable
    }

    public var status: Status
    /// Spaces served from the current snapshot.
    public var servedSpaces: Int
    /// Live spaces left out of the snapshot because their index data is damaged; their searches and asks answer 503.
    public var unavailableSpaces: Int
    /// Whether the last reload of the index failed (the previous snapshot, if any, is still served).
    public var reloadFailing: Bool

    public init(status: Status, servedSpaces: Int, unavailableSpaces: Int, reloadFailing: Bool) {
        self.status = status
        self.servedSpaces = servedSpaces
        self.unavailableSpaces = unavailableSpaces
        self.reloadFailing = reloadFailing
    }
}
