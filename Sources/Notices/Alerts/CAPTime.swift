import Foundation

/// CAP 1.2 times: `YYYY-MM-DDThh:mm:ss+09:00`, Japan time, whole seconds, never `Z`.
public enum CAPTime {
    public static func format(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = NoticeInputParsing.japan
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d+09:00", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
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
