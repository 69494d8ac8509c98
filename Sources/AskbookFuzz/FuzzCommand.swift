import ArgumentParser
import AskbookCore
import Foundation

/// `askbook-fuzz`: mutates the seed corpus and runs each target until its time is up, checking the properties that
/// must hold on hostile input. A broken property, a trap or a hang is a finding: saved under `--findings`, and the
/// exit status is non-zero.
///
/// A seeded generator, not a coverage-guided one: the toolchain's libFuzzer would need every package rebuilt with
/// `-sanitize=fuzzer`, which doubles CI's build; the same seed repeats the same inputs.
@main
struct FuzzCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "askbook-fuzz",
        abstract: "Fuzz the importer and the HTTP API with mutated hostile inputs."
    )

    enum TargetName: String, CaseIterable, ExpressibleByArgument {
        case markdown, yaml, folder, requests
    }

    @Option(name: .long, help: "Targets to run (default: all): \(TargetName.allCases.map(\.rawValue).joined(separator: ", ")).")
    var target: [TargetName] = TargetName.allCases

    @Option(name: .long, help: "Seconds to run each target.")
    var seconds = 10.0

    @Option(name: .long, help: "Seed of the generator (default: from the clock; printed so a run can be repeated).")
    var seed: UInt64?

    @Option(name: .long, help: "Seconds one input may take before it counts as a hang.")
    var timeout = 20.0

    @Option(name: .long, help: "The package root (seed corpus in Tests/FuzzCorpus, model in Models/).")
    var packageRoot = FileManager.default.currentDirectoryPath

    @Option(name: .long, help: "Folder for findings and the crash file.")
    var findings = "fuzz-findings"

    @Option(name: .long, help: "Run this one input (a finding) against the one --target, and print what happens.")
    var replay: String?

    func validate() throws {
        guard seconds > 0, seconds <= 86_400 else { throw ValidationError("--seconds must be in 0…86400.") }
        guard timeout >= 1, timeout <= 3_600 else { throw ValidationError("--timeout must be in 1…3600.") }
        guard replay == nil || target.count == 1 else { throw ValidationError("--replay needs exactly one --target.") }
    }

    func run() async throws {
        let root = URL(fileURLWithPath: packageRoot)
        let model = try VectorizerModel.load(path: root.appendingPathComponent("Models/hashed-v3.json").path)
        let seed = seed ?? UInt64(Date().timeIntervalSince1970 * 1000)
        let runner = FuzzRunner(seconds: seconds, timeout: timeout, findings: URL(fileURLWithPath: findings))
        var failed = false
        for name in target {
            let seeds =
                try replay.map { [Array(try Data(contentsOf: URL(fileURLWithPath: $0)))] }
                ?? corpus(root.appendingPathComponent("Tests/FuzzCorpus/\(name.rawValue)"))
            let runner = replay == nil ? runner : FuzzRunner(seconds: 0, timeout: timeout, findings: runner.findings, inputs: 1)
            let outcome: FuzzRunner.Outcome
            switch name {
            case .markdown: outcome = try await runner.run(MarkdownTarget(model: model), seeds: seeds, seed: seed)
            case .yaml: outcome = try await runner.run(YAMLTarget(), seeds: seeds, seed: seed)
            case .folder: outcome = try await runner.run(FolderTarget(), seeds: seeds, seed: seed)
            case .requests:
                outcome = try await RequestTarget.withServer(model: model, fixtures: root.appendingPathComponent("Tests/AskbookCoreTests/Fixtures")) {
                    try await runner.run($0, seeds: seeds, seed: seed)
                }
            }
            let rate = outcome.seconds > 0 ? Double(outcome.inputs) / outcome.seconds : 0
            print(
                "\(name.rawValue): \(outcome.inputs) inputs in \(String(format: "%.0f", outcome.seconds)) s (\(String(format: "%.0f", rate))/s), seed \(seed), \(outcome.finding ?? "no finding")"
            )
            failed = failed || outcome.finding != nil
        }
        if failed { throw ExitCode.failure }
    }

    private func corpus(_ folder: URL) throws -> [[UInt8]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        let seeds = try names.map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
        guard !seeds.isEmpty else { throw ValidationError("No seeds in \(folder.path).") }
        return seeds
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Runs one target: its seeds first as they are, then mutants, until the time is up or a property breaks.
struct FuzzRunner: Sendable {
    /// What a target's run came to.
    struct Outcome: Sendable {
        var inputs: Int
        var seconds: Double
        var finding: String?
    }

    let seconds: Double
    let timeout: Double
    let findings: URL
    /// Stop after this many inputs (a replay runs one).
    var inputs = Int.max

    func run(_ target: some FuzzTarget, seeds: [[UInt8]], seed: UInt64) async throws -> Outcome {
        let watchdog = try Watchdog(findings: findings, target: target.name, timeout: .seconds(timeout))
        let mutator = Mutator(dictionary: target.dictionary.map { Array($0.utf8) }, maxSize: target.maxSize)
        var random = FuzzRandom(seed: seed)
        let clock = ContinuousClock()
        let started = clock.now
        var inputs = 0
        while inputs < self.inputs, inputs < 1 || clock.now - started < .seconds(seconds) {
            let input = inputs < seeds.count ? seeds[inputs] : mutator.mutate(seeds, using: &random)
            watchdog.begin(input)
            let finding = await target.run(input)
            watchdog.end()
            inputs += 1
            if let finding {
                let path = watchdog.save(input, kind: "finding")
                return Outcome(inputs: inputs, seconds: (clock.now - started).seconds, finding: "\(finding) (input saved as \(path))")
            }
        }
        watchdog.finish()
        return Outcome(inputs: inputs, seconds: (clock.now - started).seconds, finding: nil)
    }
}
