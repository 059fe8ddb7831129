import Foundation

/// Times on staff pages, in Japan time: `2026-11-22 09:30` (or with seconds for the audit log).
enum TimeText {
    static func minutes(_ date: Date?) -> String { date.map { formatter("yyyy-MM-dd HH:mm").string(from: $0) } ?? "" }
    static func seconds(_ date: Date) -> String { formatter("yyyy-MM-dd HH:mm:ss").string(from: date) }

    private static func formatter(_ format: String) -> DateFormatter {
        let formatter = DateFormatter()
        formatter.timeZone = .japan
        formatter.dateFormat = format
        return formatter
    }
}
