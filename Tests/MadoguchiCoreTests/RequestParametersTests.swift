import Foundation
import MadoguchiCore
import XCTest

/// The one parser for request parameters: whole numbers within a range (refused or clamped),
/// bounded text without control characters.
final class RequestParametersTests: XCTestCase {
    private func field(_ call: () throws -> Any?) -> String? {
        do { _ = try call(); return nil } catch let error as ParameterError { return error.field } catch { return "other" }
    }

    func testIntegersAreWholeNumbersWithinTheirRange() throws {
        let offset = IntegerParameter("offset", in: 0...1_000_000)
        XCTAssertEqual(try offset.parse("42"), 42)
        XCTAssertEqual(try offset.parse(" 7 "), 7)
        XCTAssertEqual(try offset.parse("+3"), 3)
        XCTAssertNil(try offset.parse(nil))
        XCTAssertNil(try offset.parse(""))
        XCTAssertEqual(try offset.parse(NSNumber(value: 5)), 5)
        XCTAssertEqual(try offset.parse(5.0), 5)
        XCTAssertEqual(try offset.parse(nil, default: 9), 9)
        for bad: Any in ["-1", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1e309", "1.5", "abc", "0x10", "１２",
                         Int.max, Int.min, -1, 1e300, Double.infinity, Double.nan, 1.5, [1], ["a": 1]] {
            XCTAssertEqual(field { try offset.parse(bad) }, "offset", "\(bad)")
        }
    }

    func testClampingAboveLikeCKANRows() throws {
        let rows = IntegerParameter("rows", in: 0...1000, clampingAbove: true)
        XCTAssertEqual(try rows.parse("5000"), 1000)
        XCTAssertEqual(try rows.parse("9223372036854775808"), 1000)
        XCTAssertEqual(try rows.parse(Int.max), 1000)
        XCTAssertEqual(try rows.parse(1e300), 1000)
        XCTAssertEqual(field { try rows.parse("-1") }, "rows")
        XCTAssertEqual(field { try rows.parse("-9223372036854775809") }, "rows")
        XCTAssertEqual(field { try rows.parse("1e309") }, "rows")
    }

    func testTextIsBoundedInLengthTermsAndControlCharacters() throws {
        let q = TextParameter("q", maxLength: 10, maxTerms: 2)
        XCTAssertEqual(try q.parse("避難 所"), "避難 所")
        XCTAssertEqual(try q.parse("a\tb"), "a\tb")
        XCTAssertEqual(try q.parse(NSNumber(value: 12)), "12")
        XCTAssertNil(try q.parse(nil))
        for bad: Any in [String(repeating: "避", count: 11), String(repeating: "a", count: 100_000), "a b c", "a\u{0}b", "\u{7F}", ["x"]] {
            XCTAssertEqual(field { try q.parse(bad) }, "q", "\(bad)".prefix(20).description)
        }
        var caught: ParameterError?
        do { _ = try q.parse(String(repeating: "a", count: 11)) } catch { caught = error }
        let error = try XCTUnwrap(caught)
        XCTAssertEqual(error.kind, .malformedRequest)
        XCTAssertTrue(error.message.ja.contains("q"), "the Japanese message names the parameter")
    }
}
