import Privacy
import XCTest

final class CheckDigitTests: XCTestCase {
    func testMyNumberCheckDigit() {
        XCTAssertEqual(MyNumber.checkDigit(base: [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]), 8)
        XCTAssertNotNil(MyNumber("123456789018"))
        XCTAssertNotNil(MyNumber("１２３４ ５６７８ ９０１８"), "full-width digits with spaces")
        XCTAssertNotNil(MyNumber("1234-5678-9018"))
        XCTAssertNil(MyNumber("123456789012"), "wrong check digit")
        XCTAssertNil(MyNumber("12345678901"), "11 digits")
    }

    func testMyNumberNeverPrintsItself() {
        let number = MyNumber("123456789018")!
        XCTAssertEqual("\(number)", "********9018")
        XCTAssertEqual(String(reflecting: number), "MyNumber(********9018)")
        XCTAssertFalse("\([number])".contains("12345678"))
    }

    func testCorporateNumber() {
        XCTAssertTrue(CorporateNumber.isValid("4011001098993"))
        XCTAssertTrue(CorporateNumber.isValid("2120901007402"))
        XCTAssertFalse(CorporateNumber.isValid("5011001098993"))
        XCTAssertFalse(CorporateNumber.isValid("401100109899"))
    }
}
