import Foundation
import MadoguchiCore

/// Writes one CAP 1.2 message (OASIS Common Alerting Protocol) for an alert: `info` in ja-JP and
/// en-US, one `area` naming the districts with the municipality's code as a geocode, and
/// `references` to the earlier messages of the alert for an update or cancellation.
public struct CAPDocument: Sendable {
    public static let namespace = "urn:oasis:names:tc:emergency:cap:1.2"

    public struct Reference: Sendable, Equatable {
        public var sender: String, identifier: String, sent: Date
        public init(sender: String, identifier: String, sent: Date) { self.sender = sender; self.identifier = identifier; self.sent = sent }
    }

    public var identifier: String
    public var sender: String
    public var sent: Date
    public var messageType: AlertMessage.MessageType
    public var references: [Reference]
    public var level: AlertLevel
    public var issuance: AlertIssuance
    public var municipalityCode: String
    public var senderName: LocalizedText
    public var areaNames: LocalizedText
    public var households: Int?
    public var people: Int?
    public var instruction: LocalizedText
    public var web: String

    public var xml: String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<alert xmlns=\"\(Self.namespace)\">\n"
        func element(_ name: String, _ value: String, indent: String = "  ") { x += "\(indent)<\(name)>\(XMLText.escape(value))</\(name)>\n" }
        element("identifier", identifier)
        element("sender", sender)
        element("sent", CAPTime.format(sent))
        element("status", "Actual")
        element("msgType", messageType.rawValue)
        element("scope", "Public")
        if !references.isEmpty {
            element("references", references.map { "\($0.sender),\($0.identifier),\(CAPTime.format($0.sent))" }.joined(separator: " "))
        }
        for (language, lang) in [("ja-JP", UILanguage.ja), ("en-US", UILanguage.en)] {
            x += "  <info>\n"
            let i = "    "
            element("language", language, indent: i)
            element("category", "Safety", indent: i)
            element("event", issuance == .lift ? "\(level.name.text(lang)) \(lang == .ja ? "解除" : "lifted")" : level.name.text(lang), indent: i)
            element("responseType", responseType, indent: i)
            element("urgency", issuance == .lift ? "Past" : (level == .elderlyEvacuation ? "Expected" : "Immediate"), indent: i)
            element("severity", issuance == .lift ? "Minor" : (level == .emergencySafety ? "Extreme" : level == .evacuationOrder ? "Severe" : "Moderate"), indent: i)
            element("certainty", issuance == .lift ? "Observed" : (level == .emergencySafety ? "Observed" : "Likely"), indent: i)
            x += "\(i)<eventCode>\n"
            element("valueName", "JP.EvacuationAlertLevel", indent: i + "  ")
            element("value", String(level.rawValue), indent: i + "  ")
            x += "\(i)</eventCode>\n"
            element("senderName", senderName.text(lang), indent: i)
            element("headline", headline(lang), indent: i)
            element("description", description(lang), indent: i)
            element("instruction", issuance == .lift ? (lang == .ja ? "避難情報は解除されました。" : "The evacuation information has been lifted.") : instruction.text(lang), indent: i)
            element("web", web, indent: i)
            for (name, value) in [("LAlert.Issuance", issuance.rawValue), ("LAlert.Households", households.map(String.init)),
                                  ("LAlert.People", people.map(String.init))] {
                guard let value else { continue }
                x += "\(i)<parameter>\n"
                element("valueName", name, indent: i + "  ")
                element("value", value, indent: i + "  ")
                x += "\(i)</parameter>\n"
            }
            x += "\(i)<area>\n"
            element("areaDesc", areaNames.text(lang), indent: i + "  ")
            x += "\(i)  <geocode>\n"
            element("valueName", "JP.LGCode", indent: i + "    ")
            element("value", municipalityCode, indent: i + "    ")
            x += "\(i)  </geocode>\n"
            x += "\(i)</area>\n"
            x += "  </info>\n"
        }
        x += "</alert>\n"
        return x
    }

    private var responseType: String {
        if issuance == .lift { return "AllClear" }
        return level == .emergencySafety ? "Shelter" : "Evacuate"
    }

    private func headline(_ lang: UILanguage) -> String {
        let base = level.label.text(lang) + (issuance == .lift ? (lang == .ja ? " 解除" : " lifted") : "")
        return lang == .ja ? "\(base)（\(areaNames.ja)）" : "\(base) (\(areaNames.en))"
    }

    private func description(_ lang: UILanguage) -> String {
        var parts: [String] = []
        if lang == .ja {
            parts.append("\(senderName.ja)は、\(areaNames.ja)に\(level.label.ja)を\(issuance == .lift ? "解除しました" : "発令しました")。")
            if let households { parts.append("対象世帯数 \(households)世帯。") }
            if let people { parts.append("対象人数 \(people)人。") }
        } else {
            parts.append("\(senderName.en) has \(issuance == .lift ? "lifted" : "issued") \(level.label.en) for \(areaNames.en).")
            if let households { parts.append("Households concerned: \(households).") }
            if let people { parts.append("People concerned: \(people).") }
        }
        return parts.joined(separator: " ")
    }
}
