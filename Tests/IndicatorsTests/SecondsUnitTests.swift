@testable import Indicators
import MadoguchiCore
import XCTest

/// The seconds unit (秒) that measured delays use (an alert's first mail after its issue): its
/// label, the decimals it is shown and entered with, and the values an entry may take.
final class SecondsUnitTests: XCTestCase {
    func testSecondsAreShownAndEnteredToATenth() throws {
        XCTAssertEqual(IndicatorUnit.seconds.label, LocalizedText(ja: "秒", en: "seconds"))
        XCTAssertFalse(IndicatorUnit.seconds.isWhole)
        XCTAssertEqual(IndicatorUnit.seconds.decimals, 1)
        XCTAssertEqual(MeasureSheet.format(30, unit: .seconds), "30.0")
        XCTAssertEqual(MeasureSheet.format(1234.5, unit: .seconds), "1,234.5")
        // Rounded to the unit's decimals, whichever unit: never more digits than it is entered with.
        XCTAssertEqual(MeasureSheet.format(1234.56, unit: .seconds), "1,234.6")
        XCTAssertEqual(MeasureSheet.format(75.66, unit: .percent), "75.7")
        XCTAssertEqual(MeasureSheet.format(1_234_567.4, unit: .persons), "1,234,567")
        XCTAssertEqual(MeasureSheet.format(1.234, unit: .staffYears), "1.23")
        XCTAssertEqual(try IndicatorValueInput.value("12.5", unit: .seconds), 12.5)
        XCTAssertEqual(try IndicatorValueInput.value("95", unit: .seconds), 95)
        XCTAssertEqual(try IndicatorValueInput.value("95秒", unit: .seconds), 95, "the unit as the sheets write it")
        for refused in ["12.55", "-1", "1e3", String(Int.max), "abc", "1.5分"] {
            XCTAssertThrowsError(try IndicatorValueInput.value(refused, unit: .seconds), refused)
        }
    }
}
