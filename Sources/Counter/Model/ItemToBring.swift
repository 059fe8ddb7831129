import MadoguchiCore

/// Something the resident brings (持ち物); `when` limits it to some cases (e.g. the 介護保険証 only
/// if the deceased held one).
public struct ItemToBring: Sendable, Hashable, Codable {
    public let name: String
    public let note: String?
    public let when: Condition?
}
