import AskbookCore
import Foundation

/// The JSON Lines files of the shared data sets (SciFact, CLAP NQ), decoded line by line with `Codable`.
enum DataSetLines {
    /// Every line of the file at `url`, decoded as `T`.
    ///
    /// - Throws: `AskbookError.unreadableFile`, or `.malformedData` when a line is not a `T` object.
    static func read<T: Decodable>(_ type: T.Type, _ url: URL) throws -> [T] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw AskbookError.unreadableFile(url.path) }
        let decoder = JSONDecoder()
        return try text.split(whereSeparator: \.isNewline).map {
            guard let value = try? decoder.decode(T.self, from: Data($0.utf8)) else {
                throw AskbookError.malformedData(path: url.path, reason: "a line is not a JSON object.")
            }
            return value
        }
    }
}
