/// Splits prose into sentences: at `.`, `!`, `?` (and CJK full stops) followed by space and a capital, digit or
/// quote, not after common abbreviations, initials or inside numbers; hard line breaks split too.
///
/// Rule-based and written by hand: Foundation's linguistic sentence enumeration is not available on Linux.
public struct SentenceSplitter: Sendable {
    private static let abbreviations: Set<String> = [
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "eg", "ie", "cf", "al", "fig", "no",
        "vol", "approx", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
        "nov", "dec", "u.s", "u.k", "p", "pp", "ca", "mt", "ft", "gen", "gov", "rev", "lt", "col", "capt", "sgt",
    ]

    public init() {}

    /// The block as sentences; code blocks, list items and table rows are returned whole.
    public func sentences(of block: Block) -> [String] {
        block.isAtomic ? [block.text] : sentences(of: block.text)
    }

    /// The sentences of `text`, each trimmed; never empty strings.
    public func sentences(of text: String) -> [String] {
        var result: [String] = []
        for line in text.split(separator: "\n") {
            split(Array(line), into: &result)
        }
        return result
    }

    private func split(_ chars: [Character], into result: inout [String]) {
        var start = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "。" || c == "！" || c == "？" {
                emit(chars[start...i], into: &result)
                start = i + 1
            } else if c == "." || c == "!" || c == "?" {
                var end = i + 1
                while end < chars.count, "\"')]»”’".contains(chars[end]) { end += 1 }
                if end < chars.count, chars[end].isWhitespace {
                    var next = end
                    while next < chars.count, chars[next].isWhitespace { next += 1 }
                    if next < chars.count, startsSentence(chars[next]), !(c == "." && isAbbreviation(chars, dotAt: i)) {
                        emit(chars[start..<end], into: &result)
                        start = next
                        i = next
                        continue
                    }
                }
            }
            i += 1
        }
        if start < chars.count { emit(chars[start...], into: &result) }
    }

    private func startsSentence(_ c: Character) -> Bool {
        c.isUppercase || c.isNumber || "\"'“‘([".contains(c) || (c.isLetter && !c.isLowercase)
    }

    private func isAbbreviation(_ chars: [Character], dotAt index: Int) -> Bool {
        var j = index - 1
        while j >= 0, chars[j].isLetter || chars[j] == "." { j -= 1 }
        let word = String(chars[(j + 1)..<index]).lowercased()
        if word.count == 1, word.first!.isLetter { return true }
        return Self.abbreviations.contains(word)
    }

    private func emit(_ slice: ArraySlice<Character>, into result: inout [String]) {
        let sentence = String(slice).trimmingWhitespace()
        if !sentence.isEmpty { result.append(sentence) }
    }
}
