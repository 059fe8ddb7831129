import MadoguchiCore

/// The text of the written notices a request produces: the decision notice and the extension
/// notice. Plain text for the lead to place in a letter template; the requester's name is passed
/// in (decrypted by the caller) and never stored in the notice record.
public enum RequestNotice {
    public static func decisionNotice(kind: PrivacyRequestKind, decision: PrivacyRequestDecision, grounds: String?,
                                requesterName: String, receivedOn: CivilDate, decidedOn: CivilDate, bodyName: String) -> String {
        var lines = [
            Wareki.format(decidedOn),
            "\(requesterName) 様",
            bodyName,
            "",
            "保有個人情報の\(kind.label.replacingOccurrences(of: "請求", with: ""))決定通知書",
            "",
            "\(Wareki.format(receivedOn))付けで受け付けた\(kind.label)について、次のとおり決定しました。",
            "決定の内容：\(decision.label(for: kind))",
        ]
        if let grounds, decision.requiresGrounds { lines.append("理由：\(grounds)") }
        if decision != .full {
            lines.append("この決定に不服がある場合は、この決定があったことを知った日の翌日から起算して3か月以内に審査請求をすることができます。")
        }
        return lines.joined(separator: "\n")
    }

    public static func extensionNotice(kind: PrivacyRequestKind, requesterName: String, receivedOn: CivilDate, newDueDate: CivilDate,
                                 reason: String, noticeOn: CivilDate, bodyName: String) -> String {
        [
            Wareki.format(noticeOn),
            "\(requesterName) 様",
            bodyName,
            "",
            "\(kind.label)に係る決定期間の延長について（通知）",
            "",
            "\(Wareki.format(receivedOn))付けで受け付けた\(kind.label)について、次のとおり決定期間を延長します。",
            "延長後の期間：\(Wareki.format(newDueDate))まで",
            "延長の理由：\(reason)",
        ].joined(separator: "\n")
    }
}
