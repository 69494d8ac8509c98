import AskbookCore
import Foundation
import Logging

/// Imports a documentation folder into the store: load → chunk → embed (reusing unchanged features) → commit one
/// revision per space in one transaction each.
public struct Importer: Sendable {
    public let store: Store
    public let model: VectorizerModel
    /// What one import may cost; past a limit it fails and changes nothing.
    public let limits: ImportLimits
    private let logger: Logger

    public init(store: Store, model: VectorizerModel, limits: ImportLimits = ImportLimits(), logger: Logger) {
        self.store = store
        self.model = model
        self.limits = limits
        self.logger = logger
    }

    /// Imports the folder at `path` as space `spaceID` (for a `docs.yaml` site: one space per content directory,
    /// `spaceID` being their prefix).
    ///
    /// All or nothing where it can be known beforehand: every space is loaded and checked (id, pages, owner, not
    /// deleted) before the first is written. Each space is then committed in its own transaction; should a later one
    /// still fail, the error names the spaces already imported.
    ///
    /// - Throws: `AskbookError.invalidIdentifier` or `.unknownLanguage`, what `Store.checkImportable` throws, `.unreadableSource` (a folder
    ///   that cannot be read, points outside itself or passes a limit), or `.noPages` when a space yields no pages;
    ///   a space that fails leaves its previous revision serving.
    public func run(
        path: String,
        spaceID: String,
        title: String? = nil,
        organizationID: String = "default",
        language: String? = nil
    )
        async throws -> [ImportSummary]
    {
        try Self.validateID(spaceID, what: "space id")
        try Self.validateID(organizationID, what: "organization id")
        if let language, language != "none", !Stemmer.languages.contains(language) {
            throw AskbookError.unknownLanguage(language, known: Stemmer.languages)
        }
        let contents = try SpaceLoader(limits: limits, logger: logger).load(path: path, spaceID: spaceID, title: title)
        for content in contents {
            try Self.validateID(content.spaceId, what: "space id")
            guard !content.pages.isEmpty else {
                // Say why, when files were there but were skipped.
                let skipped = content.issues.prefix(3).map { "\($0.path): \($0.reason)" }.joined(separator: "; ")
                let space = contents.count > 1 ? " (space \(content.spaceId))" : ""
                throw AskbookError.noPages(path + space + (skipped.isEmpty ? "" : " — skipped \(skipped)"))
            }
            try await store.checkImportable(spaceID: content.spaceId, organizationID: organizationID)
        }
        if let site = contents.first?.site { try await store.checkSiteImportable(id: site.siteID, organizationID: organizationID) }
        var summaries: [ImportSummary] = []
        for content in contents {
            do {
                summaries.append(
                    try await commit(content, organizationID: organizationID, title: contents.count > 1 ? nil : title, language: language)
                )
            } catch let error where !summaries.isEmpty {
                throw AskbookError.partialImport(reason: "\(error)", imported: summaries.map(\.spaceID), failedSpace: content.spaceId)
            }
        }
        // A docs.yaml site: its spaces are in; now the site that groups them.
        try await store.saveSite(of: contents, organizationID: organizationID)
        await checkpoint()
        return summaries
    }

    /// Folds the write-ahead log back into the database, so repeated imports do not grow it without end.
    private func checkpoint() async {
        do {
            try await store.checkpoint()
        } catch {
            logger.info("WAL checkpoint postponed (readers busy)", metadata: ["error": "\(error)"])
        }
    }

    /// Embeds already loaded content (reusing the features of the space's current revision) and commits it as the
    /// space's new revision.
    public func commit(
        _ content: SpaceContent,
        organizationID: String = "default",
        title: String? = nil,
        language: String? = nil
    )
        async throws -> ImportSummary
    {
        let started = Date()
        let spaceLanguage: String
        if let language {
            spaceLanguage = language
        } else {
            spaceLanguage = try await store.space(id: content.spaceId)?.language ?? model.language
        }
        let embeddingStarted = Date()
        let (embedded, versions) = try await embed(content, language: spaceLanguage)
        guard embedded.chunks.count <= limits.maxChunksPerSpace else {
            throw AskbookError.tooManyChunks(space: content.spaceId, chunks: embedded.chunks.count, limit: limits.maxChunksPerSpace)
        }
        let commitStarted = Date()
        let revision = try await store.commit(embedded, model: model, organizationID: organizationID, title: title, pageVersions: versions)
        logger.info(
            "Imported space",
            metadata: [
                "space.id": "\(content.spaceId)",
                "import.chunks": "\(embedded.chunks.count)",
                "import.embed_seconds": "\(commitStarted.timeIntervalSince(embeddingStarted))",
                "import.commit_seconds": "\(Date().timeIntervalSince(commitStarted))",
            ]
        )
        return ImportSummary(
            spaceID: content.spaceId,
            revisionID: revision,
            pages: content.pages.count,
            sections: embedded.sectionCount,
            chunks: embedded.chunks.count,
            reusedChunks: embedded.chunks.filter(\.reused).count,
            seconds: Date().timeIntervalSince(started),
            issues: content.issues
        )
    }

    /// `content` embedded as the space's next revision: from the current one's statistics, vocabulary and vectors,
    /// analysing only the chunks that changed, when the model and the stored revision allow it; otherwise every chunk
    /// (a first import, a model with idf inside the vectors, or a revision stored before breadcrumbs were kept).
    ///
    /// With idf on the query side the pages' versions are known once the pages are chunked: they are returned too, for
    /// the commit, which would otherwise hash every page again. (With idf inside the vectors the content hashes change
    /// when the space is embedded, so the commit computes them.)
    private func embed(_ content: SpaceContent, language: String) async throws -> (EmbeddedSpace, PageVersions?) {
        let embedder = SpaceEmbedder(model: model)
        let chunks = embedder.chunks(of: content, language: language)
        guard model.idfPlacement == .query else { return (await embedder.embed(content, chunks: chunks, language: language), nil) }
        let versions = PageVersions(content: content, chunks: chunks)
        if let previous = try await store.previousRevision(
            spaceID: content.spaceId,
            model: model,
            language: language,
            next: chunks.map(\.contentHash),
            versions: versions
        ), let embedded = await embedder.embed(content, chunks: chunks, language: language, after: previous) {
            return (embedded, versions)
        }
        return (await embedder.embed(content, chunks: chunks, language: language), versions)
    }

    /// Ids are 1–64 characters of letters, digits, `-` and `_`.
    ///
    /// - Throws: `AskbookError.invalidIdentifier` naming `what` the id is.
    public static func validateID(_ id: String, what: String) throws(AskbookError) {
        let allowed = id.unicodeScalars.allSatisfy { $0.isASCII && (Tokenizer.isWordScalar($0) || $0 == "-" || $0 == "_") }
        guard !id.isEmpty, id.count <= 64, allowed else {
            throw AskbookError.invalidIdentifier(id, what: what)
        }
    }
}

/// What one space's import did.
public struct ImportSummary: Sendable, Hashable {
    public var spaceID: String
    public var revisionID: String
    public var pages: Int
    public var sections: Int
    public var chunks: Int
    /// Chunks the previous revision already had, which were not analysed again.
    public var reusedChunks: Int
    public var seconds: Double
    /// Files skipped, with the reason.
    public var issues: [ImportIssue]

    /// One line: `space: N pages, N sections, N chunks (N reused) in S s`.
    public var line: String {
        let time = String(format: "%.2f", seconds)
        return "\(spaceID): \(pages) pages, \(sections) sections, \(chunks) chunks (\(reusedChunks) reused) in \(time) s, revision \(revisionID)"
    }
}
