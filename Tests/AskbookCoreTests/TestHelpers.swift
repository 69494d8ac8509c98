import AskbookCore
import Foundation

/// Paths and models shared by the core tests.
enum TestSupport {
    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A fixture folder copied into the test bundle.
    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
    }

    /// The shipped model file, `Models/hashed-v3.json`.
    static func model() throws -> VectorizerModel {
        try VectorizerModel.load(path: packageRoot.appendingPathComponent("Models/hashed-v3.json").path)
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
