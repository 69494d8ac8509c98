import ArgumentParser
import AskbookEvaluation

/// How `eval` and `bench` give their figures: a markdown table (or JSON), and optionally a written report.
struct ReportOptions: ParsableArguments {
    @Flag(name: .long, help: "Print the figures as JSON.")
    var json = false

    @Flag(name: .long, help: "Write a markdown report with SVG charts to Evaluation/reports/.")
    var report = false

    /// The header and folder of a report of this run with `model`.
    func context(model: String) -> ReportContext { ReportContext(arguments: CommandLine.arguments, model: model) }
}
