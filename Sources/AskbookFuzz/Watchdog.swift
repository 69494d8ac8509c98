import Foundation
import Synchronization

/// Keeps the input being run in a file, so a crash leaves its reproducer behind, and ends the process with the
/// input saved when one input runs past the time limit (a hang).
final class Watchdog: Sendable {
    private let findings: URL
    private let target: String
    private let timeout: Duration
    private let started = Atomic<Int64>(0)
    private let current: Mutex<[UInt8]> = Mutex([])

    init(findings: URL, target: String, timeout: Duration) throws {
        self.findings = findings
        self.target = target
        self.timeout = timeout
        try FileManager.default.createDirectory(at: findings, withIntermediateDirectories: true)
        let thread = Thread { [self] in self.watch() }
        thread.start()
    }

    /// The file that holds the input under way; left behind by a crash.
    var currentFile: URL { findings.appendingPathComponent("current-\(target)") }

    /// Records `input` as the one under way.
    func begin(_ input: [UInt8]) {
        current.withLock { $0 = input }
        try? Data(input).write(to: currentFile)
        started.store(Self.now(), ordering: .relaxed)
    }

    /// The input finished.
    func end() {
        started.store(0, ordering: .relaxed)
    }

    /// Removes the crash file after a clean run.
    func finish() {
        try? FileManager.default.removeItem(at: currentFile)
    }

    /// Saves `input` as a finding named `kind` and returns its path.
    @discardableResult
    func save(_ input: [UInt8], kind: String) -> String {
        let url = findings.appendingPathComponent("\(kind)-\(target)-\(UUID().uuidString.prefix(8))")
        try? Data(input).write(to: url)
        return url.path
    }

    private func watch() {
        let limit = Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        while true {
            Thread.sleep(forTimeInterval: 0.25)
            let since = started.load(ordering: .relaxed)
            guard since != 0, Self.now() - since > limit else { continue }
            let path = save(current.withLock { $0 }, kind: "timeout")
            FileHandle.standardError.write(Data("askbook-fuzz: \(target): an input ran past \(timeout); saved as \(path)\n".utf8))
            exit(3)
        }
    }

    private static func now() -> Int64 {
        Int64(DispatchTime.now().uptimeNanoseconds)
    }
}
