import MadoguchiCore

/// A counter (窓口) where a resident does procedures: a section's desk in city hall, or an outside
/// office such as the pension office. Named `ServiceCounter` because `Counter` is the module.
public struct ServiceCounter: Sendable, Hashable, Codable, Identifiable {
    public let id: String
    public let name: String
    public let department: String
    /// Where it is, as printed on the 受付案内票 (「本庁舎1階 3番窓口」).
    public let location: String
    /// Lower visits first. 市民課 comes first because the 住民票 change it records is what the
    /// other sections look up; outside offices come last.
    public let visitOrder: Int
    /// Outside city hall (年金事務所, 法務局…): listed last on the slip, and never visited in person
    /// on the same trip by assumption.
    public let external: Bool
    public let phone: String?
}
