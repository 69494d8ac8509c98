/// Caps how deeply one line of markdown nests containers before cmark-gfm parses it.
///
/// `> > > …` and `- - - …` open one block quote or list per marker, and cmark-gfm's `cmark_node_append_child` walks
/// every ancestor of the node it appends to, so parsing is quadratic in the nesting: 23,000 markers on a line, repeated
/// through includes, took 24 s (found by `askbook-fuzz`). Documentation nests a few levels; markers past
/// `maxDepth` on a line are escaped (`\-`, `\>`, `1\.`) and read as text.
public enum NestingCap {
    /// The most container markers one line may open.
    public static let maxDepth = 32

    /// `markdown` with the markers past `maxDepth` on each line escaped; the same string when no line has that many.
    public static func capped(_ markdown: String) -> String {
        let bytes = Array(markdown.utf8)
        var escapes: [Int] = []
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            if let escape = excessMarker(bytes[lineStart..<lineEnd]) { escapes.append(escape) }
            lineStart = lineEnd + 1
        }
        guard !escapes.isEmpty else { return markdown }
        // One pass: inserting into the array at each escape would move the rest of the text every time.
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + escapes.count)
        var copied = 0
        for index in escapes {
            out += bytes[copied..<index]
            out.append(UInt8(ascii: "\\"))
            copied = index
        }
        out += bytes[copied...]
        return String(decoding: out, as: UTF8.self)
    }

    /// Where to put a backslash to end the line's containers after `maxDepth`: before the first marker past it.
    private static func excessMarker(_ line: ArraySlice<UInt8>) -> Int? {
        var i = line.startIndex
        var depth = 0
        func isBlank(_ index: Int) -> Bool { index >= line.endIndex || line[index] == UInt8(ascii: " ") || line[index] == UInt8(ascii: "\t") }
        while true {
            while i < line.endIndex, line[i] == UInt8(ascii: " ") || line[i] == UInt8(ascii: "\t") { i += 1 }
            guard i < line.endIndex else { return nil }
            let byte = line[i]
            var marker = i
            var next = i + 1
            if byte == UInt8(ascii: ">") {
                // A block quote marker needs no space after it.
            } else if [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "*")].contains(byte), isBlank(next) {
                // A bullet.
            } else if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                var end = i
                while end < line.endIndex, end - i < 9, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(line[end]) { end += 1 }
                guard end < line.endIndex, line[end] == UInt8(ascii: ".") || line[end] == UInt8(ascii: ")"), isBlank(end + 1) else { return nil }
                marker = end
                next = end + 1
            } else {
                return nil
            }
            depth += 1
            if depth > maxDepth { return marker }
            i = next
        }
    }
}
