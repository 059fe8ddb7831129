import MadoguchiCore
import Notices

/// The banner's wording for an active alert (Layout shows it on every page).
enum AlertBannerText {
    static func banner(_ alert: AlertQueries.Active, municipalityCode: String) -> PageContext.AlertBanner {
        PageContext.AlertBanner(
            level: alert.level.label,
            areas: LocalizedText(ja: "対象地区：" + alert.areaNames.joined(separator: "、"), en: "Areas: " + alert.areaNamesEnglish.joined(separator: ", ")),
            instruction: LocalizedText(ja: alert.instruction, en: alert.instructionEnglish),
            href: "/\(municipalityCode)/alerts")
    }
}

extension UIStrings {
    static let alertDetails = LocalizedText(ja: "避難情報の詳細", en: "Alert details")
}
