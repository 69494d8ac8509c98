import AskbookCore
import Foundation

/// Reading and writing JSON Lines files (one JSON object per line), as the question sets and prepared corpora are.
public enum JSONLines {
    /// Decodes every non-blank line of the file at `path`.
    ///
    /// - Throws: `AskbookError.unreadableFile` naming the file (`what` says what it is), or `.malformedData` naming
    ///   the first line that does not decode.
    public static func read<T: Decodable>(_ type: T.Type, path: String, what: String) throws -> [T] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AskbookError.unreadableFile("the \(what) \(path)")
        }
        let decoder = JSONDecoder()
        var values: [T] = []
        for (number, line) in text.split(whereSeparator: \.isNewline).enumerated() where !line.allSatisfy(\.isWhitespace) {
            do {
                values.append(try decoder.decode(T.self, from: Data(line.utf8)))
            } catch {
                throw AskbookError.malformedData(path: "\(path):\(number + 1)", reason: "not a line of a \(what) (\(error)).")
            }
        }
        return values
    }

    /// Writes `values`, one per line, with sorted keys.
    public static func write(_ values: [some Encodable], path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = Data()
        for value in values {
            data.append(try encoder.encode(value))
            data.append(0x0A)
        }
        try data.write(to: URL(fileURLWithPath: path))
    }
}
