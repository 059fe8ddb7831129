import Notices
import XCTest

/// The body's Markdown subset: only paragraphs, lists, links, headings and emphasis come out.
final class SafeMarkdownTests: XCTestCase {
    typealias N = SafeMarkdown.Node

    func testTheSubsetBecomesNodes() {
        let nodes = SafeMarkdown.parse("# 見出し\n\n本文の**強調**と[市のサイト](https://example.jp/a?b=1&c=2)。\n\n- 一つ目\n- 二つ目\n\n1. 最初\n2. 次\n")
        XCTAssertEqual(nodes, [
            .heading(2, [.text("見出し")]),
            .paragraph([.text("本文の"), .strong([.text("強調")]), .text("と"), .link(href: "https://example.jp/a?b=1&c=2", [.text("市のサイト")]), .text("。")]),
            .list(ordered: false, items: [[.text("一つ目")], [.text("二つ目")]]),
            .list(ordered: true, items: [[.text("最初")], [.text("次")]]),
        ])
    }

    func testRawHTMLAndScriptAreText() {
        let nodes = SafeMarkdown.parse("<script>alert(1)</script>\n\n段落に<img src=x onerror=alert(1)>と<b>太字</b>")
        let text = SafeMarkdown.plainText(nodes)
        XCTAssertTrue(text.contains("<script>alert(1)</script>"), text)
        XCTAssertTrue(text.contains("<img src=x onerror=alert(1)>"), text)
        let html = SafeMarkdown.html(nodes)
        XCTAssertFalse(html.contains("<script"), html)
        XCTAssertFalse(html.contains("<img"), html)
        XCTAssertFalse(html.contains("<b>"), html)
        XCTAssertTrue(html.contains("&lt;script&gt;"), html)
    }

    func testOnlyHTTPAndMailtoLinksSurvive() {
        for bad in ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>", "vbscript:x", "//evil.example/", "/relative",
                    "https://", "http://exa mple.jp/"] {
            let nodes = SafeMarkdown.parse("[押してください](\(bad))")
            XCTAssertFalse(SafeMarkdown.html(nodes).contains("<a "), "\(bad) → \(SafeMarkdown.html(nodes))")
            XCTAssertTrue(SafeMarkdown.plainText(nodes).contains("押してください"), bad)
        }
        // A quote ends Markdown's link target (the rest is a title): the attribute never opens.
        let quoted = SafeMarkdown.html(SafeMarkdown.parse("[x](https://example.jp/\"onmouseover=\"alert(1))"))
        XCTAssertFalse(quoted.contains("onmouseover=\""), quoted)
        for good in ["https://example.jp/", "http://example.jp/page", "mailto:bousai@example.jp"] {
            let nodes = SafeMarkdown.parse("[連絡先](\(good))")
            XCTAssertEqual(nodes, [.paragraph([.link(href: good, [.text("連絡先")])])], good)
        }
    }

    func testHostileTextIsEscapedOnceAndHugeInputIsBounded() {
        // An entity in Markdown stands for its character (as CommonMark reads it), and is escaped once on output.
        let nodes = SafeMarkdown.parse("a & b < c > d \" e ' f &amp; g")
        XCTAssertEqual(SafeMarkdown.plainText(nodes).trimmingCharacters(in: .whitespacesAndNewlines), "a & b < c > d \" e ' f & g")
        XCTAssertEqual(SafeMarkdown.html(nodes), "<p>a &amp; b &lt; c &gt; d &quot; e &#39; f &amp; g</p>")
        let deep = String(repeating: "> ", count: 500) + "x"
        XCTAssertTrue(SafeMarkdown.plainText(SafeMarkdown.parse(deep)).contains("x"))
        let huge = String(repeating: "あ", count: 300_000)
        XCTAssertLessThanOrEqual(SafeMarkdown.plainText(SafeMarkdown.parse(huge)).count, SafeMarkdown.maxInputLength + 1)
        // Code and tables stay text.
        let code = SafeMarkdown.html(SafeMarkdown.parse("```\n<iframe>\n```\n\n`<svg onload=x>`"))
        XCTAssertFalse(code.contains("<iframe") || code.contains("<svg") || code.contains("<code") || code.contains("<pre"), code)
    }
}
