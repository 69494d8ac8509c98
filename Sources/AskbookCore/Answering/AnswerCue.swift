/// What kind of answer a question asks for, read from its wording, and how well a piece of text fits that kind.
///
/// "How many / how long / what is the limit" wants a number with its unit; "can / does / is" wants the sentence that
/// says yes or no; "how do I" wants steps or a command; "why" wants a reason; "who / where" wants a name. Questions that name code ("command",
/// "snippet", "syntax", …) or ask how to do something may be answered with a code block; others never are.
///
/// ```swift
/// AnswerCue(question: "How long does DNS take to update?").kind  // .quantity
/// ```
public struct AnswerCue: Sendable, Hashable {
    /// The kinds of answer told apart.
    public enum Kind: Sendable, Hashable {
        case quantity, polar, procedure, reason, entity, other
    }

    /// The kind of answer asked for.
    public var kind: Kind
    /// Whether a code block may answer the question.
    public var wantsCode: Bool
    /// The question's words: a name the question already holds is not the answer to it.
    var questionWords: Set<String> = []

    private static let quantityPhrases = [
        "how many", "how much", "how long", "how often", "how big", "how large", "how far", "how soon", "how fast",
        "how frequently", "what size", "which size", "what year", "which year", "what date", "what century", "how old",
    ]
    private static let quantityWords: Set<String> = [
        "limit", "limits", "maximum", "max", "minimum", "min", "size", "dimensions", "biggest", "largest", "smallest",
        "longest", "timeout", "quota", "number", "percentage", "capacity", "frequency",
    ]
    private static let polarWords: Set<String> = [
        "can", "could", "does", "do", "did", "is", "are", "was", "were", "will", "would", "should", "may", "has", "have",
        "must", "shall", "am",
    ]
    private static let procedurePhrases = [
        "how do i", "how can i", "how to", "how should i", "how would i", "how do you", "how can you", "how do we",
        "how can we", "way to", "steps to", "how does one", "what do i do", "what should i do",
    ]
    private static let codeWords: Set<String> = [
        "command", "commands", "code", "snippet", "syntax", "example", "examples", "cli", "install", "script", "curl",
        "yaml", "json", "decorator", "terminal", "shell", "npm", "pip", "sdk", "endpoint", "endpoints",
    ]
    /// Words after a number that make it a measure ("5,000 pages", "48 hours", "100MB").
    private static let units: Set<String> = [
        "b", "kb", "mb", "gb", "tb", "bytes", "byte", "kilobytes", "megabytes", "gigabytes", "ms", "millisecond",
        "milliseconds", "s", "sec", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr", "hour", "hours",
        "day", "days", "week", "weeks", "month", "months", "year", "years", "px", "pixel", "pixels", "%", "percent",
        "page", "pages", "file", "files", "line", "lines", "character", "characters", "frame", "frames", "item", "items",
        "request", "requests", "call", "calls", "time", "times", "row", "rows", "column", "columns", "word", "words",
        "level", "levels", "member", "members", "user", "users", "seat", "seats", "space", "spaces", "site", "sites",
        "token", "tokens", "entries", "entry", "version", "versions", "flag", "flags", "run", "runs", "step",
        "steps", "x", "×", "fps", "k", "m",
    ]
    private static let numberWords: Set<String> = [
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "twenty", "hundred",
        "thousand", "dozen", "unlimited", "single",
    ]
    /// Words by which a sentence says yes or no.
    private static let polarityWords: Set<String> = [
        "not", "no", "yes", "cannot", "can't", "don't", "doesn't", "isn't", "aren't", "won't", "only", "never", "always",
        "supports", "supported", "support", "allows", "allowed", "possible", "impossible", "automatically", "can",
        "must", "unavailable", "available", "disabled", "enabled", "required", "optional", "unsupported", "aren’t",
        "can’t", "don’t", "doesn’t", "isn’t", "won’t", "unable",
    ]
    private static let imperativeVerbs: Set<String> = [
        "click", "select", "go", "open", "run", "add", "use", "type", "enter", "navigate", "choose", "press", "create",
        "install", "set", "enable", "disable", "toggle", "hover", "drag", "head", "find", "pick", "paste", "copy",
        "import", "declare", "call", "pass", "define", "configure", "visit", "switch", "tap", "upload", "insert",
        "return", "write", "edit", "change", "remove", "delete", "make", "log", "sign", "connect", "start", "put",
    ]
    /// First words of a question that asks for a person or a place: the answer names it.
    private static let entityWords: Set<String> = ["who", "whom", "whose", "where"]
    private static let reasonWords: Set<String> = ["because", "since", "due", "so", "reason", "therefore", "why", "as", "means"]

    /// The words by which a question says what kind of answer it wants ("how many", "can", "who", "limit"): typo
    /// tolerance leaves them alone, since a small space may not hold "many" and "any" is one edit away.
    public static let cueWords: Set<String> = {
        var words = quantityWords.union(polarWords).union(entityWords).union(["why", "what", "which", "when"])
        for phrase in quantityPhrases + procedurePhrases { words.formUnion(phrase.split(separator: " ").map(String.init)) }
        return words
    }()

    /// Reads the cue of `question`.
    public init(question: String) {
        let lowered = question.lowercased()
        let words = Self.words(lowered)
        let wordSet = Set(words)
        let padded = " " + words.joined(separator: " ") + " "
        func has(_ phrase: String) -> Bool { padded.contains(" " + phrase + " ") }
        // A yes/no question may start after a clause: "If I hide a page, does it still …?"
        let clauseStarts = lowered.split(whereSeparator: { ",;—:".contains($0) }).compactMap { Self.words(String($0)).first }
        // "When did …?" asks for a date, which is a number too; "When I paste …, why …?" does not.
        let asksWhen = words.first == "when" && words.count > 1 && Self.polarWords.contains(words[1])
        if Self.quantityPhrases.contains(where: has) || !wordSet.isDisjoint(with: Self.quantityWords) || asksWhen {
            kind = .quantity
        } else if Self.procedurePhrases.contains(where: has) {
            kind = .procedure
        } else if words.first == "why" {
            kind = .reason
        } else if let first = words.first, Self.polarWords.contains(first) || clauseStarts.contains { Self.polarWords.contains($0) } {
            kind = .polar
        } else if let first = words.first, Self.entityWords.contains(first) {
            kind = .entity
        } else {
            kind = .other
        }
        questionWords = wordSet
        wantsCode = kind == .procedure || !wordSet.isDisjoint(with: Self.codeWords)
    }

    /// The stems of the question's words that ask for the shape of the answer rather than name its subject ("maximum",
    /// "limit", "length" of a quantity question): a lead that has the shape answers them.
    public func shapeTerms(analyzer: TextAnalyzer) -> Set<String> {
        guard kind == .quantity else { return [] }
        let asking = questionWords.filter { Self.quantityWords.contains($0) || Self.quantityAskingWords.contains($0) }
        return Set(asking.flatMap { analyzer.terms($0) })
    }

    /// Words of quantity phrases and questions that ask for a measure ("how long", "biggest", "length").
    private static let quantityAskingWords: Set<String> = [
        "many", "much", "long", "often", "big", "bigger", "large", "larger", "far", "soon", "fast", "frequently", "old",
        "length", "highest", "lowest", "most", "least", "count", "amount", "duration",
    ]

    /// A score bonus in 0…1 for how well `text` (a block of `kind`) has the shape of the answer asked for.
    public func fit(_ text: String, kind blockKind: Block.Kind) -> Float {
        let words = Self.words(text.lowercased())
        switch kind {
        case .quantity:
            var best: Float = 0
            for (i, word) in words.enumerated() {
                let next = i + 1 < words.count ? words[i + 1] : ""
                if word.first?.isNumber ?? false {
                    // "100mb", "48 hours", "5,000 pages": a number with its unit is what was asked.
                    let attached = word.drop { $0.isNumber || $0 == "," || $0 == "." }
                    best = max(best, Self.units.contains(String(attached)) || Self.units.contains(next) ? 1 : 0.6)
                } else if Self.numberWords.contains(word) {
                    best = max(best, Self.units.contains(next) ? 0.7 : 0.3)
                }
            }
            return best
        case .polar:
            return words.contains { Self.polarityWords.contains($0) } ? 1 : 0
        case .procedure:
            if blockKind == .listItem || blockKind == .code { return 1 }
            let first = words.first ?? ""
            if Self.imperativeVerbs.contains(first) || text.contains("→") || text.contains(" > ") { return 1 }
            return words.prefix(12).contains { Self.imperativeVerbs.contains($0) } ? 0.5 : 0
        case .reason:
            return words.contains { Self.reasonWords.contains($0) } ? 1 : 0
        case .entity:
            // A name the question does not already hold: a capitalised word after the first.
            let raw = text.split(whereSeparator: { $0.isWhitespace })
            return raw.dropFirst().contains { w in
                guard let f = w.first, f.isUppercase else { return false }
                return !questionWords.contains(Self.words(w.lowercased()).first ?? "")
            } ? 1 : 0
        case .other:
            return 0
        }
    }

    /// Lowercased words of `text`: letters, digits and the marks inside them (`5,000`, `can't`, `100mb`); `%` counts as
    /// a word of its own.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        for char in text {
            if char.isLetter || char.isNumber || ((char == "," || char == "." || char == "'" || char == "’") && !current.isEmpty) {
                current.append(char)
            } else {
                if !current.isEmpty { words.append(current) }
                current = ""
                if char == "%" || char == "×" { words.append(String(char)) }
            }
        }
        if !current.isEmpty { words.append(current) }
        return words.map { word in
            var word = word
            while let last = word.last, last == "," || last == "." || last == "'" || last == "’" { word.removeLast() }
            return word
        }.filter { !$0.isEmpty }
    }
}
