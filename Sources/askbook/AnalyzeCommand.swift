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

    struct Output: Encodable {
        var model: String
        var terms: [String]
        var features: [[Double]]
        var keys: [String]
    }

    func run() async throws {
        let model = try modelOptions.load()
        let analyzer = TextAnalyzer(model: model, language: language)
        let features = analyzer.features(text: text)
        let vectorizer = HashedVectorizer(model: model)
        let output = Output(
            model: model.id,
            terms: analyzer.terms(text),
            features: zip(features.keys, features.counts).map { key, count in
                let (bucket, sign) = vectorizer.bucket(of: key)
                return [Double(count), Double(bucket), Double(sign)]
            },
            keys: features.keys.map { String($0, radix: 16) }
        )
        if json {
            print(try JSONOutput.string(output, pretty: false))
        } else {
            print("terms: \(output.terms.joined(separator: " "))")
            print("features: \(features.count) (dimension \(model.dimension))")
        }
    }
}
