import AskbookCore
@preconcurrency import Crypto
import Foundation
import Testing

@testable import AskbookServer

/// Search cursors are signed: only the server can make one, and only for offsets it could have issued.
@Suite struct SearchCursorTests {
    let key = SymmetricKey(size: .bits256)
    static let fingerprint = "0123456789abcdef01234567"

    @Test(arguments: [0, 1, 20, QueryPolicy.maxSearchResults])
    func aCursorGivesBackItsOffset(offset: Int) throws {
        let cursor = SearchCursor(fingerprint: Self.fingerprint, offset: offset).encoded(key: key)
        #expect(try SearchCursor.offset(of: cursor, key: key, fingerprint: Self.fingerprint) == offset)
        #expect(cursor.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }, "URL-safe: \(cursor)")
    }

    @Test(arguments: [Int.max, Int.min, -1, QueryPolicy.maxSearchResults + 1])
    func signedCursorsWithOffsetsOutOfRangeAreUnknown(offset: Int) {
        let cursor = SearchCursor(fingerprint: Self.fingerprint, offset: offset).encoded(key: key)
        #expect(throws: SearchCursor.Problem.unknown) { try SearchCursor.offset(of: cursor, key: key, fingerprint: Self.fingerprint) }
    }

    @Test(arguments: [
        Data("\(fingerprint):9223372036854775807".utf8).base64EncodedString(),  // the old, unsigned form
        "", ".", "a.b", "%%%.%%%", "..", String(repeating: "A", count: 10_000),
    ])
    func malformedCursorsAreUnknown(cursor: String) {
        #expect(throws: SearchCursor.Problem.unknown) { try SearchCursor.offset(of: cursor, key: key, fingerprint: Self.fingerprint) }
    }

    @Test func aCursorSignedWithAnotherKeyIsUnknown() {
        let cursor = SearchCursor(fingerprint: Self.fingerprint, offset: 20).encoded(key: SymmetricKey(size: .bits256))
        #expect(throws: SearchCursor.Problem.unknown) { try SearchCursor.offset(of: cursor, key: key, fingerprint: Self.fingerprint) }
    }

    @Test func aTamperedCursorIsUnknown() {
        let cursor = SearchCursor(fingerprint: Self.fingerprint, offset: 20).encoded(key: key)
        let parts = cursor.split(separator: ".")
        let otherPayload = SearchCursor(fingerprint: Self.fingerprint, offset: 40).encoded(key: key).split(separator: ".")[0]
        let flipped = parts[1].first == "A" ? "B" : "A"
        for tampered in ["\(otherPayload).\(parts[1])", "\(parts[0]).\(flipped)\(parts[1].dropFirst())", "\(parts[0])x.\(parts[1])"] {
            #expect(throws: SearchCursor.Problem.unknown) { try SearchCursor.offset(of: tampered, key: key, fingerprint: Self.fingerprint) }
        }
    }

    @Test func aGenuineCursorOfAnotherListIsStale() {
        let cursor = SearchCursor(fingerprint: "ffffffffffffffffffffffff", offset: 20).encoded(key: key)
        #expect(throws: SearchCursor.Problem.stale) { try SearchCursor.offset(of: cursor, key: key, fingerprint: Self.fingerprint) }
    }
}
