import Foundation
import MadoguchiCore

/// 基本4情報: what staff enter once in assisted counter mode (書かない窓口) and every form reuses.
/// For a bereavement it is the applicant's (the 届出人's); facts about the deceased come from the
/// answers.
public struct BasicFourItems: Sendable, Hashable, Codable {
    public let name: String
    public let address: String
    public let birthDate: CivilDate
    public let sex: String

    public init(name: String, address: String, birthDate: CivilDate, sex: String) {
        self.name = name
        self.address = address
        self.birthDate = birthDate
        self.sex = sex
    }

    enum CodingKeys: String, CodingKey { case name, address, birthDate = "birth_date", sex }

    /// Rejects what staff cannot have meant: an empty name or address, a birth date in the future.
    public func validate(today: CivilDate) throws(CounterError) {
        var problems: [FieldProblem] = []
        func add(_ field: String, _ ja: String, _ en: String) {
            problems.append(FieldProblem(field: field, message: LocalizedText(ja: ja, en: en)))
        }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { add("name", "「氏名」を入力してください。", "Name is required.") }
        if address.trimmingCharacters(in: .whitespaces).isEmpty { add("address", "「住所」を入力してください。", "Address is required.") }
        if birthDate > today { add("birth_date", "「生年月日」に未来の日付は入力できません。", "Date of birth cannot be in the future.") }
        if birthDate.year < 1890 { add("birth_date", "「生年月日」の年が古すぎます。", "Date of birth is too far in the past.") }
        if !problems.isEmpty { throw CounterError(problems: problems) }
    }
}
