import AskbookCore
import AskbookServer
import AskbookStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct SpacesRouteTests {
    @Test func getReturnsTheSpaceWithPermissionsForTheToken() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let read = try await client.execute(uri: "/v1/spaces/coffee", method: .get, headers: environment.auth("acmeRead")).json()
            #expect(read["object"] == .string("space") && read["id"] == .string("coffee") && read["title"] == .string("Coffee"))
            #expect(read["organization"] == .string("acme") && read["editMode"] == .string("live"))
            #expect(read["permissions"]?["admin"] == .bool(false) && read["permissions"]?["access"] == .bool(true))
            #expect(read["urls"]?["location"] == .string("http://docs.test/v1/spaces/coffee"))
            let admin = try await client.execute(uri: "/v1/spaces/coffee", method: .get, headers: environment.auth("acmeAdmin")).json()
            #expect(admin["permissions"]?["admin"] == .bool(true))
        }
    }

    @Test func unknownAndOtherTenantsSpacesAreTheSame404() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let unknown = try await client.execute(uri: "/v1/spaces/nope", method: .get, headers: environment.auth("acmeAdmin"))
            let foreign = try await client.execute(uri: "/v1/spaces/vault", method: .get, headers: environment.auth("acmeAdmin"))
            let unlisted = try await client.execute(uri: "/v1/spaces/tea", method: .get, headers: environment.auth("coffeeOnly"))
            for response in [unknown, foreign, unlisted] { #expect(response.status == .notFound && response.errorCode == 404) }
            #expect(foreign.errorMessage == "Space 'vault' not found." && unknown.errorMessage == "Space 'nope' not found.")
            let deleteForeign = try await client.execute(uri: "/v1/spaces/vault", method: .delete, headers: environment.auth("acmeAdmin"))
            #expect(deleteForeign.status == .notFound)
        }
        #expect(try await environment.store.space(id: "vault")?.deletedAt == nil)
    }

    @Test func patchUpdatesFieldsAndSearchShowsTheNewTitle() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/spaces/coffee",
                method: .patch,
                headers: environment.auth("acmeEdit", json: true),
                body: .text(#"{"title":"Coffee handbook","emoji":"☕","editMode":"locked","defaultLevel":"read"}"#)
            )
            #expect(response.status == .ok)
            let space = try response.json()
            #expect(space["title"] == .string("Coffee handbook") && space["emoji"] == .string("☕"))
            #expect(space["editMode"] == .string("locked") && space["defaultLevel"] == .string("read"))
            let search = try await client.execute(uri: "/v1/search?query=grind%20size", method: .get, headers: environment.auth("acmeRead"))
            #expect(try search.decode(SearchResults.self).items.first?.title == "Coffee handbook")
            let removed = try await client.execute(
                uri: "/v1/spaces/coffee",
                method: .patch,
                headers: environment.auth("acmeEdit", json: true),
                body: .text(#"{"emoji":null,"defaultLevel":null}"#)
            )
            let cleared = try removed.json()
            #expect(cleared["emoji"] == .string("") && cleared["defaultLevel"] == .null)
        }
    }

    @Test(arguments: [
        #"{"title":"\#(String(repeating: "t", count: 51))"}"#, #"{"title":""}"#, #"{"title":5}"#, #"{"editMode":"frozen"}"#,
        #"{"defaultLevel":"owner"}"#, #"{"visibility":"public"}"#, #"{"emoji":"abc"}"#, #"{"icon":"not a url"}"#,
        #"{"emoji":"☕","icon":"https://example.com/i.png"}"#, #"{"colour":"red"}"#, #"{}"#, #"[1,2]"#, #"{"title":"#,
        #"{"title":"Fine title","editMode":"frozen"}"#,
    ])
    func invalidPatchesAre400AndChangeNothing(body: String) async throws {
        let environment = try await TestEnvironment.make()
        let before = try #require(try await environment.store.space(id: "coffee"))
        try await environment.application().test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/spaces/coffee",
                method: .patch,
                headers: environment.auth("acmeAdmin", json: true),
                body: .text(body)
            )
            #expect(response.status == .badRequest && response.errorCode == 400)
            #expect(response.errorMessage?.isEmpty == false)
        }
        #expect(try await environment.store.space(id: "coffee") == before)
    }

    @Test func rolesAreEnforcedWith403() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let patch = try await client.execute(
                uri: "/v1/spaces/coffee",
                method: .patch,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"title":"Nope"}"#)
            )
            #expect(patch.status == .forbidden && patch.errorCode == 403)
            let delete = try await client.execute(uri: "/v1/spaces/coffee", method: .delete, headers: environment.auth("acmeEdit"))
            #expect(delete.status == .forbidden)
            let restore = try await client.execute(uri: "/v1/spaces/coffee/restore", method: .post, headers: environment.auth("acmeEdit"))
            #expect(restore.status == .forbidden)
        }
        #expect(try await environment.store.space(id: "coffee")?.title == "Coffee")
    }

    @Test func deleteIsASoftDeleteThatLeavesSearchAtOnceAndRestoreBringsItBack() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.application().test(.router) { client in
            let deleted = try await client.execute(uri: "/v1/spaces/coffee", method: .delete, headers: environment.auth("acmeAdmin"))
            #expect(deleted.status == .resetContent && deleted.body.readableBytes == 0)

            let search = try await client.execute(uri: "/v1/search?query=grind%20size", method: .get, headers: environment.auth("acmeRead"))
            #expect(try search.decode(SearchResults.self).items.allSatisfy { $0.id != "coffee" })
            let ask = try await client.execute(
                uri: "/v1/search/ask",
                method: .post,
                headers: environment.auth("acmeRead", json: true),
                body: .text(#"{"query":"What temperature should the water be?"}"#)
            )
            let sources = try ask.decode(AskResponse.self).answer?.sources ?? []
            #expect(sources.allSatisfy { $0.space != "coffee" })
            let gone = try await client.execute(uri: "/v1/spaces/coffee", method: .get, headers: environment.auth("acmeRead"))
            #expect(gone.status == .notFound)
            let again = try await client.execute(uri: "/v1/spaces/coffee", method: .delete, headers: environment.auth("acmeAdmin"))
            #expect(again.status == .notFound)

            let restored = try await client.execute(uri: "/v1/spaces/coffee/restore", method: .post, headers: environment.auth("acmeAdmin"))
            let restoredID = try restored.json()["id"]
            #expect(restored.status == .ok && restoredID == .string("coffee"))
            let back = try await client.execute(uri: "/v1/search?query=grind%20size", method: .get, headers: environment.auth("acmeRead"))
            #expect(try back.decode(SearchResults.self).items.first?.id == "coffee")
            let notDeleted = try await client.execute(uri: "/v1/spaces/coffee/restore", method: .post, headers: environment.auth("acmeAdmin"))
            #expect(notDeleted.status == .badRequest)
        }
    }

    @Test func purgeRemovesSpacesPastRetentionWithAllTheirRows() async throws {
        let environment = try await TestEnvironment.make()
        try await environment.store.softDeleteSpace(id: "tea", at: Date().addingTimeInterval(-8 * 86_400))
        try await environment.store.softDeleteSpace(id: "coffee", at: Date().addingTimeInterval(-86_400))
        let purged = try await environment.store.purgeSpaces(deletedBefore: Date().addingTimeInterval(-7 * 86_400))
        #expect(purged == ["tea"])
        #expect(try await environment.store.space(id: "tea") == nil)
        #expect(try await environment.store.revisionCount(spaceID: "tea") == 0)
        #expect(try await environment.store.space(id: "coffee")?.deletedAt != nil)
    }
}
