import MadoguchiCore

/// The four values of an indicator for a year (数値区分).
public enum IndicatorSeries: String, Sendable, CaseIterable, Codable {
    case baseline, target, actual, forecast

    public var label: LocalizedText {
        switch self {
        case .baseline: return LocalizedText(ja: "成り行き値", en: "Baseline trend")
        case .target: return LocalizedText(ja: "目標値", en: "Target")
        case .actual: return LocalizedText(ja: "実績値", en: "Actual")
        case .forecast: return LocalizedText(ja: "見込み値", en: "Forecast")
        }
    }
}
