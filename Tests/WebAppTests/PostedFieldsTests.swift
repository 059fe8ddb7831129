import Foundation
import NIOCore
import Vapor
@testable import WebApp
import XCTest

/// `URLEncodedFields` (the one-pass reader of a posted form that `Request.postedFields` uses) reads every
/// body as Vapor's own decoder reads it into `[String: String]`, and refuses what that decoder refuses.
final class PostedFieldsTests: XCTestCase {
    static let bodies = [
        "a=1&b=2", "a=1&a=2", "a=", "a=b=c", "&&a=1&&", "", "q=event_date&answer=2026-11-20&go=next",
        "v.name=%E5%9B%BD%E7%AB%8B+%E5%A4%AA%E9%83%8E&_csrf=abc", "a+b=c+d", "a%2Bb=c%2B%2Bd", "x=%3Cb%3E%22%27%26",
        "fact.age=Int.min&fact.n=-9223372036854775808", "a=%", "a=%4", "a=%zz", "a=%FF%FE", "%=1", "=1", "a", "a&b=1",
        "a[b]=1", "a[]=1", "a]=1", "a=[1]", "%5B=1", "a=1;b=2", "名前=値", "a=\u{0}", "a=%00",
    ]

    func testReadsEveryBodyAsVaporsDecoderDoes() throws {
        let decoder = URLEncodedFormDecoder()
        for body in Self.bodies {
            let ours = URLEncodedFields.parse(ByteBuffer(string: body))
            let vapors = try? decoder.decode([String: String].self, from: body)
            XCTAssertEqual(ours, vapors, body)
        }
    }

    func testLongBodiesAndHostileValues() throws {
        let value = String(repeating: "国立市<>&\"'", count: 5_000)
        let body = "a=" + value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)! + "&b=" + String(repeating: "x", count: 100_000)
        let fields = try XCTUnwrap(URLEncodedFields.parse(ByteBuffer(string: body)))
        XCTAssertEqual(fields["a"], value)
        XCTAssertEqual(fields["b"]?.count, 100_000)
    }
}
