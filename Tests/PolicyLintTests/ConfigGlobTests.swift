import PolicyLint
import XCTest

final class ConfigGlobTests: XCTestCase {
    func testGlobForms() {
        XCTAssertTrue(Glob("*.draft.yaml").matches("a/b/x.draft.yaml"))
        XCTAssertFalse(Glob("*.draft.yaml").matches("a/b/x.yaml"))
        XCTAssertTrue(Glob("drafts/").matches("drafts/x.yaml"))
        XCTAssertTrue(Glob("drafts").matches("policies/drafts/old/x.yaml"))
        XCTAssertFalse(Glob("/drafts").matches("policies/drafts/x.yaml"))
        XCTAssertTrue(Glob("legal/**").matches("legal/a/b.yaml"))
        XCTAssertFalse(Glob("legal/*.yaml").matches("legal/a/b.yaml"))
        XCTAssertTrue(Glob("legal/*.yaml").matches("legal/b.yaml"))
        XCTAssertTrue(Glob("**/terms/*.yml").matches("x/y/terms/t.yml"))
        XCTAssertTrue(Glob("**/terms/*.yml").matches("terms/t.yml"))
        XCTAssertTrue(Glob("policies/{shop,desk}.yaml").matches("policies/desk.yaml"))
        XCTAssertTrue(Glob("v[0-9].yaml").matches("v3.yaml"))
        XCTAssertFalse(Glob("v[!0-9].yaml").matches("v3.yaml"))
        XCTAssertTrue(Glob("./shop/?.yaml").matches("shop/a.yaml"))
    }

    func testIgnoreIsRelativeToTheConfigurationFolder() throws {
        let c = try configuration("ignore: [drafts/, '*.draft.yaml']\n", directory: "/project")
        XCTAssertTrue(c.isIgnored("/project/drafts/a.yaml"))
        XCTAssertTrue(c.isIgnored("/project/shop/a.draft.yaml"))
        XCTAssertFalse(c.isIgnored("/project/shop/a.yaml"))
        XCTAssertFalse(c.isIgnored("/elsewhere/a.yaml"))
    }
}
