import MadoguchiCore

/// 目標達成度 and 前年度比較 for one indicator and year, as the sheet computes them.
public enum Achievement: String, Sendable, Equatable {
    /// 達成: the actual is at or beyond the target in the indicator's direction.
    case achieved
    /// 未達成
    case notAchieved

    public var label: LocalizedText {
        self == .achieved ? LocalizedText(ja: "達成", en: "Achieved") : LocalizedText(ja: "未達成", en: "Not achieved")
    }

    /// nil when the year has no target or no actual, or the indicator has no better direction.
    public static func of(actual: Double?, target: Double?, direction: IndicatorDirection) -> Achievement? {
        guard let actual, let target else { return nil }
        switch direction {
        case .higherIsBetter: return actual >= target ? .achieved : .notAchieved
        case .lowerIsBetter: return actual <= target ? .achieved : .notAchieved
        case .neutral: return nil
        }
    }
}

/// 前年度比較: the year's actual against the previous year's.
public enum YearOnYear: String, Sendable, Equatable {
    case improved, unchanged, worsened, increased, decreased

    public var label: LocalizedText {
        switch self {
        case .improved: return LocalizedText(ja: "向上", en: "Improved")
        case .unchanged: return LocalizedText(ja: "横ばい", en: "Unchanged")
        case .worsened: return LocalizedText(ja: "低下", en: "Worsened")
        case .increased: return LocalizedText(ja: "増加", en: "Increased")
        case .decreased: return LocalizedText(ja: "減少", en: "Decreased")
        }
    }

    public static func of(actual: Double?, previous: Double?, direction: IndicatorDirection) -> YearOnYear? {
        guard let actual, let previous else { return nil }
        if abs(actual - previous) < 1e-9 { return .unchanged }
        switch direction {
        case .higherIsBetter: return actual > previous ? .improved : .worsened
        case .lowerIsBetter: return actual < previous ? .improved : .worsened
        case .neutral: return actual > previous ? .increased : .decreased
        }
    }
}

extension Grade {
    /// 4 (1) 施策全体の成果実績目標達成度 A（高度に達成）～E（ほぼ未達成）.
    public var achievementLabel: LocalizedText {
        switch self {
        case .A: return LocalizedText(ja: "A:全ての成果指標について目標を達成した", en: "A: every outcome indicator met its target")
        case .B: return LocalizedText(ja: "B:概ね目標を達成した", en: "B: targets broadly met")
        case .C: return LocalizedText(ja: "C:一部の成果指標について目標を達成した", en: "C: some outcome indicators met their targets")
        case .D: return LocalizedText(ja: "D:目標の達成に至らなかったが成果は向上した", en: "D: targets missed, results improved")
        case .E: return LocalizedText(ja: "E:ほぼ未達成", en: "E: targets almost entirely missed")
        }
    }

    /// 4 (2) 時系列比較（過去3ヶ年の比較）A（かなり向上）～E（かなり低下）.
    public var trendLabel: LocalizedText {
        switch self {
        case .A: return LocalizedText(ja: "A:成果がかなり向上した", en: "A: results improved markedly")
        case .B: return LocalizedText(ja: "B:成果がやや向上した", en: "B: results improved somewhat")
        case .C: return LocalizedText(ja: "C:成果はほとんど変わらない（横ばい状態）", en: "C: results about the same")
        case .D: return LocalizedText(ja: "D:成果がやや低下した", en: "D: results fell somewhat")
        case .E: return LocalizedText(ja: "E:成果がかなり低下した", en: "E: results fell markedly")
        }
    }

    /// 6 (2) 総合評価: 成果実績数値の評価に定性的要素を加味した評価.
    public var overallLabel: LocalizedText {
        switch self {
        case .A: return LocalizedText(ja: "A:目標とする成果を挙げており、社会的要請にも十分応えられている。", en: "A: the intended results are achieved and society's needs fully met.")
        case .B: return LocalizedText(ja: "B:一定の成果を挙げているが、向上・改善の余地がある。", en: "B: some results, with room for improvement.")
        case .C: return LocalizedText(ja: "C:成果向上のため、一層の努力が求められる。", en: "C: more effort is needed to improve results.")
        case .D: return LocalizedText(ja: "D:成果に乏しく、改善が急務である。事業の一部に見直しが必要である。", en: "D: poor results; urgent improvement and partial review needed.")
        case .E: return LocalizedText(ja: "E:現状の事業では施策の目的を達成することが困難であるため、抜本的な見直しを要する。", en: "E: the purpose cannot be met as things are; a fundamental review is needed.")
        }
    }

    /// The mechanical rule for 4 (1): every outcome indicator with a target for the year met it → A,
    /// some → C, none → E; nil when no outcome indicator has both a target and an actual. B and D
    /// need judgement: staff choose them (`EvaluationContent.achievementGrade`).
    public static func achievement(_ results: [Achievement]) -> Grade? {
        guard !results.isEmpty else { return nil }
        let met = results.filter { $0 == .achieved }.count
        return met == results.count ? .A : met == 0 ? .E : .C
    }
}
