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
}
