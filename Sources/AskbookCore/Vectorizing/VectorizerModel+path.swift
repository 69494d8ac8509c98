import Foundation

extension VectorizerModel {
    /// The path of the model file `<folder>/<name>.json`, the folder found in this order: `folder` when given,
    /// `ASKBOOK_MODELS` in `environment`, `./Models` when it holds the file, a `Models` folder holding it up to four
    /// levels above `executable` (`.build/<configuration>/askbook` → the package root's), else `Models`.
    ///
    /// - Parameter executable: the running executable's path (`CommandLine.arguments[0]`).
    public static func path(named name: String, folder: String?, environment: [String: String], executable: String) -> String {
        let file = "\(name).json"
        if let folder = folder ?? environment["ASKBOOK_MODELS"] { return "\(folder)/\(file)" }
        if FileManager.default.fileExists(atPath: "Models/\(file)") { return "Models/\(file)" }
        var candidate = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let path = candidate.appendingPathComponent("Models").appendingPathComponent(file).path
            if FileManager.default.fileExists(atPath: path) { return path }
            candidate = candidate.deletingLastPathComponent()
        }
        return "Models/\(file)"
    }
}
