/// The release of Askbook, reported by `GET /v1/`.
public enum AskbookVersion {
    /// Semantic version of this release.
    public static let version = "0.1.0"
    /// Release date in ISO 8601.
    public static let build = "2026-11-29T00:00:00.000Z"
}
