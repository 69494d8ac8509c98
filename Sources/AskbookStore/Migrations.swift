import Foundation
import GRDB

/// The schema, one registered migration per change.
///
/// A migration is frozen once released: it runs only its own copies of the code it needs (`Migrations+Frozen.swift`),
/// never today's `Store` or core code, so changing those cannot change what an old database is migrated to.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "space") { t in
                t.primaryKey("id", .text)
                t.column("organizationId", .text).notNull().indexed()
                t.column("title", .text).notNull()
                t.column("emoji", .text)
                t.column("icon", .text)
                t.column("visibility", .text).notNull()
                t.column("editMode", .text).notNull()
                t.column("defaultLevel", .text).notNull()
                t.column("language", .text).notNull()
                t.column("revisionId", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
                t.column("deletedAt", .datetime)
            }
            try db.create(table: "revision") { t in
                t.primaryKey("id", .text)
                t.column("spaceId", .text).notNull().indexed().references("space", onDelete: .cascade)
                t.column("createdAt", .datetime).notNull()
                t.column("modelId", .text).notNull()
                t.column("model", .blob).notNull()
                t.column("language", .text).notNull()
                t.column("idf", .blob).notNull()
                t.column("pageCount", .integer).notNull()
                t.column("sectionCount", .integer).notNull()
                t.column("chunkCount", .integer).notNull()
                t.column("matrixKey", .text).notNull()
            }
            try db.create(table: "page") { t in
                t.column("revisionId", .text).notNull().references("revision", onDelete: .cascade)
                t.column("id", .text).notNull()
                t.column("path", .text).notNull()
                t.column("title", .text).notNull()
                t.column("description", .text)
                t.column("sourcePath", .text).notNull()
                t.column("parentPath", .text)
                t.column("position", .integer).notNull()
                t.primaryKey(["revisionId", "id"])
            }
            try db.create(table: "section") { t in
                t.column("revisionId", .text).notNull().references("revision", onDelete: .cascade)
                t.column("pageId", .text).notNull()
                t.column("position", .integer).notNull()
                t.column("id", .text).notNull()
                t.column("title", .text).notNull()
                t.column("level", .integer).notNull()
                t.primaryKey(["revisionId", "pageId", "position"])
            }
            try db.create(table: "chunkContent") { t in
                t.primaryKey("contentHash", .text)
                t.column("blocks", .blob).notNull()
                t.column("features", .blob).notNull()
            }
            // A revision's chunks in reading order; `position` is also the chunk's row in the revision's vector matrix.
            // Content is stored once per hash (`chunkContent`), shared by every revision that has the same chunk.
            try db.create(table: "chunk") { t in
                t.column("revisionId", .text).notNull().references("revision", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("pageId", .text).notNull()
                t.column("sectionId", .text).notNull()
                t.column("sectionTitle", .text).notNull()
                t.column("contentHash", .text).notNull().indexed().references("chunkContent")
                t.primaryKey(["revisionId", "position"])
            }
            try db.create(table: "matrix") { t in
                t.primaryKey("key", .text)
                t.column("dimension", .integer).notNull()
                t.column("rows", .integer).notNull()
                t.column("data", .blob).notNull()
            }
            try db.create(table: "token") { t in
                t.primaryKey("id", .text)
                t.column("organizationId", .text).notNull()
                t.column("role", .text).notNull()
                t.column("spaces", .text)
                t.column("name", .text).notNull()
                t.column("secretHash", .text).notNull().unique()
                t.column("createdAt", .datetime).notNull()
                t.column("revokedAt", .datetime)
            }
        }
        migrator.registerMigration("v2-bucket-major-vectors") { db in
            // Runs of buckets instead of one row-major BLOB per revision: no transposition at load, and no BLOB near
            // SQLite's 1 GB limit. Existing matrices are converted.
            try db.create(table: "vectorBucket") { t in
                t.column("matrixKey", .text).notNull()
                t.column("firstBucket", .integer).notNull()
                t.column("bucketCount", .integer).notNull()
                t.column("data", .blob).notNull()
                t.uniqueKey(["matrixKey", "firstBucket"])
            }
            let matrices = try Row.fetchCursor(db, sql: "SELECT key, dimension, rows, data FROM matrix")
            while let row = try matrices.next() {
                let (dimension, rows): (Int, Int) = (row["dimension"], row["rows"])
                let data: Data = row["data"]
                guard data.count == dimension * rows * MemoryLayout<Float>.size else { continue }
                let rowMajor = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
                let bucketMajor = V2.bucketMajor(rowMajor: rowMajor, dimension: dimension)
                try V2.insertBuckets(db, matrixKey: row["key"], vectors: bucketMajor, dimension: dimension)
            }
            try db.drop(table: "matrix")
        }
        migrator.registerMigration("v3-chunk-features-apart") { db in
            // A snapshot load reads every chunk's blocks and word features, not the full features (character n-grams,
            // ~10× larger, needed only to reuse them on re-import). In `chunkContent` they shared pages with the blocks,
            // so a load read them all; they now live in tables of their own.
            try db.create(table: "chunkFeatures") { t in
                t.primaryKey("contentHash", .text).references("chunkContent", onDelete: .cascade)
                t.column("features", .blob).notNull()
            }
            try db.create(table: "chunkWords") { t in
                t.primaryKey("contentHash", .text).references("chunkContent", onDelete: .cascade)
                t.column("words", .blob).notNull()
            }
            let rows = try Row.fetchCursor(db, sql: "SELECT contentHash, features FROM chunkContent")
            while let row = try rows.next() {
                let features: Data = row["features"]
                try db.execute(
                    sql: "INSERT INTO chunkFeatures (contentHash, features) VALUES (?, ?)",
                    arguments: [row["contentHash"], features]
                )
                try db.execute(
                    sql: "INSERT INTO chunkWords (contentHash, words) VALUES (?, ?)",
                    arguments: [row["contentHash"], V3.words(ofSerializedFeatures: features)]
                )
            }
            try db.alter(table: "chunkContent") { t in t.drop(column: "features") }
        }
        migrator.registerMigration("v4-revision-vocabulary") { db in
            // Each revision's surface words with their chunk counts, for typo tolerance. Revisions imported before
            // have none and are not backfilled (that would need today's tokenizer in a frozen migration): a search
            // over such a space corrects nothing until it is re-imported.
            try db.create(table: "revisionVocabulary") { t in
                t.primaryKey("revisionId", .text).references("revision", onDelete: .cascade)
                t.column("words", .blob).notNull()
            }
        }
        migrator.registerMigration("v5-sites") { db in
            // GitBook sites imported from docs.yaml folders. A site space names its space by id without a foreign key:
            // a purged space leaves the row behind, and readers skip it.
            try db.create(table: "site") { t in
                t.primaryKey("id", .text)
                t.column("organizationId", .text).notNull().indexed()
                t.column("title", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull()
            }
            try db.create(table: "siteSpace") { t in
                t.primaryKey("id", .text)
                t.column("siteId", .text).notNull().indexed().references("site", onDelete: .cascade)
                t.column("spaceId", .text).notNull()
                t.column("section", .text)
                t.column("isDefault", .boolean).notNull()
                t.column("position", .integer).notNull()
            }
        }
        migrator.registerMigration("v6-insights") { db in
            // What readers searched and asked (the query log), what they thought of answers and pages, and the site
            // events clients track. Rows name spaces and pages by id without foreign keys: insights outlive a purged
            // space until their own retention ends, and readers skip what no longer exists.
            try db.create(table: "insightsKey") { t in
                t.primaryKey("id", .integer)
                t.column("key", .blob).notNull()
            }
            try db.create(table: "queryLog") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("organizationId", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("query", .text).notNull()
                t.column("normalizedQuery", .text).notNull()
                t.column("resultCount", .integer).notNull()
                t.column("pageHits", .integer).notNull()
                t.column("sectionHits", .integer).notNull()
                t.column("abstained", .boolean).notNull()
                t.column("latencyMilliseconds", .double).notNull()
                t.column("answerId", .text).indexed()
                t.column("siteId", .text)
                t.column("origin", .text).notNull()
                t.column("clientAddress", .text)
            }
            try db.create(index: "queryLog_on_organizationId_createdAt", on: "queryLog", columns: ["organizationId", "createdAt"])
            try db.create(index: "queryLog_on_createdAt", on: "queryLog", columns: ["createdAt"])
            try db.create(table: "queryLogSpace") { t in
                t.column("entryId", .integer).notNull().references("queryLog", onDelete: .cascade)
                t.column("spaceId", .text).notNull().indexed()
                t.primaryKey(["entryId", "spaceId"])
            }
            try db.create(table: "queryLogPage") { t in
                t.column("entryId", .integer).notNull().references("queryLog", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("spaceId", .text).notNull()
                t.column("pageId", .text).notNull()
                t.column("path", .text).notNull()
                t.primaryKey(["entryId", "position"])
            }
            try db.create(table: "answerFeedback") { t in
                t.column("organizationId", .text).notNull()
                t.column("answerId", .text).notNull()
                t.column("rating", .text).notNull()
                t.column("comment", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull().indexed()
                t.primaryKey(["organizationId", "answerId"])
            }
            try db.create(table: "pageFeedback") { t in
                t.column("organizationId", .text).notNull()
                t.column("spaceId", .text).notNull()
                t.column("pageId", .text).notNull()
                t.column("visitorId", .text).notNull()
                t.column("rating", .text).notNull()
                t.column("revisionId", .text)
                t.column("createdAt", .datetime).notNull()
                t.column("updatedAt", .datetime).notNull().indexed()
                t.primaryKey(["spaceId", "pageId", "visitorId"])
            }
            try db.create(table: "insightsEvent") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("organizationId", .text).notNull()
                t.column("siteId", .text).notNull()
                t.column("type", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("siteSpaceId", .text)
                t.column("spaceId", .text)
                t.column("pageId", .text)
                t.column("visitorId", .text)
                t.column("sessionId", .text)
                t.column("query", .text)
                t.column("data", .text).notNull()
            }
            try db.create(index: "insightsEvent_on_siteId_createdAt", on: "insightsEvent", columns: ["siteId", "createdAt"])
            try db.create(index: "insightsEvent_on_createdAt", on: "insightsEvent", columns: ["createdAt"])
        }
        migrator.registerMigration("v7-visitor-keys") { db in
            // Visitor keys (role `visitor`) name the web origins a browser may use them from; other tokens have none.
            try db.alter(table: "token") { t in t.add(column: "allowedOrigins", .text) }
        }
        migrator.registerMigration("v8-page-markdown") { db in
            // Each page's published markdown (GitBook blocks rendered, includes resolved), for `page.md`,
            // `llms-full.txt` and the MCP `get_page` tool. Revisions imported before have none (the source folder
            // is gone): their pages are listed but their markdown is missing until the space is re-imported.
            try db.create(table: "pageMarkdown") { t in
                t.column("revisionId", .text).notNull().references("revision", onDelete: .cascade)
                t.column("pageId", .text).notNull()
                t.column("markdown", .text).notNull()
                t.primaryKey(["revisionId", "pageId"])
            }
        }
        migrator.registerMigration("v9-quantized-vectors") { db in
            // Chunk vectors as 8-bit codes of their non-zero buckets, ~1.3 KB a chunk instead of 16 KB of Float32 at
            // D 4,096; the index regroups them by bucket at load. Stored matrices are converted.
            try db.create(table: "vectorRows") { t in
                t.column("matrixKey", .text).notNull()
                t.column("firstRow", .integer).notNull()
                t.column("rowCount", .integer).notNull()
                t.column("data", .blob).notNull()
                t.primaryKey(["matrixKey", "firstRow"])
            }
            for matrixKey in try String.fetchAll(db, sql: "SELECT DISTINCT matrixKey FROM vectorBucket") {
                try V9.convert(db, matrixKey: matrixKey)
            }
            try db.drop(table: "vectorBucket")
        }
        migrator.registerMigration("v10-chunk-breadcrumb") { db in
            // Each chunk's breadcrumb (JSON array), so that a re-import can take a removed chunk's vocabulary words
            // away without the page it came from. Content stored before has none: its space's next import analyses
            // every chunk, once.
            try db.alter(table: "chunkContent") { t in t.add(column: "breadcrumb", .blob) }
        }
        migrator.registerMigration("v11-no-chunk-features") { db in
            // A chunk's full features (character n-grams: ~12 KB, three quarters of the database) were kept only to
            // reuse them on re-import. A re-import now updates the previous revision and analyses again, from its text
            // and breadcrumb, only what it takes away.
            try db.drop(table: "chunkFeatures")
        }
        migrator.registerMigration("v12-binary-blocks") { db in
            // Blocks and breadcrumbs as length-prefixed strings (`BlockEncoding`) instead of JSON: a snapshot load
            // decodes every chunk's blocks, ~0.4 s of a 100k-chunk load as JSON. Stored content is converted.
            try V12.convert(db)
        }
        migrator.registerMigration("v13-chunk-words-in-content") { db in
            // A chunk's word features beside its blocks: every snapshot load reads both, and joining a second table by
            // content hash cost ~0.1 s of a 100k-chunk load's one-thread read and ~280 bytes a chunk of keys. (They were
            // set apart, in v3, from the full features, which are gone.) Content without words keeps none: its space is
            // reported for re-import.
            try db.alter(table: "chunkContent") { t in t.add(column: "words", .blob) }
            try db.execute(
                sql: "UPDATE chunkContent SET words = (SELECT words FROM chunkWords WHERE chunkWords.contentHash = chunkContent.contentHash)"
            )
            try db.drop(table: "chunkWords")
        }
        migrator.registerMigration("v14-chunk-vectors") { db in
            // Each chunk's vector beside its content, by content hash, instead of one matrix per revision: a re-import
            // then writes the vectors of its new chunks only, and neither reads nor rewrites the rest. The vectors of
            // a model with idf inside them depend on their whole space, not on the chunk: they are not moved, and
            // their spaces are reported for re-import.
            try db.alter(table: "chunkContent") { t in t.add(column: "vector", .blob) }
            try V14.convert(db)
            try db.drop(table: "vectorRows")
            // Content that a re-import must not reuse as it is, found without reading the table.
            try db.execute(sql: "CREATE INDEX chunkContent_incomplete ON chunkContent (contentHash) WHERE words IS NULL OR vector IS NULL")
        }
        migrator.registerMigration("v15-page-versions") { db in
            // A revision is a list of page versions, and a page version (its row, headings, chunk references and
            // markdown, keyed by a hash of all of them) is shared by every revision that has the page unchanged: a
            // re-import writes the pages that changed and one short row per page, not every section and chunk again.
            // Existing pages become versions keyed by revision and page id, which no import computes: each space's
            // next import writes its pages once more.
            try db.create(table: "pageVersion") { t in
                t.primaryKey("key", .text)
                t.column("id", .text).notNull()
                t.column("path", .text).notNull()
                t.column("title", .text).notNull()
                t.column("description", .text)
                t.column("sourcePath", .text).notNull()
                t.column("parentPath", .text)
                t.column("markdown", .text)
            }
            try db.create(table: "pageVersionSection") { t in
                t.column("pageVersion", .text).notNull().references("pageVersion", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("id", .text).notNull()
                t.column("title", .text).notNull()
                t.column("level", .integer).notNull()
                t.primaryKey(["pageVersion", "position"])
            }
            try db.create(table: "pageVersionChunk") { t in
                t.column("pageVersion", .text).notNull().references("pageVersion", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("sectionId", .text).notNull()
                t.column("sectionTitle", .text).notNull()
                t.column("contentHash", .text).notNull().indexed().references("chunkContent")
                t.primaryKey(["pageVersion", "position"])
            }
            try db.create(table: "revisionPage") { t in
                t.column("revisionId", .text).notNull().references("revision", onDelete: .cascade)
                t.column("position", .integer).notNull()
                t.column("pageVersion", .text).notNull().indexed().references("pageVersion")
                t.primaryKey(["revisionId", "position"])
            }
            try db.execute(
                sql: """
                    INSERT INTO pageVersion (key, id, path, title, description, sourcePath, parentPath, markdown)
                    SELECT page.revisionId || '/' || page.id, page.id, page.path, page.title, page.description, page.sourcePath,
                        page.parentPath, pageMarkdown.markdown
                    FROM page LEFT JOIN pageMarkdown ON pageMarkdown.revisionId = page.revisionId AND pageMarkdown.pageId = page.id;
                    INSERT INTO revisionPage (revisionId, position, pageVersion)
                    SELECT revisionId, position, revisionId || '/' || id FROM page;
                    INSERT INTO pageVersionSection (pageVersion, position, id, title, level)
                    SELECT revisionId || '/' || pageId, position, id, title, level FROM section
                    WHERE revisionId || '/' || pageId IN (SELECT key FROM pageVersion);
                    INSERT INTO pageVersionChunk (pageVersion, position, sectionId, sectionTitle, contentHash)
                    SELECT revisionId || '/' || pageId, ROW_NUMBER() OVER (PARTITION BY revisionId, pageId ORDER BY position) - 1,
                        sectionId, sectionTitle, contentHash
                    FROM chunk WHERE revisionId || '/' || pageId IN (SELECT key FROM pageVersion);
                    """
            )
            for table in ["chunk", "section", "pageMarkdown", "page"] { try db.drop(table: table) }
        }
        return migrator
    }
}
