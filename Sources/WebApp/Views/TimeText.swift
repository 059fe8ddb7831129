import Foundation
import MadoguchiCore

/// Times on staff pages, in Japan time: `2026-11-22 09:30` (or with seconds for the audit log).
enum TimeText {
    static func minutes(_ date: Date?) -> String { date.map(TimestampText.japanMinutes) ?? "" }
    static func seconds(_ date: Date) -> String { TimestampText.japanSeconds(date) }
}
