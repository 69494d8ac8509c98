import AskbookCore
import Foundation

/// The header every evaluation and benchmark report starts with: the date, the exact command, the git revision and the
/// model, then any lines of the report's own.
struct ReportHeader {
    var command: String
    var model: String
    var date = Date().formatted(.iso8601.year().month().day())
    /// Further `- Name: value` lines (the baseline, the machine).
    var extra: [String] = []

    /// The header as markdown list lines.
    var markdown: String {
        ([
            "- Command: `\(command)`",
            "- Git revision: `\(Self.gitRevision())`",
            "- Model: `Models/\(model).json`",
            "- Date: \(date)",
        ] + extra).joined(separator: "\n")
    }

    /// The repository's short revision (`git rev-parse --short HEAD`), or `unknown`.
    static func gitRevision() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "--short", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = Pipe()
        guard (try? process.run()) != nil else { return "unknown" }
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingWhitespace()
    }
}
