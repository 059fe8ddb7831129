import Foundation

/// Timestamps in the fixed formats the pages, CKAN and the CSV exports write, computed from the
/// seconds since 1970 without a `DateFormatter` (creating one costs more than rendering the page it
/// is used on; the dataset list made one per date per resource per request).
///
/// Japan time is UTC+9 all year (no daylight saving since 1951, before any record here).
public enum TimestampText {
    /// `2026-11-22T00:30:00.123456`: UTC, microseconds, no zone, as CKAN writes timestamps.
    public static func ckan(_ date: Date) -> String {
        let parts = Parts(date, offsetSeconds: 0)
        return "\(parts.date)T\(parts.time).\(pad(parts.microseconds, 6))"
    }

    /// `2026-11-22 09:30` in Japan time.
    public static func japanMinutes(_ date: Date) -> String {
        let parts = Parts(date, offsetSeconds: 9 * 3600)
        return "\(parts.date) \(pad(parts.hour, 2)):\(pad(parts.minute, 2))"
    }

    /// `2026-11-22 09:30:05` in Japan time.
    public static func japanSeconds(_ date: Date) -> String {
        let parts = Parts(date, offsetSeconds: 9 * 3600)
        return "\(parts.date) \(parts.time)"
    }

    /// `2026-11-22T09:30:05+09:00`: ISO 8601 in Japan time with its offset, whole seconds (feeds,
    /// JSON exports, CAP).
    public static func japanISO8601(_ date: Date) -> String {
        let parts = Parts(date, offsetSeconds: 9 * 3600)
        return "\(parts.date)T\(parts.time)+09:00"
    }

    private struct Parts {
        let date: String
        let hour: Int
        let minute: Int
        let second: Int
        let microseconds: Int

        var time: String { "\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2))" }

        init(_ date: Date, offsetSeconds: Int) {
            // The nearest whole microsecond (a Date holds binary fractions: 0.078 is 0.07799995…),
            // clamped to years 1–9999.
            let interval = min(max(date.timeIntervalSince1970, -62_135_596_800), 253_402_300_800)
            let whole = interval.rounded(.down)
            let fraction = Int(((interval - whole) * 1_000_000).rounded())
            let micros = min(max(Int(whole) * 1_000_000 + fraction + offsetSeconds * 1_000_000,
                                 -62_135_596_800_000_000), 253_402_300_799_999_999)
            let seconds = micros >= 0 ? micros / 1_000_000 : (micros - 999_999) / 1_000_000
            microseconds = micros - seconds * 1_000_000
            let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
            let secondOfDay = seconds - days * 86_400
            hour = secondOfDay / 3600
            minute = secondOfDay % 3600 / 60
            second = secondOfDay % 60
            let civil = CivilDate(dayNumber: days)
            self.date = civil.description
        }
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
