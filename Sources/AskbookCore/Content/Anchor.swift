/// GitBook-style heading anchors.
public enum Anchor {
    /// The anchor GitBook gives a heading: lowercased, characters other than letters, digits, whitespace, `-` and `_`
    /// removed, each run of whitespace replaced by one `-` (github-slugger's rule, which GitBook follows).
    ///
    /// ```swift
    /// Anchor.slug("What's new?")  // "whats-new"
    /// ```
    public static func slug(_ title: String) -> String {
        var out = ""
        var inWhitespace = false
        for scalar in title.trimmingWhitespace().lowercased().unicodeScalars {
            let isWhitespace = scalar.properties.isWhitespace
            defer { inWhitespace = isWhitespace }
            if isWhitespace {
                if !inWhitespace { out.unicodeScalars.append("-") }
            } else if scalar == "-" || scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Makes `candidate` unique against `used` by appending `-1`, `-2`, … as GitBook does, and records it.
    public static func unique(_ candidate: String, in used: inout Set<String>) -> String {
        var id = candidate
        var n = 1
        while used.contains(id) {
            id = "\(candidate)-\(n)"
            n += 1
        }
        used.insert(id)
        return id
    }
}
