import ArgumentParser
import AskbookCore
import AskbookStore
import Foundation

/// `askbook spaces list|show|delete|restore|purge`: operator commands for spaces.
struct SpacesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spaces",
        abstract: "List, inspect, delete, restore and purge spaces.",
        subcommands: [List.self, Show.self, Delete.self, Restore.self, Purge.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List spaces with their current revision.")

        @Flag(name: .long, help: "Include soft-deleted spaces.")
        var all = false

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let store = try storeOptions.openStore()
            for space in try await store.spaces(includeDeleted: all) { print(SpacesCommand.line(space)) }
        }
    }

    /// The space an operator command acts on, and the database it is in.
    struct SpaceArgument: ParsableArguments {
        @Argument(help: "The space id.")
        var id: String

        @OptionGroup var storeOptions: StoreOptions
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one space.")
        @OptionGroup var space: SpaceArgument

        func run() async throws {
            guard let record = try await space.storeOptions.openStore().space(id: space.id) else { throw AskbookError.unknownSpace(space.id) }
            print(SpacesCommand.line(record))
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Soft-delete a space: it leaves search and ask; purged after the retention.")
        @OptionGroup var space: SpaceArgument

        func run() async throws {
            guard try await space.storeOptions.openStore().softDeleteSpace(id: space.id) else { throw AskbookError.unknownSpace(space.id) }
            print("deleted \(space.id)")
        }
    }

    struct Restore: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Undo a soft delete within the retention.")
        @OptionGroup var space: SpaceArgument

        func run() async throws {
            guard try await space.storeOptions.openStore().restoreSpace(id: space.id) != nil else { throw AskbookError.notDeletedSpace(space.id) }
            print("restored \(space.id)")
        }
    }

    struct Purge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete for good the spaces soft-deleted longer ago than the retention.")

        @Option(name: .long, help: "Days a deleted space is kept.")
        var retentionDays = 7.0

        @OptionGroup var storeOptions: StoreOptions

        func validate() throws {
            guard retentionDays >= 0 else { throw ValidationError("--retention-days must not be negative.") }
        }

        func run() async throws {
            let store = try storeOptions.openStore()
            let purged = try await store.purgeSpaces(deletedBefore: Date().addingTimeInterval(-retentionDays * 86_400))
            print(purged.isEmpty ? "nothing to purge" : "purged \(purged.joined(separator: " "))")
        }
    }

    static func line(_ space: SpaceRecord) -> String {
        let deleted = space.deletedAt.map { "\tdeleted \($0.formatted(.iso8601))" } ?? ""
        return "\(space.id)\t\(space.organizationId)\t\(space.title)\trevision \(space.revisionId ?? "-")\(deleted)"
    }
}
