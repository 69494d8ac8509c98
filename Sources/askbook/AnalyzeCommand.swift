import ArgumentParser
import AskbookCore
import Foundation

/// `askbook analyze "TEXT"`: shows the terms and hashed features the model makes of a text, for debugging
/// retrieval and for checking that hashing is stable across processes.
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "analyze", abstract: "Show a text's terms and hashed features.")

    @Argument(help: "The text to analyze.")
    var text: String

    @Option(name: .long, help: "Stemming language (default: the model's).")
    var language: String?

    @Flag(name: .long, help: "Print JSON: terms, and features as [key, count, bucket, sign].")
    var json = false

    @OptionGroup var modelOptions: ModelOptions

    func run() async throws {
        let model = try modelOptions.load()
        let analysis = TextAnalysis(text: text, model: model, language: language)
        if json {
            print(try JSONOutput.string(analysis, pretty: false))
        } else {
            print("terms: \(analysis.terms.joined(separator: " "))")
            print("features: \(analysis.features.count) (dimension \(model.dimension))")
        }
    }
}
