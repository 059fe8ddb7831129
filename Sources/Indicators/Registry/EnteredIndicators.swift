import MadoguchiCore

/// The indicators no module computes, entered by staff per fiscal year: population and the sheets'
/// cost rows (kept per 施策). The survey's percentages are the Surveys module's (computed from its
/// answers, entered for the years before it ran online).
enum EnteredIndicators {
    static func entered(_ id: String, _ ja: String, _ en: String, unit: IndicatorUnit, kind: IndicatorKind,
                        direction: IndicatorDirection = .neutral, definition: LocalizedText, source: LocalizedText,
                        perMeasure: Bool = false) -> IndicatorDeclaration {
        IndicatorDeclaration(id: "indicators.\(id)", title: LocalizedText(ja: ja, en: en), unit: unit, kind: kind, direction: direction,
                             definition: definition, source: source, computation: .entered, perMeasure: perMeasure)
    }

    static let accounts = LocalizedText(ja: "決算（各課の集計）", en: "The settled accounts (per department)")

    static func cost(_ id: String, _ ja: String, _ en: String, unit: IndicatorUnit = .thousandYen) -> IndicatorDeclaration {
        entered(id, ja, en, unit: unit, kind: .cost, definition: LocalizedText(ja: "施策に属する事務事業の\(ja)の合計", en: "Sum over the measure's programmes"),
                source: accounts, perMeasure: true)
    }

    static let all: [IndicatorDeclaration] = [
        entered("population", "人口", "Population", unit: .persons, kind: .target,
                definition: LocalizedText(ja: "住民基本台帳による総人口", en: "Total population in the basic resident register"),
                source: LocalizedText(ja: "住民基本台帳（各年度1月1日現在）", en: "Basic resident register (1 January of each fiscal year)")),
        entered("departments_using_resident_data", "市民情報を使用する部課数", "Departments using residents' data",
                unit: .departments, kind: .target,
                definition: LocalizedText(ja: "個人情報ファイルを保有する部課の数", en: "Departments holding a personal-information file"),
                source: LocalizedText(ja: "個人情報ファイル簿", en: "The personal-information file register")),
        cost("cost_national", "国庫支出金", "National subsidies"),
        cost("cost_prefectural", "都道府県支出金", "Prefectural subsidies"),
        cost("cost_bonds", "地方債", "Local bonds"),
        cost("cost_other", "その他", "Other revenue"),
        cost("cost_general", "一般財源", "General revenue"),
        cost("work_hours", "延べ業務時間", "Staff hours", unit: .hours),
        cost("personnel_cost", "人件費計", "Personnel cost"),
        cost("programme_count", "事務事業数", "Programmes", unit: .programmes),
        cost("settled_amount", "決算額、当初予算額又は推進計画額", "Settled, budgeted or planned amount"),
        cost("staff_regular", "人数（一般）", "Staff (regular)", unit: .staffYears),
        cost("staff_reappointed", "人数（再任用）", "Staff (reappointed)", unit: .staffYears),
        cost("average_cost_regular", "1人当り年間平均人件費（一般）", "Average yearly personnel cost (regular)"),
        cost("average_cost_reappointed", "1人当り年間平均人件費（再任用）", "Average yearly personnel cost (reappointed)"),
        entered("review_board_meetings", "審査会開催数", "Review board meetings", unit: .times, kind: .activity,
                definition: LocalizedText(ja: "年度内に開催した情報公開・個人情報保護審査会の回数", en: "Meetings of the review board in the year"),
                source: LocalizedText(ja: "審査会の記録", en: "The board's minutes")),
        entered("security_training_attendees", "情報セキュリティ研修受講者数", "Staff trained in information security", unit: .persons,
                kind: .activity, direction: .higherIsBetter,
                definition: LocalizedText(ja: "年度内に情報セキュリティ研修を受講した職員の数", en: "Staff who attended security training in the year"),
                source: LocalizedText(ja: "研修の受講記録", en: "Training records")),
        entered("cost_per_resident", "市民一人当たりの負担額", "Cost per resident", unit: .yenPerPerson, kind: .outcome,
                direction: .lowerIsBetter,
                definition: LocalizedText(ja: "総事業費 ÷ 市内総人口（総事業費は千円単位を円に換算）", en: "Total programme cost ÷ population (in yen)"),
                source: LocalizedText(ja: "事務事業評価シートの総事業費と住民基本台帳人口", en: "The sheet's total cost and the resident register"),
                perMeasure: true),
    ]
}

/// Indicators derived from other modules' figures.
enum DerivedIndicators {
    static let all: [IndicatorDeclaration] = [
        IndicatorDeclaration(
            id: "indicators.digital_takeup", title: LocalizedText(ja: "オンライン申請の割合", en: "Digital take-up"),
            unit: .percent, kind: .outcome, direction: .higherIsBetter,
            definition: LocalizedText(ja: "電子申請件数 ÷（電子申請件数 ＋ 窓口支援の受付件数）× 100",
                                      en: "Online applications ÷ (online applications + assisted counter sessions) × 100"),
            source: LocalizedText(ja: "電子申請の受付記録と窓口支援受付記録", en: "Online receipts and assisted counter sessions"),
            computation: .ratio(numerator: ["forms.applications_by_month"],
                                denominator: ["forms.applications_by_month", "counter.sessions"], scale: 100)),
    ]
}
