import ArgumentParser
import AskbookCore
import AskbookStore
import Foundation

/// `askbook tokens create|list|revoke`: API tokens. A secret is printed once; only its hash is stored.
struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens",
        abstract: "Create, list and revoke API tokens.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a token and print its secret once.")

        @Option(name: .long, help: "Organization the token belongs to.")
        var org = "default"

        @Option(
            name: .long,
            help:
                "visitor (a publishable browser key: search, ask, questions, feedback; needs --space), read (search, ask), edit (also update spaces) or admin (also delete and restore)."
        )
        var role: AccessRole

        @Option(name: .long, help: "Limit the token to this space (repeatable); default: every space of the organization.")
        var space: [String] = []

        @Option(
            name: .long,
            help: "A web origin a browser may use this visitor key from, scheme://host[:port] (repeatable); the server's own pages always may."
        )
        var allowOrigin: [String] = []

        @Option(name: .long, help: "A name to recognise the token by.")
        var name = ""

        @Flag(name: .long, help: "Print only the secret.")
        var quiet = false

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let store = try storeOptions.openStore(create: true)
            let (token, secret) = try await store.createToken(
                organizationID: org,
                role: role,
                spaces: space.isEmpty ? nil : space,
                name: name,
                allowedOrigins: allowOrigin
            )
            if quiet {
                print(secret)
            } else {
                print(
                    "token \(token.id) (\(token.role.rawValue), org \(token.organizationId)\(token.spaces.map { ", spaces \($0.joined(separator: ","))" } ?? "")\(token.allowedOrigins.map { $0.isEmpty ? "" : ", origins \($0.joined(separator: ","))" } ?? ""))"
                )
                print("secret \(secret)")
                print("The secret is shown only now; store it safely.")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List tokens (never their secrets).")

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            let store = try storeOptions.openStore()
            for token in try await store.tokens() {
                let spaces = token.spaces?.joined(separator: ",") ?? "*"
                let state = token.revokedAt == nil ? "active" : "revoked"
                let origins = token.allowedOrigins.map { $0.isEmpty ? "-" : $0.joined(separator: ",") } ?? "-"
                print("\(token.id)\t\(token.organizationId)\t\(token.role.rawValue)\t\(spaces)\t\(state)\t\(token.name)\t\(origins)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: it is refused from the next request on.")

        @Argument(help: "The token id (from tokens list).")
        var id: String

        @OptionGroup var storeOptions: StoreOptions

        func run() async throws {
            guard try await storeOptions.openStore().revokeToken(id: id) else { throw AskbookError.unknownToken(id) }
            print("revoked \(id)")
        }
    }
}
