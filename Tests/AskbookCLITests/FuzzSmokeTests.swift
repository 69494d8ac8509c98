import Foundation
import Testing

/// The fuzz harness for a few seconds per target, one target at a time (each keeps a core busy), with a fixed seed:
/// the seed corpus (every hostile case found so far) and its first mutants must pass. `make fuzz` runs the same
/// targets for half an hour each.
@Suite(.serialized) struct FuzzSmokeTests {
    @Test(arguments: ["markdown", "yaml", "folder", "requests"])
    func fuzzTargetHoldsOnItsCorpusAndFirstMutants(target: String) async throws {
        let findings = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-fuzz-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: findings) }
        let result = try await CLI.runDetached(
            ["--target", target, "--seconds", "5", "--seed", "20261202", "--findings", findings, "--package-root", CLI.packageRoot.path],
            executable: CLI.sibling("askbook-fuzz")
        )
        #expect(result.status == 0, "\(result.stdout)\(result.stderr.prefix(2_000))")
        #expect(result.stdout.contains("no finding"))
    }
}
