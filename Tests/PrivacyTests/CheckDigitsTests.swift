import XCTest
@testable import Privacy

final class CheckDigitsTests: XCTestCase {
    func testMyNumberCheckDigitFromTheReference() {
        XCTAssertEqual(CheckDigits.myNumberCheckDigit([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]), 8)
        XCTAssertTrue(CheckDigits.isValidMyNumber(CheckDigits.digits(of: "123456789018")!))
        XCTAssertFalse(CheckDigits.isValidMyNumber(CheckDigits.digits(of: "123456789019")!))
    }

    func testMyNumberRemainderZeroOrOneGivesZero() {
        // Any 11 digits whose weighted sum is ≡ 0 or 1 (mod 11) take 0.
        XCTAssertEqual(CheckDigits.myNumberCheckDigit(Array(repeating: 0, count: 11)), 0)
    }

    func testCorporateNumbersFromTheReference() {
        XCTAssertTrue(CheckDigits.isValidCorporateNumber(CheckDigits.digits(of: "4011001098993")!))
        XCTAssertTrue(CheckDigits.isValidCorporateNumber(CheckDigits.digits(of: "2120901007402")!))
        XCTAssertFalse(CheckDigits.isValidCorporateNumber(CheckDigits.digits(of: "5011001098993")!))
    }

    func testDigitsAcceptFullWidthAndSeparators() {
        XCTAssertEqual(CheckDigits.digits(of: "１２３４ ５６７８-９０１８"), [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 8])
        XCTAssertNil(CheckDigits.digits(of: "1234a"))
    }
}
