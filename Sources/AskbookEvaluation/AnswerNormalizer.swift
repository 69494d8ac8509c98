/// SQuAD's official answer normalisation: lower case, punctuation removed, articles (a, an, the) removed,
/// whitespace collapsed. Used to decide whether a gold answer string occurs in a composed answer.
public enum AnswerNormalizer {
    public static func normalize(_ text: String) -> String {
        let lowered = text.lowercased()
        var stripped = ""
        for scalar in lowered.unicodeScalars {
            if scalar.properties.generalCategory.isPunctuation || "`*_~|".unicodeScalars.contains(scalar) {
                if scalar == "'" || scalar == "\u{2019}" { continue }
                stripped.unicodeScalars.append(" ")
            } else {
                stripped.unicodeScalars.append(scalar)
            }
        }
        return stripped.split(whereSeparator: \.isWhitespace).filter { !["a", "an", "the"].contains($0) }.joined(separator: " ")
    }

    /// Whether any of `answers` occurs in `text` after normalisation.
    public static func contains(_ text: String, anyOf answers: [String]) -> Bool {
        let haystack = " " + normalize(text) + " "
        return answers.contains { answer in
            let needle = normalize(answer)
            return !needle.isEmpty && haystack.contains(" " + needle + " ")
        }
    }
}

extension Unicode.GeneralCategory {
    fileprivate var isPunctuation: Bool {
        switch self {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation,
            .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            true
        default: false
        }
    }
}
