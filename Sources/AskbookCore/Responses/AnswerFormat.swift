/// The form an answer is returned in (the ask endpoints' `format` parameter): GitBook's markdown (the default) or
/// its JSON document tree.
public enum AnswerFormat: String, Codable, Sendable, CaseIterable {
    case markdown
    case document
}
