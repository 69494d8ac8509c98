import AskbookCore
import Foundation

/// Paths and models shared by the evaluation tests.
enum TestSupport {
    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fixture folder of the core tests (read in place).
    static func fixture(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/AskbookCoreTests/Fixtures/\(name)").path
    }

    /// A shipped model file, `Models/<name>.json` (default `hashed-v3`).
    static func model(_ name: String = "hashed-v3") throws -> VectorizerModel {
        try VectorizerModel.load(path: packageRoot.appendingPathComponent("Models/\(name).json").path)
    }

    /// `../shared/data` beside the package, when present (CI always has it; a fresh clone elsewhere may not).
    static var sharedData: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Loads and embeds a folder into a snapshot without a store.
    static func snapshot(folder: String, space: String, model: VectorizerModel) async throws -> (IndexSnapshot, [SpaceContent]) {
        let contents = try SpaceLoader().load(path: folder, spaceID: space)
        var builder = IndexSnapshotBuilder(model: model)
        for content in contents {
            await SpaceEmbedder(model: model).embed(content).append(to: &builder)
        }
        return (builder.build(), contents)
    }
}
