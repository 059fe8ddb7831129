import MadoguchiCore
import Plot

/// The dashboard: who is signed in with which roles, the fiscal year, and live figures.
enum StaffDashboardPage {
    struct Figures {
        let staffCount: Int
        let departmentCount: Int
        let auditEntryCount: Int
    }

    static func render(municipality: Municipality, staff: Staff, figures: Figures, today: CivilDate,
                       context: PageContext) -> HTML {
        let l = context.language
        let fy = municipality.fiscalYear(containing: today)
        let rows: [(LocalizedText, String)] = [
            (LocalizedText(ja: "本日", en: "Today"), l == .ja ? Wareki.format(today) : today.description),
            (LocalizedText(ja: "年度", en: "Fiscal year"), l == .ja ? "\(fy.warekiLabel)（\(fy.gregorianLabel)）" : "FY\(fy.startYear)"),
            (LocalizedText(ja: "役割", en: "Roles"), staff.roles.sorted().map { $0.label.text(l) }.joined(separator: "、")),
            (LocalizedText(ja: "職員アカウント数", en: "Staff accounts"), String(figures.staffCount)),
            (LocalizedText(ja: "部署数", en: "Departments"), String(figures.departmentCount)),
            (LocalizedText(ja: "監査ログ件数", en: "Audit log entries"), String(figures.auditEntryCount)),
        ]
        return Layout.page(
            title: context.t(UIStrings.dashboard), context: context,
            .p(.text(l == .ja ? "\(staff.displayName)さん、お疲れさまです。" : "Welcome, \(staff.displayName).")),
            .table(.attr("class", "summary"),
                   .caption(.text(municipality.name(in: l))),
                   .tbody(.forEach(rows) { label, value in
                       .tr(.th(.attr("scope", "row"), .text(label.text(l))), .td(.text(value)))
                   }))
        )
    }
}
