import Foundation
import MadoguchiCore

/// A 施策's whole definition (header and the sheet's fixed parts), as a version keeps it.
public struct MeasureDefinition: Codable, Sendable, Equatable {
    public var code, policyName, name, leadDepartment, relatedDepartments, author: String
    public var content: MeasureContent

    public init(code: String, policyName: String, name: String, leadDepartment: String, relatedDepartments: String, author: String,
                content: MeasureContent) {
        self.code = code
        self.policyName = policyName
        self.name = name
        self.leadDepartment = leadDepartment
        self.relatedDepartments = relatedDepartments
        self.author = author
        self.content = content
    }

    init(_ measure: Measure) throws {
        self.init(code: measure.code, policyName: measure.policyName, name: measure.name, leadDepartment: measure.leadDepartment,
                  relatedDepartments: measure.relatedDepartments, author: measure.author, content: try measure.content)
    }

    func apply(to measure: Measure) throws {
        measure.code = code
        measure.policyName = policyName
        measure.name = name
        measure.leadDepartment = leadDepartment
        measure.relatedDepartments = relatedDepartments
        measure.author = author
        measure.contentJSON = try DefinitionHistory.json(content)
    }
}

/// The 施策 form as typed: every field text, by name. Built from a definition to fill the edit
/// form, checked into a definition on save; a refusal names the field and the form comes back as typed.
public struct MeasureForm: Sendable, Equatable {
    public static let indicatorSlots = 6
    public static let directionSlots = 6

    public var values: [String: String]

    public init(values: [String: String] = [:]) { self.values = values }

    public subscript(_ name: String) -> String { values[name] ?? "" }

    /// Every field, in the form's (and the sheet's) order, with its label.
    public static let fields: [(name: String, label: LocalizedText)] = {
        var f: [(String, LocalizedText)] = [
            ("code", LocalizedText(ja: "施策コード", en: "Code")),
            ("policy_name", LocalizedText(ja: "政策名", en: "Policy")),
            ("name", LocalizedText(ja: "基本施策名", en: "Measure name")),
            ("lead_department", LocalizedText(ja: "施策統括課", en: "Lead department")),
            ("related_departments", LocalizedText(ja: "主な関係課", en: "Related departments")),
            ("author", LocalizedText(ja: "記入者", en: "Author")),
            ("target_groups", LocalizedText(ja: "① 対象", en: "(1) Target")),
            ("intent", LocalizedText(ja: "② 施策の目的（意図）", en: "(2) Intent")),
        ]
        f += (1...indicatorSlots).map { ("target_indicator_\($0)", LocalizedText(ja: "③ 対象指標\($0)", en: "(3) Target indicator \($0)")) }
        f += (1...indicatorSlots).map { ("outcome_indicator_\($0)", LocalizedText(ja: "④ 成果指標\($0)", en: "(4) Outcome indicator \($0)")) }
        for n in 1...directionSlots {
            f += [("direction_\(n)_name", LocalizedText(ja: "展開方向\(n) 名称", en: "Direction \(n): name")),
                  ("direction_\(n)_purpose", LocalizedText(ja: "展開方向\(n) 目的", en: "Direction \(n): purpose")),
                  ("direction_\(n)_means", LocalizedText(ja: "展開方向\(n) 手段（1行に1つ）", en: "Direction \(n): means (one per line)"))]
        }
        f += [("first_year", LocalizedText(ja: "表の最初の年度", en: "Table's first year")),
              ("last_year", LocalizedText(ja: "表の最後の年度", en: "Table's last year")),
              ("extra_years", LocalizedText(ja: "追加で表示する年度（計画の目標年度など、任意）", en: "Extra years (e.g. the plan's target year, optional)"))]
        return f
    }()

    public static func label(_ name: String) -> LocalizedText {
        fields.first { $0.name == name }?.label ?? LocalizedText(ja: name, en: name)
    }

    public init(_ d: MeasureDefinition) {
        var v: [String: String] = ["code": d.code, "policy_name": d.policyName, "name": d.name, "lead_department": d.leadDepartment,
                                   "related_departments": d.relatedDepartments, "author": d.author,
                                   "target_groups": d.content.targetGroups.joined(separator: "\n"), "intent": d.content.intent]
        for (i, id) in d.content.targetIndicators.prefix(Self.indicatorSlots).enumerated() { v["target_indicator_\(i + 1)"] = id }
        for (i, id) in d.content.outcomeIndicators.prefix(Self.indicatorSlots).enumerated() { v["outcome_indicator_\(i + 1)"] = id }
        for (i, direction) in d.content.directions.prefix(Self.directionSlots).enumerated() {
            v["direction_\(i + 1)_name"] = direction.name
            v["direction_\(i + 1)_purpose"] = direction.purpose
            v["direction_\(i + 1)_means"] = direction.means.joined(separator: "\n")
        }
        let columns = DefinitionFields.columnFields(d.content.columns)
        v["first_year"] = columns.first
        v["last_year"] = columns.last
        v["extra_years"] = columns.extra
        self.init(values: v.filter { !$0.value.isEmpty })
    }

    /// Checks every field in the form's order and throws the first problem, naming its field.
    /// `base` (the current definition, when editing) keeps what the form does not show: the
    /// indicators' notes, for the indicators still chosen.
    public func check(registry: IndicatorRegistry, base: MeasureDefinition?, today: CivilDate) throws -> MeasureDefinition {
        func label(_ name: String) -> LocalizedText { Self.label(name) }
        let code = try DefinitionFields.code(self["code"], label: label("code"))
        let policy = try DefinitionFields.text("policy_name", self["policy_name"], label: label("policy_name"), required: true)
        let name = try DefinitionFields.text("name", self["name"], label: label("name"), required: true)
        let lead = try DefinitionFields.text("lead_department", self["lead_department"], label: label("lead_department"), required: true)
        let related = try DefinitionFields.text("related_departments", self["related_departments"], label: label("related_departments"))
        let author = try DefinitionFields.text("author", self["author"], label: label("author"))
        let groups = try DefinitionFields.lines("target_groups", self["target_groups"], label: label("target_groups"))
        let intent = try DefinitionFields.text("intent", self["intent"], label: label("intent"), max: DefinitionFields.maxText, multiline: true)
        let targets = try DefinitionFields.indicators("target_indicator", slots: Self.indicatorSlots, values: values,
                                                      label: LocalizedText(ja: "③ 対象指標", en: "Target indicator"), registry: registry)
        let outcomes = try DefinitionFields.indicators("outcome_indicator", slots: Self.indicatorSlots, values: values,
                                                       label: LocalizedText(ja: "④ 成果指標", en: "Outcome indicator"), registry: registry)
        var directions: [MeasureContent.Direction] = []
        for n in 1...Self.directionSlots {
            let prefix = "direction_\(n)"
            let dName = try DefinitionFields.text("\(prefix)_name", self["\(prefix)_name"], label: label("\(prefix)_name"))
            let purpose = try DefinitionFields.text("\(prefix)_purpose", self["\(prefix)_purpose"], label: label("\(prefix)_purpose"),
                                                    max: DefinitionFields.maxText, multiline: true)
            let means = try DefinitionFields.lines("\(prefix)_means", self["\(prefix)_means"], label: label("\(prefix)_means"))
            if dName.isEmpty && purpose.isEmpty && means.isEmpty { continue }
            guard !dName.isEmpty else {
                throw IndicatorsError.invalid("\(prefix)_name", ja: "\(label("\(prefix)_name").ja)を入力してください（目的か手段が書かれています）",
                                              en: "Enter \(label("\(prefix)_name").en) (its purpose or means are filled in)")
            }
            directions.append(.init(name: dName, purpose: purpose, means: means))
        }
        let columns = try DefinitionFields.columns(first: self["first_year"], last: self["last_year"], extra: self["extra_years"],
                                                   range: DefinitionFields.columnRange(today: today))
        let chosen = Set(targets + outcomes)
        let notes = (base?.content.indicatorNotes ?? [:]).filter { chosen.contains($0.key) }
        return MeasureDefinition(code: code, policyName: policy, name: name, leadDepartment: lead, relatedDepartments: related, author: author,
                                 content: MeasureContent(targetGroups: groups, intent: intent, targetIndicators: targets,
                                                         outcomeIndicators: outcomes, directions: directions, columns: columns,
                                                         indicatorNotes: notes))
    }
}
