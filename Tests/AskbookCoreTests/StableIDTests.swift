import Foundation
import Testing

@testable import AskbookCore

/// Content hashes and ids are stored keys: they must not change from one build to the next.
@Suite struct StableIDTests {
    @Test func hashesAreTheSHA256OfThePartsJoinedByUnitSeparators() {
        // The expected values are Python's `hashlib.sha256(b"a\x1fb\x1f\xc3\xa9t\xc3\xa9")` and `hashlib.sha256(b"")`.
        #expect(StableID.contentHash(["a", "b", "été"]) == "74017cb386a6117e6f8a9f386b6b01882a462d4138b54921580ef103ae926349")
        #expect(StableID.contentHash(bytes: Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(StableID.make("a", "b", "été") == "74017cb386a6117e6f8a")
    }
}
