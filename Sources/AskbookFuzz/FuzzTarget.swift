/// One thing to fuzz: the tokens of its syntax and a run that checks the properties that must hold. Its seeds are the
/// files of `Tests/FuzzCorpus/<name>/`.
protocol FuzzTarget: Sendable {
    /// The name on the command line.
    var name: String { get }
    /// The largest input, in bytes.
    var maxSize: Int { get }
    /// Tokens of the input's syntax for the mutator.
    var dictionary: [String] { get }
    /// Runs one input; returns a description of a broken property, or `nil`. A trap or a hang is a finding too,
    /// caught by the watchdog and the crash file.
    func run(_ input: [UInt8]) async -> String?
}
