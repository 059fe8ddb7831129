import Foundation
import MadoguchiCore

/// A 事務事業's whole definition (header and the sheet's fixed parts), as a version keeps it.
public struct ProgrammeDefinition: Codable, Sendable, Equatable {
    public var code, name, department, phone: String
    public var content: ProgrammeContent

    public init(code: String, name: String, department: String, phone: String, content: ProgrammeContent) {
        self.code = code
        self.name = name
        self.department = department
        self.phone = phone
        self.content = content
    }

    init(_ programme: Programme) throws {
        self.init(code: programme.code, name: programme.name, department: programme.department, phone: programme.phone,
                  content: try programme.content)
    }

    func apply(to programme: Programme) throws {
        programme.code = code
        programme.name = name
        programme.department = department
        programme.phone = phone
        programme.contentJSON = try DefinitionHistory.json(content)
    }
}

/// The 事務事業 form as typed (基本情報 and 事業概要 of seed 004), every field text by name.
public struct ProgrammeForm: Sendable, Equatable {
    public static let indicatorSlots = 6
    public static let activitySlots = 4
    /// 【基本情報】's items the form edits; the others are kept as they are.
    static let legalBasis = "根拠法令等"
    static let startYear = "事務事業開始年度"

    public var values: [String: String]

    public init(values: [String: String] = [:]) { self.values = values }

    public subscript(_ name: String) -> String { values[name] ?? "" }

    public static let fields: [(name: String, label: LocalizedText)] = {
        var f: [(String, LocalizedText)] = [
            ("code", LocalizedText(ja: "計画事業番号", en: "Programme number")),
            ("name", LocalizedText(ja: "事務事業名", en: "Programme name")),
            ("department", LocalizedText(ja: "担当部署", en: "Department")),
            ("phone", LocalizedText(ja: "電話", en: "Phone")),
            ("measure", LocalizedText(ja: "所属する施策", en: "Measure it belongs to")),
            ("legal_basis", LocalizedText(ja: "根拠法令等", en: "Legal basis")),
            ("start_year", LocalizedText(ja: "事務事業開始年度", en: "First fiscal year")),
            ("plan_1", LocalizedText(ja: "1 総合計画体系（章）", en: "1 Plan: chapter")),
            ("plan_2", LocalizedText(ja: "1 総合計画体系（節）", en: "1 Plan: section")),
            ("plan_3", LocalizedText(ja: "1 総合計画体系（施策）", en: "1 Plan: measure")),
            ("target", LocalizedText(ja: "2 対象", en: "2 Target")),
            ("purpose", LocalizedText(ja: "3 目的と内容（意図）", en: "3 Purpose (intent)")),
        ]
        for n in 1...activitySlots {
            f += [("activity_\(n)_label", LocalizedText(ja: "4 実施内容（手段）\(n) 期間", en: "4 Means \(n): period")),
                  ("activity_\(n)_text", LocalizedText(ja: "4 実施内容（手段）\(n) 内容", en: "4 Means \(n): what is done"))]
        }
        f += (1...indicatorSlots).map { ("activity_indicator_\($0)", LocalizedText(ja: "活動指標\($0)", en: "Activity indicator \($0)")) }
        f += (1...indicatorSlots).map { ("outcome_indicator_\($0)", LocalizedText(ja: "成果指標\($0)", en: "Outcome indicator \($0)")) }
        f += [("first_year", LocalizedText(ja: "表の最初の年度", en: "Table's first year")),
              ("last_year", LocalizedText(ja: "表の最後の年度", en: "Table's last year")),
              ("extra_years", LocalizedText(ja: "追加で表示する年度（任意）", en: "Extra years (optional)"))]
        return f
    }()

    public static func label(_ name: String) -> LocalizedText {
        fields.first { $0.name == name }?.label ?? LocalizedText(ja: name, en: name)
    }

    public init(_ d: ProgrammeDefinition) {
        var v: [String: String] = ["code": d.code, "name": d.name, "department": d.department, "phone": d.phone,
                                   "measure": d.content.measureCode ?? "", "target": d.content.target, "purpose": d.content.purpose]
        for item in d.content.basics {
            if item.label == Self.legalBasis { v["legal_basis"] = item.text }
            if item.label == Self.startYear { v["start_year"] = item.text }
        }
        for (i, part) in d.content.planStructure.prefix(3).enumerated() { v["plan_\(i + 1)"] = part }
        for (i, activity) in d.content.activities.prefix(Self.activitySlots).enumerated() {
            v["activity_\(i + 1)_label"] = activity.label
            v["activity_\(i + 1)_text"] = activity.text
        }
        for (i, id) in d.content.activityIndicators.prefix(Self.indicatorSlots).enumerated() { v["activity_indicator_\(i + 1)"] = id }
        for (i, id) in d.content.outcomeIndicators.prefix(Self.indicatorSlots).enumerated() { v["outcome_indicator_\(i + 1)"] = id }
        let columns = DefinitionFields.columnFields(d.content.columns)
        v["first_year"] = columns.first
        v["last_year"] = columns.last
        v["extra_years"] = columns.extra
        self.init(values: v.filter { !$0.value.isEmpty })
    }

    /// Checks every field in the form's order and throws the first problem, naming its field. `base`
    /// (the current definition) keeps what the form does not show: the other 基本情報 items, the
    /// yearly 計画・実績 and which targets are 「設定困難」. Whether the chosen 施策 exists is the command's check.
    public func check(registry: IndicatorRegistry, base: ProgrammeDefinition?, today: CivilDate) throws -> ProgrammeDefinition {
        func label(_ name: String) -> LocalizedText { Self.label(name) }
        let code = try DefinitionFields.code(self["code"], label: label("code"))
        let name = try DefinitionFields.text("name", self["name"], label: label("name"), required: true)
        let department = try DefinitionFields.text("department", self["department"], label: label("department"), required: true)
        let phone = try DefinitionFields.text("phone", self["phone"], label: label("phone"), max: 40)
        let measure = try DefinitionFields.text("measure", self["measure"], label: label("measure"), max: DefinitionFields.maxCode)
        let legal = try DefinitionFields.text("legal_basis", self["legal_basis"], label: label("legal_basis"), max: DefinitionFields.maxText)
        var start = ""
        if !self["start_year"].trimmingCharacters(in: .whitespaces).isEmpty {
            let year = try DefinitionFields.year("start_year", self["start_year"], label: label("start_year"),
                                                 range: 1926...FiscalYear(containing: today).startYear + 20)
            start = FiscalYear(startYear: year).warekiLabel
        }
        let plan = try (1...3).map { try DefinitionFields.text("plan_\($0)", self["plan_\($0)"], label: label("plan_\($0)")) }
        let target = try DefinitionFields.text("target", self["target"], label: label("target"), max: DefinitionFields.maxText, multiline: true)
        let purpose = try DefinitionFields.text("purpose", self["purpose"], label: label("purpose"), max: DefinitionFields.maxText, multiline: true)
        var activities: [LabelledText] = []
        for n in 1...Self.activitySlots {
            let period = try DefinitionFields.text("activity_\(n)_label", self["activity_\(n)_label"], label: label("activity_\(n)_label"), max: 40)
            let text = try DefinitionFields.text("activity_\(n)_text", self["activity_\(n)_text"], label: label("activity_\(n)_text"),
                                                 max: DefinitionFields.maxText, multiline: true)
            if period.isEmpty && text.isEmpty { continue }
            guard !period.isEmpty else {
                throw IndicatorsError.invalid("activity_\(n)_label", ja: "\(label("activity_\(n)_label").ja)を入力してください（内容が書かれています）",
                                              en: "Enter \(label("activity_\(n)_label").en) (the means are filled in)")
            }
            activities.append(LabelledText(period, text))
        }
        let activityIndicators = try DefinitionFields.indicators("activity_indicator", slots: Self.indicatorSlots, values: values,
                                                                 label: LocalizedText(ja: "活動指標", en: "Activity indicator"), registry: registry)
        let outcomeIndicators = try DefinitionFields.indicators("outcome_indicator", slots: Self.indicatorSlots, values: values,
                                                                label: LocalizedText(ja: "成果指標", en: "Outcome indicator"), registry: registry)
        let columns = try DefinitionFields.columns(first: self["first_year"], last: self["last_year"], extra: self["extra_years"],
                                                   range: DefinitionFields.columnRange(today: today))
        var basics = base?.content.basics ?? []
        for (item, text) in [(Self.legalBasis, legal), (Self.startYear, start)] {
            if let i = basics.firstIndex(where: { $0.label == item }) { basics[i].text = text } else { basics.append(LabelledText(item, text)) }
        }
        let chosen = Set(activityIndicators + outcomeIndicators)
        return ProgrammeDefinition(
            code: code, name: name, department: department, phone: phone,
            content: ProgrammeContent(basics: basics, planStructure: plan.allSatisfy(\.isEmpty) ? [] : plan, target: target, purpose: purpose,
                                      activities: activities, plans: base?.content.plans ?? [], columns: columns,
                                      activityIndicators: activityIndicators, outcomeIndicators: outcomeIndicators,
                                      targetNotSettable: (base?.content.targetNotSettable ?? []).filter { chosen.contains($0) },
                                      measureCode: measure.isEmpty ? nil : measure))
    }
}
