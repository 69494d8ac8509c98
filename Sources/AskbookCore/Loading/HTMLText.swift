import Foundation

/// The little HTML handling markdown needs: text of raw HTML blocks (`<details>`, `<summary>`, `<figure>`) and the
/// `id` attribute of GitBook's heading anchors (`<a href="#x" id="x"></a>`).
///
/// Written by hand: no HTML parser ships on this machine, and these fragments are tags, not documents.
enum HTMLText {
    /// The text of an HTML fragment with tags and comments removed and common entities decoded.
    static func strippingTags(_ html: String) -> String {
        var out = ""
        var inTag = false
        var inComment = false
        var index = html.startIndex
        while index < html.endIndex {
            let rest = html[index...]
            if inComment {
                if rest.hasPrefix("-->") {
                    inComment = false
                    index = html.index(index, offsetBy: 3)
                    continue
                }
            } else if inTag {
                if html[index] == ">" {
                    inTag = false
                    out += " "
                }
            } else if rest.hasPrefix("<!--") {
                inComment = true
            } else if html[index] == "<", let next = rest.dropFirst().first, next.isLetter || next == "/" {
                inTag = true
            } else {
                out.append(html[index])
            }
            index = html.index(after: index)
        }
        return decodeEntities(out).collapsingWhitespace()
    }

    /// The value of `name="…"` (or single-quoted) inside a tag, if present.
    static func attribute(_ name: String, in tag: String) -> String? {
        for quote in ["\"", "'"] {
            let marker = " \(name)=\(quote)"
            guard let start = tag.range(of: marker) else { continue }
            let valueStart = start.upperBound
            guard let end = tag[valueStart...].firstIndex(of: Character(quote)) else { continue }
            let value = String(tag[valueStart..<end])
            return value.isEmpty ? nil : value
        }
        return nil
    }

    private static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        return text.replacingOccurrences(of: "&nbsp;", with: " ")
            .replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}
