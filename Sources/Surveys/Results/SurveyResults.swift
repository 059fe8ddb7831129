import FluentKit
import Foundation
import MadoguchiCore
import Privacy

/// A survey's answers aggregated per question, and per question with counted options a breakdown
/// by age band × area protected by small-cell suppression (`SmallCellSuppression` from Privacy):
/// a cell with fewer than `threshold` respondents (1–9; 0 reveals no one) is shown as 「—」, then
/// complementary cells — in the same row or column, the total row and column included — until no
/// line has a single hidden cell, so no hidden count follows from the totals by subtraction. The
/// share in a hidden cell is hidden with it.
public struct SurveyResults: Sendable {
    public static let threshold = 10
    public static let marker = "—"

    public struct ChoiceCount: Sendable, Equatable {
        public let choice: SurveyChoice
        public let count: Int
    }

    public struct Breakdown: Sendable, Equatable {
        /// Column headers: the areas (and 答えない), then 合計.
        public let columns: [LocalizedText]
        /// Row headers: the age bands (and 答えない), then 合計.
        public let rows: [LocalizedText]
        /// Per cell: respondents who answered the question and the counted share in %, nil when
        /// suppressed.
        public let cells: [[Cell]]
        public let suppressedCount: Int
    }

    public struct Cell: Sendable, Equatable {
        public let n: Int?
        public let share: Double?
    }

    public struct Question: Sendable, Equatable {
        public let question: SurveyQuestion
        public let answered: Int
        public let counts: [ChoiceCount]
        /// The counted options' share of those who answered (%), nil when none answered.
        public let share: Double?
        public let breakdown: Breakdown?
    }

    public let survey: SurveyDefinition
    public let respondents: Int
    public let questions: [Question]

    public static func load(_ survey: Survey, on db: any Database) async throws -> SurveyResults {
        let definition = try survey.definition()
        let responses = try await SurveyResponse.query(on: db).filter(\.$surveyID == survey.requireID()).all()
        let decoded = responses.map { r in
            (age: r.ageBand, area: r.area, answers: (try? JSONDecoder().decode([String: String].self, from: Data(r.answersJSON.utf8))) ?? [:])
        }
        return aggregate(definition, responses: decoded)
    }

    /// The aggregation alone (what `load` does after reading), over (age band, area, answers).
    public static func aggregate(_ definition: SurveyDefinition, responses: [(age: String, area: String, answers: [String: String])]) -> SurveyResults {
        let ages = SurveyDefinition.ageBands.map(\.value) + ["none"]
        let areas = definition.areas.indices.map(SurveyDefinition.areaValue) + ["none"]
        let questions = definition.questions.map { q -> Question in
            let given = responses.compactMap { r in r.answers[q.id].map { (r.age, r.area, $0) } }
            let counted = Set(q.choices.filter(\.counts).map(\.value))
            let counts = q.choices.map { c in ChoiceCount(choice: c, count: given.filter { $0.2 == c.value }.count) }
            let positive = given.filter { counted.contains($0.2) }.count
            var breakdown: Breakdown?
            if q.hasCountedChoices {
                var n = Array(repeating: Array(repeating: 0, count: areas.count), count: ages.count)
                var yes = n
                for (age, area, value) in given {
                    let r = ages.firstIndex(of: age) ?? ages.count - 1, c = areas.firstIndex(of: area) ?? areas.count - 1
                    n[r][c] += 1
                    if counted.contains(value) { yes[r][c] += 1 }
                }
                breakdown = protect(n: n, yes: yes, rowLabels: SurveyDefinition.ageBands.map(\.label) + [SurveyDefinition.undisclosed],
                                    columnLabels: definition.areas + [SurveyDefinition.undisclosed])
            }
            return Question(question: q, answered: given.count, counts: counts, share: given.isEmpty ? nil : percent(positive, given.count),
                            breakdown: breakdown)
        }
        return SurveyResults(survey: definition, respondents: responses.count, questions: questions)
    }

    /// The table with its totals, suppressed as one frequency table of respondents.
    static func protect(n: [[Int]], yes: [[Int]], rowLabels: [LocalizedText], columnLabels: [LocalizedText]) -> Breakdown {
        let total = LocalizedText(ja: "合計", en: "Total")
        func withTotals(_ m: [[Int]]) -> [[Int]] {
            var rows = m.map { $0 + [$0.reduce(0, +)] }
            rows.append(rows[0].indices.map { c in rows.map { $0[c] }.reduce(0, +) })
            return rows
        }
        let nt = withTotals(n), yt = withTotals(yes)
        let header = ["年齢"] + columnLabels.indices.map { "c\($0)" } + ["合計"]
        let rows = nt.enumerated().map { r, row in [r == nt.count - 1 ? "合計" : "r\(r)"] + row.map(String.init) }
        let result = SmallCellSuppression(threshold: threshold, marker: marker).protect(header: header, rows: rows)
        let hidden = Set(result.primary + result.secondary)
        let cells = nt.indices.map { r in
            nt[r].indices.map { c -> Cell in
                if hidden.contains(SmallCellSuppression.Cell(row: r, column: c + 1)) { return Cell(n: nil, share: nil) }
                return Cell(n: nt[r][c], share: nt[r][c] == 0 ? nil : percent(yt[r][c], nt[r][c]))
            }
        }
        return Breakdown(columns: columnLabels + [total], rows: rowLabels + [total], cells: cells, suppressedCount: hidden.count)
    }

    /// A share in %, to one decimal place.
    static func percent(_ part: Int, _ whole: Int) -> Double {
        (Double(part) / Double(whole) * 1000).rounded() / 10
    }
}

extension SurveyResults {
    /// What the public results page shows: closed surveys (answers final) with at least
    /// `threshold` respondents, the latest fiscal years first, at most `limit`.
    public static func published(municipalityID: UUID, limit: Int = 5, on db: any Database) async throws -> [(survey: Survey, results: SurveyResults)] {
        let closed = try await Survey.query(on: db).filter(\.$municipalityID == municipalityID).filter(\.$isOpen == false)
            .sort(\.$fiscalYear, .descending).sort(\.$createdAt, .descending).limit(limit).all()
        var out: [(survey: Survey, results: SurveyResults)] = []
        for survey in closed {
            let results = try await load(survey, on: db)
            if results.respondents >= threshold { out.append((survey, results)) }
        }
        return out
    }
}
