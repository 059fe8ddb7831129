import MadoguchiCore

/// Japan's national holidays (国民の祝日に関する法律), computed rather than listed so deadlines work
/// for any year without a yearly data update.
///
/// Covers the law as amended up to 2020: fixed dates, Happy Monday days, the equinox days by the
/// usual approximation (valid 1980–2099), 振替休日 (a holiday on Sunday moves to the next
/// non-holiday) and 国民の休日 (a day between two holidays). Includes the 2019 enthronement days and
/// the 2020/2021 Olympic moves. The Cabinet announces the equinox days each February; if it ever
/// differs from the formula, the announcement wins and this file must change.
public enum JapaneseHolidays {
    /// The holidays of a year, with their names.
    public static func holidays(in year: Int) -> [CivilDate: String] {
        var named: [CivilDate: String] = [:]
        func add(_ month: Int, _ day: Int, _ name: String) {
            if let d = CivilDate(year: year, month: month, day: day) { named[d] = name }
        }
        add(1, 1, "元日")
        add(1, nthMonday(2, month: 1, year: year), "成人の日")
        add(2, 11, "建国記念の日")
        if year >= 2020 { add(2, 23, "天皇誕生日") } else if (1989...2018).contains(year) { add(12, 23, "天皇誕生日") }
        add(3, vernalEquinoxDay(year), "春分の日")
        add(4, 29, "昭和の日")
        add(5, 3, "憲法記念日")
        add(5, 4, "みどりの日")
        add(5, 5, "こどもの日")
        switch year {
        case 2020: add(7, 23, "海の日"); add(7, 24, "スポーツの日"); add(8, 10, "山の日")
        case 2021: add(7, 22, "海の日"); add(7, 23, "スポーツの日"); add(8, 8, "山の日")
        default:
            add(7, nthMonday(3, month: 7, year: year), "海の日")
            if year >= 2016 { add(8, 11, "山の日") }
            add(10, nthMonday(2, month: 10, year: year), year >= 2020 ? "スポーツの日" : "体育の日")
        }
        add(9, nthMonday(3, month: 9, year: year), "敬老の日")
        add(9, autumnalEquinoxDay(year), "秋分の日")
        add(11, 3, "文化の日")
        add(11, 23, "勤労感謝の日")
        if year == 2019 {
            add(5, 1, "天皇の即位の日"); add(10, 22, "即位礼正殿の儀の行われる日")
        }
        addCitizensHolidays(&named)
        addSubstituteHolidays(&named)
        return named
    }

    /// Whether `date` is a national holiday (substitute holidays included).
    public static func isHoliday(_ date: CivilDate) -> Bool { name(of: date) != nil }

    public static func name(of date: CivilDate) -> String? { holidays(in: date.year)[date] }

    /// Day of March of the vernal equinox (春分日), by the standard approximation for 1980–2099.
    public static func vernalEquinoxDay(_ year: Int) -> Int {
        Int(20.8431 + 0.242194 * Double(year - 1980)) - (year - 1980) / 4
    }

    /// Day of September of the autumnal equinox (秋分日), same approximation.
    public static func autumnalEquinoxDay(_ year: Int) -> Int {
        Int(23.2488 + 0.242194 * Double(year - 1980)) - (year - 1980) / 4
    }

    private static func nthMonday(_ n: Int, month: Int, year: Int) -> Int {
        let first = CivilDate(year: year, month: month, day: 1)!
        let offset = (1 - first.weekday + 7) % 7
        return 1 + offset + 7 * (n - 1)
    }

    /// 国民の休日: a weekday squeezed between two holidays is itself a holiday (e.g. 2026-09-22).
    private static func addCitizensHolidays(_ named: inout [CivilDate: String]) {
        for day in named.keys {
            let middle = day.adding(days: 1)
            if named[middle] == nil, named[middle.adding(days: 1)] != nil, middle.weekday != 0 {
                named[middle] = "国民の休日"
            }
        }
    }

    /// 振替休日: a holiday falling on a Sunday moves to the next day that is not already a holiday.
    private static func addSubstituteHolidays(_ named: inout [CivilDate: String]) {
        for day in named.keys.sorted() where day.weekday == 0 {
            var next = day.adding(days: 1)
            while named[next] != nil { next = next.adding(days: 1) }
            if next.year == day.year { named[next] = "休日（振替休日）" }
        }
    }
}
