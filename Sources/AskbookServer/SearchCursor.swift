import AskbookCore
import Crypto
import Foundation

/// The opaque `page` cursor of `GET /v1/search`: a position in one ranked result list, signed by the server.
///
/// The text is `base64url("<fingerprint>:<offset>") + "." + base64url(HMAC-SHA256(key, "<fingerprint>:<offset>"))`.
/// The fingerprint names the result list (the query and the revisions of the spaces searched), so a cursor is valid
/// while they are unchanged; the HMAC means a client can neither forge a cursor nor change its offset. The offset is
/// always in `0...QueryPolicy.maxSearchResults`.
struct SearchCursor: Equatable {
    /// The longest cursor text accepted; longer ones are refused before any decoding.
    static let maxLength = 256

    /// Identifies the result list (see `SearchController.fingerprint`).
    var fingerprint: String
    /// Index of the first section of the page, `0...QueryPolicy.maxSearchResults`.
    var offset: Int

    /// Why a cursor was refused.
    enum Problem: Error, Equatable {
        /// Not a cursor this server issued: malformed, tampered with, or signed under another key.
        case unknown
        /// A genuine cursor of another result list: the query or the content changed.
        case stale
    }

    /// The cursor as sent in `next.page`.
    func encoded(key: SymmetricKey) -> String {
        let payload = Data("\(fingerprint):\(offset)".utf8)
        let tag = Data(HMAC<SHA256>.authenticationCode(for: payload, using: key))
        return payload.base64URLEncoded + "." + tag.base64URLEncoded
    }

    /// Checks `text`'s signature under `key` and that it belongs to the list `fingerprint`, and returns its offset.
    ///
    /// - Throws: `Problem.unknown` for anything but an untouched cursor signed with `key` and an offset in
    ///   `0...QueryPolicy.maxSearchResults`; `Problem.stale` for a genuine cursor of another result list.
    static func offset(of text: String, key: SymmetricKey, fingerprint: String) throws(Problem) -> Int {
        guard text.utf8.count <= maxLength else { throw .unknown }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = Data(base64URLEncoded: parts[0]), let tag = Data(base64URLEncoded: parts[1]),
            HMAC<SHA256>.isValidAuthenticationCode(tag, authenticating: payload, using: key),
            let fields = String(data: payload, encoding: .utf8)?.split(separator: ":", omittingEmptySubsequences: false),
            fields.count == 2, let offset = Int(fields[1]), (0...QueryPolicy.maxSearchResults).contains(offset)
        else { throw .unknown }
        guard fields[0] == fingerprint else { throw .stale }
        return offset
    }
}

extension Data {
    /// Base64 with the URL-safe alphabet and no padding (RFC 4648 §5).
    fileprivate var base64URLEncoded: String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes unpadded URL-safe base64; `nil` for any other character.
    fileprivate init?(base64URLEncoded text: Substring) {
        guard text.utf8.allSatisfy(Self.base64URLAlphabet.contains) else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.utf8.count % 4) % 4)
        self.init(base64Encoded: base64)
    }

    private static let base64URLAlphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
}
