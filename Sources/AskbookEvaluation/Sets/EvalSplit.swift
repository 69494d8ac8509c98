/// The side of a question set that is asked: `test`, `tune` (the side thresholds are calibrated on), or `all`.
public enum EvalSplit: String, Codable, Sendable, CaseIterable {
    case test, tune, all

    /// Whether `question` is on this side: every question is on `all`; one without a side only on `all`.
    public func includes(_ question: EvalQuestion) -> Bool { self == .all || question.split == rawValue }
}
