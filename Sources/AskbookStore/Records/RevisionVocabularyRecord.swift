import Foundation
import GRDB

/// A row of `revisionVocabulary`: a revision's surface words with their chunk counts (`Vocabulary.serialized()`),
/// read by every snapshot load for typo tolerance.
struct RevisionVocabularyRecord: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "revisionVocabulary"

    var revisionId: String
    var words: Data

    enum Columns {
        static let revisionId = Column(CodingKeys.revisionId)
        static let words = Column(CodingKeys.words)
    }
}
