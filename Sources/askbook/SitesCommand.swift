import ArgumentParser
import AskbookCore
import AskbookStore
import Foundation

/// `askbook sites list|show`: the GitBook sites imported from `docs.yaml` folders and their site spaces.
struct SitesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sites",
        abstract: "List and inspect sites (docs.yaml imports) and their site spaces.",
        subcommands: [List.self, Show.self],
        defaultSubcommand: List.self
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List sites: id, organization, title.")

        @Option(name: .long, help: "Only the sites of this organization.")
        var org: String?

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            for site in try await storeOptions.openStore().sites(organizationID: org) {
                print("\(site.id)\t\(site.organizationId)\t\(site.title)")
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a site and its site spaces: site-space id, space id, section, and whether it is default content."
        )

        @Argument(help: "The site id.")
        var id: String

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let store = try storeOptions.openStore()
            guard let site = try await store.site(id: id) else { throw AskbookError.unknownSite(id) }
            print("\(site.id)\t\(site.organizationId)\t\(site.title)")
            for space in try await store.siteSpaces(siteID: site.id) {
                print("  \(space.id)\t\(space.spaceId)\t\(space.section ?? "-")\t\(space.isDefault ? "default" : "-")")
            }
        }
    }
}
