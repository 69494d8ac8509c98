import AskbookCore
import Foundation

/// Exports a bench corpus for `Evaluation/baselines/vector_bench.py` (FAISS `IndexFlatIP` and bm25s) and runs it, so
/// that one `askbook bench --baseline` run prints Askbook ÷ FAISS and Askbook ÷ bm25s ratios.
public struct BenchBaseline: Sendable {
    let script: String
    let runs: Int

    /// Runs `script` (`Evaluation/baselines/vector_bench.py`) with `runs` repeats.
    public init(script: String, runs: Int) {
        self.script = script
        self.runs = runs
    }

    /// What the script prints (the subset read here).
    struct Output: Decodable {
        struct Faiss: Decodable {
            var single: [Single]
        }
        struct Single: Decodable {
            var threads: Int
            var p50Milliseconds: Double
            var p99Milliseconds: Double
            var batchQueriesPerSecond: Double
        }
        struct BM25: Decodable {
            var indexSeconds: Double
            var p50Milliseconds: Double
            var p99Milliseconds: Double
        }
        var faiss: Faiss
        var bm25s: BM25?
        var faissTop: [[Int]]
    }

    /// Writes `meta.json`, `matrix.f32` (the exact vectors, row-major), `queries.f32`, `corpus.jsonl` and `queries.jsonl`
    /// into `folder`.
    static func export(vectors: ExactVectors, texts: [String], queries: [(text: String, vector: [Float])], to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let meta: [String: Int] = ["chunks": vectors.rows, "dimension": vectors.dimension, "queries": queries.count, "k": 10]
        try JSONSerialization.data(withJSONObject: meta).write(to: folder.appendingPathComponent("meta.json"))
        let matrixPath = folder.appendingPathComponent("matrix.f32")
        _ = FileManager.default.createFile(atPath: matrixPath.path, contents: nil)
        let handle = try FileHandle(forWritingTo: matrixPath)
        defer { try? handle.close() }
        for start in stride(from: 0, to: vectors.rows, by: 256) {
            let rows = (start..<min(vectors.rows, start + 256)).flatMap { vectors.row($0) }
            try handle.write(contentsOf: rows.withUnsafeBytes { Data($0) })
        }
        try queries.flatMap(\.vector).withUnsafeBytes { Data($0) }.write(to: folder.appendingPathComponent("queries.f32"))
        struct Line: Encodable {
            var id: Int
            var text: String
        }
        try JSONLines.write(
            texts.enumerated().map { Line(id: $0.offset, text: $0.element) },
            path: folder.appendingPathComponent("corpus.jsonl").path
        )
        try JSONLines.write(
            queries.enumerated().map { Line(id: $0.offset, text: $0.element.text) },
            path: folder.appendingPathComponent("queries.jsonl").path
        )
    }

    /// Runs the script on an exported folder and reads its JSON.
    ///
    /// - Throws: `AskbookError.externalToolFailed` when python3 or the script fails (FAISS not installed, say).
    func run(folder: URL) throws -> Output {
        let out = folder.appendingPathComponent("results.json")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, folder.path, "--out", out.path, "--repeats", "\(runs)"]
        process.standardOutput = FileHandle.standardError
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw AskbookError.externalToolFailed(
                script,
                status: process.terminationStatus,
                remedy: "install its packages: pip install -r Evaluation/baselines/requirements.txt"
            )
        }
        return try JSONDecoder().decode(Output.self, from: Data(contentsOf: out))
    }
}
