@preconcurrency import Crypto
import Foundation
import HTTPTypes

/// Makes and checks answer ids: a random part and an HMAC-SHA256 of it and the organization, so the server needs no
/// table of the ids it gave out, an id cannot be forged, and one organization's id is unknown to another.
///
/// The key is kept in the database (`Store.insightsKey()`), so ids stay valid across restarts. An id is
/// `ans_` + 16 letters and digits + 24 hex digits (the first 12 bytes of the MAC): 44 ASCII characters.
struct AnswerIDs: Sendable {
    static let prefix = "ans_"
    static let randomLength = 16
    static let macBytes = 12
    static let length = prefix.count + randomLength + 2 * macBytes

    let key: SymmetricKey

    init(key: SymmetricKey) {
        self.key = key
    }

    /// A new id for an answer given to a token of `organization`.
    func make(organization: String) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        let random = String((0..<Self.randomLength).map { _ in alphabet[Int(generator.next(upperBound: UInt64(alphabet.count)))] })
        return Self.prefix + random + mac(random: random, organization: organization).map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `id` was made by `make(organization:)` with this key and `organization`; any other string, however long
    /// or strange, is `false`.
    func isValid(_ id: String, organization: String) -> Bool {
        let bytes = Array(id.utf8)
        guard bytes.count == Self.length, id.hasPrefix(Self.prefix) else { return false }
        let random = bytes[Self.prefix.count..<(Self.prefix.count + Self.randomLength)]
        guard random.allSatisfy({ $0 < 128 && (Character(UnicodeScalar($0)).isLetter || Character(UnicodeScalar($0)).isNumber) }) else {
            return false
        }
        let hex = bytes[(Self.prefix.count + Self.randomLength)...]
        var given: [UInt8] = []
        given.reserveCapacity(Self.macBytes)
        var index = hex.startIndex
        while index < hex.endIndex {
            guard let high = Self.hexValue(hex[index]), let low = Self.hexValue(hex[index + 1]) else { return false }
            given.append(high << 4 | low)
            index += 2
        }
        let expected = mac(random: String(decoding: random, as: UTF8.self), organization: organization)
        // Constant time: every byte is compared whatever the first difference.
        return zip(given, expected).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private func mac(random: String, organization: String) -> [UInt8] {
        let code = HMAC<SHA256>.authenticationCode(for: Array("answer\n\(organization)\n\(random)".utf8), using: key)
        return Array(Array(code).prefix(Self.macBytes))
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

extension HTTPField.Name {
    /// The id of the answer in an ask's response (an Askbook extension), for `PUT /v1/answers/{answerId}/feedback`.
    static let askbookAnswerID = HTTPField.Name("X-Askbook-Answer-Id")!
}
