import ArgumentParser
import AskbookCore
import AskbookStore
import Foundation

/// `askbook import PATH --space ID`: reads a documentation folder into a new revision of a space.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a GitBook Git Sync folder, a docs.yaml site folder or a plain folder of markdown."
    )

    @Argument(help: "The documentation folder.")
    var path: String

    @Option(name: .long, help: "Space id (for a docs.yaml site: the prefix of each space's id).")
    var space: String

    @Option(name: .long, help: "Space title (default: from the site configuration or the first page).")
    var title: String?

    @Option(name: .long, help: "Organization that owns the space.")
    var org = "default"

    @Option(name: .long, help: "Snowball stemming language for this space (default: the model's).")
    var language: String?

    @Option(name: .long, help: "Most pages in one space.")
    var maxPages = ImportLimits().maxPagesPerSpace

    @Option(name: .long, help: "Most chunks in one space.")
    var maxChunks = ImportLimits().maxChunksPerSpace

    @Option(name: .long, help: "Most megabytes (MiB) of markdown, includes expanded, in one import.")
    var maxTotalMb = ImportLimits().maxTotalBytes >> 20

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var modelOptions: ModelOptions

    func validate() throws {
        guard !path.trimmingWhitespace().isEmpty else { throw ValidationError("The folder path is empty.") }
        try ValidationError.checking {
            try Importer.validateID(space, what: "space id")
            try Importer.validateID(org, what: "organization id")
        }
        guard (1...1_000_000).contains(maxPages), (1...100_000_000).contains(maxChunks), (1...65_536).contains(maxTotalMb) else {
            throw ValidationError("--max-pages must be 1…1000000, --max-chunks 1…100000000 and --max-total-mb 1…65536.")
        }
        if let title, title.trimmingWhitespace().isEmpty || title.count > 50 {
            throw ValidationError("The title must be 1–50 characters.")
        }
    }

    func run() async throws {
        let model = try modelOptions.load()
        let store = try storeOptions.openStore(create: true)
        var limits = ImportLimits()
        limits.maxPagesPerSpace = maxPages
        limits.maxChunksPerSpace = maxChunks
        limits.maxTotalBytes = maxTotalMb << 20
        let importer = Importer(store: store, model: model, limits: limits, logger: storeOptions.logger())
        let summaries = try await importer.run(path: path, spaceID: space, title: title, organizationID: org, language: language)
        for summary in summaries {
            print(summary.line)
            for issue in summary.issues { print("  skipped \(issue.path): \(issue.reason)") }
        }
    }
}
