extension ComposedAnswer {
    /// What an abstaining answer says, in markdown and in the document form alike.
    public static let abstentionText = "I could not find an answer to that in the documentation."
    /// What introduces the closest pages an abstaining answer lists after `abstentionText`.
    public static let closestPagesText = "The closest pages are:"

    /// An abstention's first paragraph as plain text: `abstentionText`, then `abstentionNote` when there is one.
    public var abstentionParagraph: String {
        abstentionNote.isEmpty ? Self.abstentionText : Self.abstentionText + " " + abstentionNote
    }
}
