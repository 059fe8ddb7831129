import Foundation
import MadoguchiCore

/// A status report as staff type it on their phone: every field as text, checked here.
public struct ShelterReportInput: Sendable {
    /// The most people a report or a capacity may state.
    public static let maxPeople = 100_000

    public var status: String
    public var headCount: String
    public var households: String
    /// Empty: the level the head count suggests against the capacity.
    public var crowding: String
    /// The revision of the shelter the reporter saw (a stale one is refused).
    public var revision: String

    public init(status: String, headCount: String = "", households: String = "", crowding: String = "", revision: String) {
        self.status = status
        self.headCount = headCount
        self.households = households
        self.crowding = crowding
        self.revision = revision
    }

    /// The checked report, or every problem at once, each naming its field.
    func checked(capacity: Int?) -> Result<(status: ShelterStatus, headCount: Int?, households: Int?, crowding: Crowding?, overridden: Bool, revision: Int), SheltersInputProblems> {
        var problems: [FieldProblem] = []
        let status = ShelterStatus(rawValue: self.status)
        if status == nil {
            problems.append(FieldProblem(field: "status", message: LocalizedText(ja: "「状況」を選んでください", en: "Choose a status")))
        }
        func count(_ text: String, field: String, label: String, labelEn: String) -> Int? {
            let trimmed = JapaneseText.halfWidthDigits(text.trimmingCharacters(in: .whitespaces))
            guard !trimmed.isEmpty else { return nil }
            guard trimmed.count <= 6, let value = Int(trimmed), (0...Self.maxPeople).contains(value) else {
                problems.append(FieldProblem(field: field, message: LocalizedText(
                    ja: "「\(label)」は0〜\(Self.maxPeople)の整数で入力してください", en: "\(labelEn): a whole number from 0 to \(Self.maxPeople)")))
                return nil
            }
            return value
        }
        let headCount = count(headCount, field: "head_count", label: "避難者数", labelEn: "People")
        let households = count(households, field: "households", label: "世帯数", labelEn: "Households")
        if let headCount, let households, households > headCount {
            problems.append(FieldProblem(field: "households", message: LocalizedText(
                ja: "「世帯数」は「避難者数」以下にしてください", en: "Households cannot exceed people")))
        }
        var crowding: Crowding?
        var overridden = false
        if !self.crowding.isEmpty {
            crowding = Crowding(rawValue: self.crowding)
            overridden = crowding != nil
            if crowding == nil {
                problems.append(FieldProblem(field: "crowding", message: LocalizedText(ja: "「混雑状況」を選び直してください", en: "Choose a crowding level")))
            }
        } else if status == .open, let headCount {
            crowding = Crowding.suggested(headCount: headCount, capacity: capacity)
        }
        let revision = Int(self.revision)
        if revision == nil {
            problems.append(FieldProblem(field: "revision", message: LocalizedText(ja: "画面を開き直してください", en: "Reload the page")))
        }
        guard problems.isEmpty, let status, let revision else { return .failure(SheltersInputProblems(problems)) }
        // A shelter that is not open has no crowding and no head count to show.
        if status != .open { return .success((status, headCount, households, nil, false, revision)) }
        return .success((status, headCount, households, crowding, overridden, revision))
    }
}

/// Several problems with one report, each naming its field; nothing was saved.
public struct SheltersInputProblems: Error, Sendable, Equatable {
    public let problems: [FieldProblem]
    public init(_ problems: [FieldProblem]) { self.problems = problems }
}
