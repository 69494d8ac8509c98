import CStemmer

/// A Snowball stemmer from libstemmer, with a small cache.
///
/// Not thread-safe (libstemmer keeps state per stemmer), so each analysis makes its own; creating one is cheap.
public final class Stemmer {
    private let stemmer: OpaquePointer?
    private var cache: [String: String] = [:]

    /// A stemmer for a Snowball language name (`english`, `french`, `german`, …); `none` or an unknown name
    /// leaves words unchanged.
    public init(language: String) {
        stemmer = language == "none" ? nil : sb_stemmer_new(language, "UTF_8")
    }

    deinit {
        if let stemmer { sb_stemmer_delete(stemmer) }
    }

    /// The stem of a lower-case word.
    public func stem(_ word: String) -> String {
        guard let stemmer else { return word }
        if let cached = cache[word] { return cached }
        var bytes = Array(word.utf8)
        let result: String = bytes.withUnsafeMutableBufferPointer { buffer in
            guard let out = sb_stemmer_stem(stemmer, buffer.baseAddress, Int32(buffer.count)) else { return word }
            let length = Int(sb_stemmer_length(stemmer))
            return String(decoding: UnsafeBufferPointer(start: out, count: length), as: UTF8.self)
        }
        if cache.count > 50_000 { cache.removeAll(keepingCapacity: true) }
        cache[word] = result
        return result
    }

    /// The languages this libstemmer offers.
    public static var languages: [String] {
        var names: [String] = []
        guard var list = sb_stemmer_list() else { return names }
        while let name = list.pointee {
            names.append(String(cString: name))
            list += 1
        }
        return names
    }
}
