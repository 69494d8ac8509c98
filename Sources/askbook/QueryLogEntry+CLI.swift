import AskbookCore
import AskbookStore

extension QueryLogEntry {
    /// The entry as the CLI records it: marked `cli`, one per organization of the spaces it searched in `snapshot`.
    func cli(snapshot: IndexSnapshot) -> [QueryLogEntry] {
        var entry = self
        entry.origin = .cli
        return entry.split(
            organizations: Dictionary(snapshot.segments.map { ($0.spaceID, $0.organizationID) }, uniquingKeysWith: { first, _ in first })
        )
    }
}
