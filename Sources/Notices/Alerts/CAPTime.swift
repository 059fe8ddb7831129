import Foundation
import MadoguchiCore

/// CAP 1.2 times: `YYYY-MM-DDThh:mm:ss+09:00`, Japan time, whole seconds, never `Z`.
public enum CAPTime {
    public static func format(_ date: Date) -> String {
        TimestampText.japanISO8601(wholeSeconds(date))
    }

    /// The date truncated to whole seconds (what `sent` stores and references repeat).
    public static func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}

/// XML text escaping for the documents this module writes (CAP, Atom, RSS).
public enum XMLText {
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            // Characters XML 1.0 does not allow are left out.
            case _ where c.value < 0x20 && c != "\n" && c != "\t" && c != "\r": continue
            case _ where c.value == 0xFFFE || c.value == 0xFFFF: continue
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
