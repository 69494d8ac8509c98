import AskbookCore
import Foundation
import Testing

/// Folders written as an attacker would: every way out of the imported folder, YAML and include bombs, symbolic-link
/// loops, nesting that would exhaust a stack. Each must end quickly with nothing from outside and a reason.
@Suite struct HostileFolderTests {
    static let secret = "TOPSECRET"

    @Test(arguments: [
        "../outside/secret.md", "../../../../../../../../etc/passwd", "%2e%2e/outside/secret.md", "sub/../../outside/secret.md",
        "/../outside/secret.md",
    ])
    func summaryLinksOutOfTheFolderAreSkippedWithAReason(link: String) throws {
        let site = try HostileSite(files: ["SUMMARY.md": "* [Home](README.md)\n* [Out](\(link))\n", "README.md": "# Home\n\nWelcome."])
        let content = try SpaceLoader().load(path: site.space, spaceID: "s")[0]
        #expect(content.pages.map(\.path) == [""])
        #expect(content.issues.contains { $0.reason.contains("leaves the imported folder") || $0.reason.contains("no such file") })
        try site.expectNoSecret(in: content)
    }

    @Test(arguments: ["../outside/secret.md", "../../../../../../../../etc/passwd", ".gitbook/includes/../../../outside/secret"])
    func includesOutOfTheFolderAreLeftOutWithAReason(reference: String) throws {
        let site = try HostileSite(files: ["README.md": "# Home\n\nBefore.\n\n{% include \"\(reference)\" %}\n\nAfter."])
        let content = try SpaceLoader().load(path: site.space, spaceID: "s")[0]
        #expect(content.pages.count == 1)
        #expect(content.issues.contains { $0.reason.contains("include") && $0.reason.contains("left out") })
        try site.expectNoSecret(in: content)
    }

    @Test(arguments: [
        (".gitbook.yaml", "root: ../outside\n"),
        (".gitbook.yaml", "structure:\n  readme: ../../outside/secret.md\n"),
        (".gitbook.yaml", "structure:\n  summary: ../outside/SUMMARY.md\n"),
        ("docs.yaml", "spaces:\n  - type: space\n    title: Out\n    content:\n      directory: ../outside\n"),
    ])
    func configurationPointingOutOfTheFolderFailsTheLoad(file: String, yaml: String) throws {
        let site = try HostileSite(files: [file: yaml, "README.md": "# Home\n\nWelcome."])
        #expect {
            _ = try SpaceLoader().load(path: site.space, spaceID: "s")
        } throws: { error in
            "\(error)".contains("leaves the imported folder")
        }
    }

    @Test func symbolicLinksOutOfTheFolderAreSkipped() throws {
        let site = try HostileSite(files: ["README.md": "# Home\n\nWelcome."])
        try site.link("leak.md", to: site.outside + "/secret.md")
        try site.link("leakdir", to: site.outside)
        try site.link("passwd.md", to: "/etc/passwd")
        let content = try SpaceLoader().load(path: site.space, spaceID: "s")[0]
        #expect(content.pages.map(\.path) == [""])
        #expect(Set(content.issues.map(\.path)) == ["leak.md", "leakdir", "passwd.md"])
        #expect(content.issues.allSatisfy { $0.reason.contains("symbolic link leads outside") })
        try site.expectNoSecret(in: content)
    }

    @Test func symbolicLinkLoopsEndAndAreReportedOnce() throws {
        let site = try HostileSite(files: ["README.md": "# Home\n\nWelcome.", "sub/page.md": "# Page\n\nText."])
        try site.link("sub/up1", to: "..")
        try site.link("sub/up2", to: "..")
        try site.link("self", to: ".")
        let started = ContinuousClock.now
        let content = try SpaceLoader().load(path: site.space, spaceID: "s")[0]
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(content.pages.map(\.path) == ["", "sub/page"])
        #expect(content.issues.filter { $0.reason.contains("loop") }.count == 3)
    }

    @Test func billionLaughsInTheConfigurationIsRefused() throws {
        let site = try HostileSite(files: [".gitbook.yaml": Self.billionLaughs, "README.md": "# Home\n\nWelcome."])
        #expect {
            _ = try SpaceLoader().load(path: site.space, spaceID: "s")
        } throws: { error in
            "\(error)".contains("aliases")
        }
    }

    @Test func billionLaughsInFrontMatterSkipsThePage() throws {
        let site = try HostileSite(files: ["README.md": "# Home\n\nWelcome.", "bomb.md": "---\n\(Self.billionLaughs)---\n# Bomb\n\nText."])
        let content = try SpaceLoader().load(path: site.space, spaceID: "s")[0]
        #expect(content.pages.map(\.path) == [""])
        #expect(content.issues.contains { $0.path == "bomb.md" && $0.reason.contains("aliases") })
    }

    @Test func deeplyNestedFlowYAMLIsRefused() throws {
        let yaml = "root: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n"
        let site = try HostileSite(files: [".gitbook.yaml": yaml, "README.md": "# Home\n\nWelcome."])
        #expect(throws: AskbookError.self) { _ = try SpaceLoader().load(path: site.space, spaceID: "s") }
    }

    @Test func includeBombStaysWithinThePageBudget() throws {
        let big = String(repeating: "All work and no play makes a dull page. ", count: 26_000)  // ~1 MB
        let includes = String(repeating: "{% include \"big.md\" %}\n", count: 200)
        let site = try HostileSite(files: ["README.md": "# Home\n\n\(includes)", "big.md": big])
        var limits = ImportLimits()
        limits.maxIncludedBytesPerPage = 4 << 20
        let content = try SpaceLoader(limits: limits).load(path: site.space, spaceID: "s")[0]
        let home = try #require(content.pages.first { $0.path == "" })
        let text = home.sections.flatMap(\.blocks).map(\.text.utf8.count).reduce(0, +)
        #expect(text <= 4 << 20)
        #expect(content.issues.contains { $0.reason.contains("includes pass 4 MiB") })
    }

    @Test func nestedIncludesStopAtTheDepthLimit() throws {
        let site = try HostileSite(files: [
            "README.md": "# Home\n\n{% include \"a.md\" %}", "a.md": "level one {% include \"b.md\" %}", "b.md": "level two {% include \"c.md\" %}",
            "c.md": "level three {% include \"README.md\" %}",
        ])
        let content = try SpaceLoader().load(path: site.space, spaceID: "s")[0]
        let home = try #require(content.pages.first { $0.path == "" })
        let text = home.sections.flatMap(\.blocks).map(\.text).joined(separator: " ")
        #expect(text.contains("level two") && !text.contains("level three"))
    }

    @Test func aMillionNestedQuotesAndListsParse() throws {
        let quotes = String(repeating: "> ", count: 200_000) + "deep quote"
        let lists = String(repeating: "- ", count: 200_000) + "deep item"
        let emphasis = String(repeating: "*", count: 50_000) + "x" + String(repeating: "*", count: 50_000)
        let site = try HostileSite(files: [
            "README.md": "# Home\n\n\(quotes)\n\n\(lists)\n\n\(emphasis)\n",
            "SUMMARY.md": "\(lists.replacingOccurrences(of: "deep item", with: "[Home](README.md)"))\n",
        ])
        let content = try SpaceLoader().load(path: site.space, spaceID: "s")[0]
        let text = content.pages.flatMap(\.sections).flatMap(\.blocks).map(\.text).joined(separator: " ")
        #expect(text.contains("deep quote") && text.contains("deep item"))
    }

    @Test func aFolderPastTheByteBudgetFailsTheLoad() throws {
        let page = String(repeating: "Lorem ipsum dolor sit amet. ", count: 2_000)
        var files: [String: String] = [:]
        for i in 0..<20 { files["page\(i).md"] = "# Page \(i)\n\n\(page)" }
        let site = try HostileSite(files: files)
        var limits = ImportLimits()
        limits.maxTotalBytes = 200_000
        #expect {
            _ = try SpaceLoader(limits: limits).load(path: site.space, spaceID: "s")
        } throws: { error in
            "\(error)".contains("the limit for one import")
        }
    }

    // MARK: Helpers

    static let billionLaughs = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

        """
}

/// A temporary folder holding `space/` (what is imported) beside `outside/` (what must never be read); removed when
/// the test ends.
final class HostileSite {
    let base: String
    var space: String { base + "/space" }
    var outside: String { base + "/outside" }

    init(files: [String: String]) throws {
        base = FileManager.default.temporaryDirectory.appendingPathComponent("askbook-hostile-\(UUID().uuidString)").path
        try write(["SUMMARY.md": "* [Secret](secret.md)\n", "secret.md": "# Secret\n\n\(HostileFolderTests.secret) root x 0 0"], under: outside)
        try FileManager.default.createDirectory(atPath: space, withIntermediateDirectories: true)
        try write(files, under: space)
    }

    deinit { try? FileManager.default.removeItem(atPath: base) }

    func link(_ name: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: space + "/" + name, withDestinationPath: target)
    }

    func expectNoSecret(in content: SpaceContent) throws {
        let text = content.pages.flatMap(\.sections).flatMap(\.blocks).map(\.text).joined(separator: "\n")
        #expect(!text.contains(HostileFolderTests.secret))
        #expect(!text.contains("root:x:0:0"))
    }

    private func write(_ files: [String: String], under folder: String) throws {
        for (path, text) in files {
            let url = URL(fileURLWithPath: folder + "/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
    }
}

@Suite struct BoundedYAMLTests {
    @Test(arguments: [
        "a: *x", "- *x", "[*x]", "{\"a\":*x}", "? *x", "a: [1, *x]", "\u{FEFF}*x", "a: y\u{2028}*x", "a: \"q\n*x", "a: |\n  - *x",
        "a: b # c\n*x: 1",
    ])
    func aliasesAreFoundWhereverANodeMayStart(yaml: String) {
        #expect(BoundedYAML.hasAlias(yaml))
    }

    @Test(arguments: ["description: Use *emphasis* here", "title: 2 * 3", "a: b*c", "note: '*'", "x: *"])
    func starsThatCannotBeAliasesPass(yaml: String) {
        #expect(!BoundedYAML.hasAlias(yaml))
    }

    @Test func anAliasAsAMappingKeyIsRefusedBeforeYamsHashesIt() throws {
        let yaml = HostileFolderTests.billionLaughs + "j: {*i: 1}\n"
        #expect {
            _ = try BoundedYAML().load(yaml, what: "bomb.yaml")
        } throws: { error in
            "\(error)".contains("aliases")
        }
    }

    @Test func ordinaryConfigurationLoads() throws {
        let yaml = "root: ./docs/\nstructure:\n  readme: README.md\n  summary: SUMMARY.md\n# a comment\nredirects: {old: new.md}\n"
        #expect(try BoundedYAML().load(yaml, what: ".gitbook.yaml") != nil)
    }
}

extension HostileFolderTests {
    @Test func folderTreesDeeperThanTheLimitAreCutAndReported() throws {
        let deep = Array(repeating: "sub", count: 40).joined(separator: "/")
        let site = try HostileSite(files: ["README.md": "# Home\n\nWelcome.", "\(deep)/page.md": "# Deep\n\nText.", "sub/near.md": "# Near\n\nText."])
        let content = try SpaceLoader().load(path: site.space, spaceID: "s")[0]
        #expect(content.pages.map(\.path) == ["", "sub/near"])
        #expect(content.issues.count == 1 && content.issues[0].reason.contains("deeper than 32"))
    }
}

@Suite struct NestingCapTests {
    @Test func markersPastTheCapAreEscapedAndReadAsText() {
        let line = String(repeating: "- ", count: 40) + "deep"
        let capped = NestingCap.capped("# Title\n\n" + line + "\n")
        #expect(capped.contains(String(repeating: "- ", count: 32) + "\\- "))
        let quotes = NestingCap.capped(String(repeating: "> ", count: 33) + "x")
        #expect(quotes == String(repeating: "> ", count: 32) + "\\> x")
        let ordered = NestingCap.capped(String(repeating: "1. ", count: 33) + "x")
        #expect(ordered.hasSuffix("1\\. x"))
    }

    @Test func ordinaryMarkdownIsUntouched() {
        let markdown = "# T\n\n- a\n  - b\n    1. c\n> quote\n>> nested\n* * *\n-not a list\n2024. A year\n"
        #expect(NestingCap.capped(markdown) == markdown)
    }
}
