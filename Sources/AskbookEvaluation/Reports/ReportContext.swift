import Foundation

/// What a report's header names and where the report goes: the exact command that made it, the model, and the
/// folder (`Evaluation/reports` by default). Shared by the evaluation and the bench reports.
///
/// ```swift
/// let context = ReportContext(arguments: CommandLine.arguments, model: "hashed-v2")
/// let path = try EvalReportWriter(result: report, baseline: nil, context: context).write()
/// ```
public struct ReportContext: Sendable {
    /// The command as typed, e.g. `askbook eval squad --report`.
    public var command: String
    /// The model's name: the file `Models/<model>.json`.
    public var model: String
    /// The folder the report and its charts are written to.
    public var folder = "Evaluation/reports"

    /// The context of a report made by the process run with `arguments` (`CommandLine.arguments`), named `askbook`
    /// whatever path the executable was started by.
    public init(arguments: [String], model: String) {
        command = (["askbook"] + arguments.dropFirst()).joined(separator: " ")
        self.model = model
    }

    /// The header of a report, with the report's own `extra` lines.
    func header(extra: [String]) -> ReportHeader {
        ReportHeader(command: command, model: model, extra: extra)
    }

    /// Creates the folder when needed and returns it.
    func createFolder() throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }
}
