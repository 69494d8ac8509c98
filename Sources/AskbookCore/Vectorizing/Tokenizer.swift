/// Splits text into lower-case word tokens, Unicode-aware.
///
/// Letters and digits make words; `_ . / -` and apostrophes join them into raw tokens, which are then split into
/// parts at those connectors and at camelCase boundaries. A code-like token (`snake_case`, `camelCase`, `a.b`, `a/b`,
/// `re-import`) is also kept whole, so both `getSpaceById` and `space` match it.
public struct Tokenizer: Sendable {
    /// A token: its lower-case text, and whether it is a whole identifier (kept exact, never stemmed).
    public struct Token: Sendable, Hashable {
        public var text: String
        public var isWhole: Bool
    }

    public init() {}

    /// The tokens of `text` in order; a whole identifier follows its parts.
    public func tokens(in text: String) -> [Token] {
        var tokens: [Token] = []
        var raw: [Unicode.Scalar] = []
        var ascii: [UInt8] = []
        var isASCII = true
        func flush() {
            if isASCII {
                emitASCII(ascii, into: &tokens)
            } else {
                emit(raw, into: &tokens)
            }
            raw.removeAll(keepingCapacity: true)
            ascii.removeAll(keepingCapacity: true)
            isASCII = true
        }
        for scalar in text.unicodeScalars {
            if Self.isWordScalar(scalar) || Self.isConnector(scalar) {
                if isASCII, scalar.isASCII {
                    ascii.append(UInt8(truncatingIfNeeded: scalar.value))
                } else {
                    // The first scalar beyond ASCII moves the token to the Unicode path, with what came before it.
                    if isASCII {
                        raw.append(contentsOf: ascii.lazy.map { Unicode.Scalar($0) })
                        isASCII = false
                    }
                    raw.append(scalar)
                }
            } else if !ascii.isEmpty || !raw.isEmpty {
                flush()
            }
        }
        if !ascii.isEmpty || !raw.isEmpty { flush() }
        return tokens
    }

    /// `emit` for a raw token of ASCII letters, digits and connectors, on its bytes: the same tokens, without building
    /// strings a scalar at a time (that was most of tokenizing, and most documentation words are ASCII).
    private func emitASCII(_ raw: [UInt8], into tokens: inout [Token]) {
        @inline(__always) func isWord(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) }
        @inline(__always) func isUpper(_ b: UInt8) -> Bool { b >= 65 && b <= 90 }
        @inline(__always) func isLower(_ b: UInt8) -> Bool { b >= 97 && b <= 122 }
        guard let first = raw.firstIndex(where: isWord), let last = raw.lastIndex(where: isWord) else { return }
        raw.withUnsafeBufferPointer { bytes in
            func lowered(_ range: Range<Int>) -> String {
                String(unsafeUninitializedCapacity: range.count) { out in
                    for (i, b) in bytes[range].enumerated() { out[i] = isUpper(b) ? b | 0x20 : b }
                    return range.count
                }
            }
            var parts: [Range<Int>] = []
            var start = first
            var codeLike = false
            for index in first...last {
                let b = bytes[index]
                if !isWord(b) {
                    if b != 39 { codeLike = true }  // an apostrophe joins, as in `emit`
                    if start < index { parts.append(start..<index) }
                    start = index + 1
                } else if index > first, isUpper(b) {
                    let p = bytes[index - 1]
                    if isLower(p) || (isUpper(p) && index < last && isLower(bytes[index + 1])) {
                        if start < index { parts.append(start..<index) }
                        start = index
                        codeLike = true
                    }
                }
            }
            if start <= last { parts.append(start..<(last + 1)) }
            for part in parts { tokens.append(Token(text: lowered(part), isWhole: false)) }
            if codeLike, parts.count > 1 { tokens.append(Token(text: lowered(first..<(last + 1)), isWhole: true)) }
        }
    }

    /// Whether the scalar is a letter or a digit.
    @inline(__always)
    public static func isWordScalar(_ s: Unicode.Scalar) -> Bool {
        if s.isASCII {
            let v = s.value
            return (v >= 97 && v <= 122) || (v >= 65 && v <= 90) || (v >= 48 && v <= 57)
        }
        return s.properties.isAlphabetic || s.properties.numericType != nil
    }

    /// Case tests with an ASCII fast path: Unicode property lookups were a tenth of import time.
    @inline(__always)
    static func isUppercase(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? (65...90).contains(s.value) : s.properties.isUppercase
    }

    @inline(__always)
    static func isLowercase(_ s: Unicode.Scalar) -> Bool {
        s.isASCII ? (97...122).contains(s.value) : s.properties.isLowercase
    }

    @inline(__always)
    static func isConnector(_ s: Unicode.Scalar) -> Bool {
        s == "_" || s == "." || s == "/" || s == "-" || s == "'" || s == "\u{2019}"
    }

    private func emit(_ raw: [Unicode.Scalar], into tokens: inout [Token]) {
        guard let first = raw.firstIndex(where: Self.isWordScalar), let last = raw.lastIndex(where: Self.isWordScalar) else { return }
        let word = raw[first...last]
        var parts: [String] = []
        var part = String.UnicodeScalarView()
        var codeLike = false
        var previous: Unicode.Scalar?
        var index = word.startIndex
        while index < word.endIndex {
            let scalar = word[index]
            if Self.isConnector(scalar) {
                if scalar != "'" && scalar != "\u{2019}" { codeLike = true }
                if !part.isEmpty { parts.append(String(part).lowercased()) }
                part = String.UnicodeScalarView()
            } else {
                // camelCase: a capital after a lower-case letter, or the last capital of an acronym before a lower-case letter.
                if let p = previous, Self.isUppercase(scalar) {
                    let next = word.index(after: index) < word.endIndex ? word[word.index(after: index)] : nil
                    if Self.isLowercase(p) || (Self.isUppercase(p) && (next.map(Self.isLowercase) ?? false)) {
                        if !part.isEmpty { parts.append(String(part).lowercased()) }
                        part = String.UnicodeScalarView()
                        codeLike = true
                    }
                }
                part.append(scalar)
            }
            previous = scalar
            index = word.index(after: index)
        }
        if !part.isEmpty { parts.append(String(part).lowercased()) }
        for p in parts { tokens.append(Token(text: p, isWhole: false)) }
        if codeLike, parts.count > 1 {
            var whole = String.UnicodeScalarView()
            whole.append(contentsOf: word)
            tokens.append(Token(text: String(whole).lowercased(), isWhole: true))
        }
    }
}
