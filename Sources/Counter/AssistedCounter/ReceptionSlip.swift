import MadoguchiCore

/// The 受付案内票: the counters to visit in order, with what to do at each, printed for the
/// resident at the assisted counter.
public struct ReceptionSlip: Sendable, Hashable, Codable {
    public let residentName: String
    public let eventName: String
    public let eventDate: String
    public let stops: [Stop]

    public struct Stop: Sendable, Hashable, Codable {
        public let order: Int
        public let counterName: String
        public let location: String
        public let procedures: [String]
        public let external: Bool
    }

    enum CodingKeys: String, CodingKey { case residentName = "resident_name", eventName = "event_name", eventDate = "event_date", stops }

    public init(checklist: Checklist, resident: BasicFourItems) {
        residentName = resident.name
        eventName = checklist.eventName
        eventDate = Wareki.format(checklist.eventDate)
        stops = checklist.counters.map { visit in
            Stop(order: visit.order, counterName: visit.counter.name, location: visit.counter.location,
                 procedures: visit.procedureIDs.compactMap { id in checklist.item(id)?.name }, external: visit.external)
        }
    }
}
