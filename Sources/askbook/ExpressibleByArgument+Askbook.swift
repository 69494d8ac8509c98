import ArgumentParser
import AskbookEvaluation
import AskbookStore

extension AccessRole: ExpressibleByArgument {}
extension EvalSet: ExpressibleByArgument {}
extension EvalSplit: ExpressibleByArgument {}

extension EvalTarget: ExpressibleByArgument {
    public init?(argument: String) { self.init(argument) }
    public static var allValueStrings: [String] { EvalSet.allCases.map(\.rawValue) + ["FILE.jsonl"] }
}
