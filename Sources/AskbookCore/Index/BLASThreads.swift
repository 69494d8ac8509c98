import Foundation

/// OpenBLAS's thread count, set at run time when the BLAS behind `libblas.so.3` is OpenBLAS.
///
/// One thread per BLAS call suits a server: requests already run in parallel, and OpenBLAS threads that spin while
/// other requests want the cores cost more than they give (measured with `wrk`, 2 cores: 310 → 650 requests/s on the
/// sample space). A single process answering one question at a time gains from more threads (ask p50 4.9 ms with two
/// against 9 ms with one on the gitbook set). The symbol is looked up with `dlsym`, so the reference BLAS works too.
public enum BLASThreads {
    private typealias SetThreads = @convention(c) (Int32) -> Void
    private typealias GetThreads = @convention(c) () -> Int32

    /// Sets the number of OpenBLAS threads; returns `false` when the BLAS in use is not OpenBLAS.
    @discardableResult
    public static func set(_ count: Int) -> Bool {
        guard let symbol = dlsym(nil, "openblas_set_num_threads") else { return false }
        unsafeBitCast(symbol, to: SetThreads.self)(Int32(max(1, count)))
        return true
    }

    /// The current number of OpenBLAS threads, or `nil` when the BLAS in use is not OpenBLAS.
    public static var current: Int? {
        guard let symbol = dlsym(nil, "openblas_get_num_threads") else { return nil }
        return Int(unsafeBitCast(symbol, to: GetThreads.self)())
    }
}
