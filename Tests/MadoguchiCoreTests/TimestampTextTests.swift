import Foundation
import MadoguchiCore
import XCTest

/// TimestampText writes exactly what a DateFormatter with the same fixed format writes.
final class TimestampTextTests: XCTestCase {
    func testSameTextAsDateFormatterFrom1902To2037() {
        let ckan = formatter("yyyy-MM-dd'T'HH:mm:ss.SSSSSS", zone: TimeZone(identifier: "UTC")!)
        let minutes = formatter("yyyy-MM-dd HH:mm", zone: TimeZone(secondsFromGMT: 9 * 3600)!)
        let seconds = formatter("yyyy-MM-dd HH:mm:ss", zone: TimeZone(secondsFromGMT: 9 * 3600)!)
        let iso = formatter("yyyy-MM-dd'T'HH:mm:ssxxx", zone: TimeZone(secondsFromGMT: 9 * 3600)!)
        var generator = SplitMix(seed: 20_261_129)
        var dates: [Date] = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -1),
                             Date(timeIntervalSince1970: 951_782_400), // 2000-02-29 00:00 UTC
                             Date(timeIntervalSince1970: 1_798_729_199.999)] // the last millisecond of 2026 in Japan
        for _ in 0..<20_000 {
            // Whole milliseconds (DateFormatter writes no finer) between 1902 and 2037, where a Date
            // holds every millisecond to well under a microsecond.
            let millis = Int64(generator.next() % 4_260_000_000_000) - 2_130_000_000_000
            dates.append(Date(timeIntervalSince1970: Double(millis) / 1000))
        }
        for date in dates {
            XCTAssertEqual(TimestampText.ckan(date), ckan.string(from: date), "\(date.timeIntervalSince1970)")
            XCTAssertEqual(TimestampText.japanMinutes(date), minutes.string(from: date), "\(date.timeIntervalSince1970)")
            XCTAssertEqual(TimestampText.japanSeconds(date), seconds.string(from: date), "\(date.timeIntervalSince1970)")
            XCTAssertEqual(TimestampText.japanISO8601(date), iso.string(from: date), "\(date.timeIntervalSince1970)")
        }
    }

    func testMicrosecondsAreWrittenNotMilliseconds() {
        XCTAssertEqual(TimestampText.ckan(Date(timeIntervalSince1970: 1_798_729_199.999_999)), "2026-12-31T14:59:59.999999")
        XCTAssertEqual(TimestampText.japanSeconds(Date(timeIntervalSince1970: 1_798_729_199.999_999)), "2026-12-31 23:59:59")
        XCTAssertEqual(TimestampText.ckan(Date(timeIntervalSince1970: -0.25)), "1969-12-31T23:59:59.750000")
    }

    func testExtremeDatesStayWithinFourDigitYears() {
        XCTAssertEqual(TimestampText.japanMinutes(.distantFuture), "4001-01-01 09:00")
        XCTAssertEqual(TimestampText.japanMinutes(Date(timeIntervalSince1970: 1e15)), "9999-12-31 23:59")
        XCTAssertEqual(TimestampText.ckan(.distantPast).prefix(10), "0001-01-01")
        XCTAssertEqual(TimestampText.ckan(Date(timeIntervalSince1970: .infinity)).prefix(4), "9999")
        XCTAssertEqual(TimestampText.ckan(Date(timeIntervalSince1970: -.infinity)).prefix(4), "0001")
    }

    private func formatter(_ format: String, zone: TimeZone) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.calendar = Calendar(identifier: .gregorian)
        formatter.timeZone = zone
        formatter.dateFormat = format
        return formatter
    }
}

/// A small deterministic generator, so a failure names a reproducible date.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
