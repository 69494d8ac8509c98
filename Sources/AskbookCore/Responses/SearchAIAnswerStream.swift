/// GitBook's `SearchAIAnswerStream`: one event of a streamed answer, `{"type":"answer","answer":SearchAIAnswer}`,
/// each a full snapshot of the answer so far.
public struct SearchAIAnswerStream: Codable, Sendable, Hashable {
    /// Always `answer`.
    public var type = "answer"
    public var answer: SearchAIAnswer

    public init(answer: SearchAIAnswer) {
        self.answer = answer
    }
}
