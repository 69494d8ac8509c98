import ArgumentParser
import AskbookCore
import AskbookStore
import Foundation

/// `askbook spaces list`: operator view of the spaces in the database.
struct SpacesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spaces",
        abstract: "Inspect the spaces in the database.",
        subcommands: [List.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List spaces with their current revision.")

        @Flag(name: .long, help: "Include soft-deleted spaces.")
        var all = false

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let store = try Store.open(path: storeOptions.databasePath, create: false)
            for space in try await store.spaces(includeDeleted: all) {
                let deleted = space.deletedAt.map { " (deleted \($0))" } ?? ""
                print("\(space.id)\t\(space.organizationId)\t\(space.title)\trevision \(space.revisionId ?? "-")\(deleted)")
            }
        }
    }
}
