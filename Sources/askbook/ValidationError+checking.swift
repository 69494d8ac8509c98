import ArgumentParser
import AskbookCore

extension ValidationError {
    /// Runs the core's checks in a `validate()`, so a refused option gets the core's message as a usage error.
    static func checking(_ checks: () throws -> Void) throws {
        do { try checks() } catch let error as AskbookError { throw ValidationError(error.description) }
    }
}
