import AskbookCore
import HTTPTypes
import Hummingbird

/// `GET /v1/`: the API version and build date; needs no token.
struct InfoController {
    struct Info: Encodable {
        var version: String
        var build: String
    }

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("v1") { _, _ in JSONResponse.make(Info(version: AskbookVersion.version, build: AskbookVersion.build)) }
    }
}
