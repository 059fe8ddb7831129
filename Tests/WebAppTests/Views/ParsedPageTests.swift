import XCTest

/// The view tests' parser refuses the mistakes it is there to catch, so those tests can fail.
final class ParsedPageTests: XCTestCase {
    func testWellFormedMarkupParsesIntoElements() throws {
        let page = try ParsedPage(#"<!DOCTYPE html><html lang="ja"><body><main id="main"><h1>窓口 &amp; 手続き</h1><input type="text" name="a" value="&quot;x&#39;"/><br><script src="/s.js">if (a < b) {}</script></main></body></html>"#)
        XCTAssertEqual(page.lang, "ja")
        XCTAssertEqual(page.h1, ["窓口 & 手続き"])
        XCTAssertEqual(page.first("input")?["value"], "\"x'")
        XCTAssertEqual(page.fieldNames(), ["a"])
        XCTAssertEqual(page.first("script")?["src"], "/s.js")
    }

    func testBrokenOrUnescapedMarkupIsRefused() {
        let broken = [
            "<p>a & b</p>",                          // bare ampersand in text
            #"<a href="x<y">x</a>"#,                  // raw < in an attribute value
            "<div><p>x</div></p>",                    // misnested
            "<div>never closed",                      // unclosed
            #"<input name="a" name="b"/>"#,           // attribute twice
            "<a href=x>x</a>",                        // unquoted value
            "<p>1 < 2</p>",                           // bare <
        ]
        for source in broken {
            XCTAssertThrowsError(try ParsedPage(source), source)
        }
    }
}
