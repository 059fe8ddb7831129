/// A paper form the assisted counter (書かない窓口) prints pre-filled: the resident only checks and
/// signs. Each field says where its value comes from, so the basic four items are asked once.
public struct PaperForm: Sendable, Hashable, Codable {
    public let title: String
    public let fields: [Field]

    public struct Field: Sendable, Hashable, Codable {
        public let id: String
        public let label: String
        /// Where the value comes from: `resident.name`, `resident.address`, `resident.birth_date`,
        /// `resident.sex`, `event_date`, `fact:<id>`, or `blank` (written by hand at the counter).
        public let prefill: String
    }
}
