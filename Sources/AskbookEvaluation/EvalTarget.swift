/// What `askbook eval` measures: a named set (imported into a temporary store) or a question file (`.jsonl`, asked of
/// an existing database).
public enum EvalTarget: Sendable, Hashable {
    case set(EvalSet)
    case questionFile(path: String)

    /// The target `text` names: a set's name, or a path ending in `.jsonl`; `nil` for anything else.
    public init?(_ text: String) {
        if let set = EvalSet(rawValue: text) {
            self = .set(set)
        } else if text.hasSuffix(".jsonl") {
            self = .questionFile(path: text)
        } else {
            return nil
        }
    }
}
