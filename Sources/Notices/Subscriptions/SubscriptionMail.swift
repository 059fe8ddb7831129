import Foundation
import Mail
import MadoguchiCore

/// The texts of the module's mails, in the subscriber's language (plain text).
enum SubscriptionMail {
    struct Text { var subject: String, body: String }

    static func confirmation(municipality: Municipality, link: String, language: String) -> Text {
        if language == "en" {
            return Text(subject: "[\(municipality.nameEnglish)] Please confirm your e-mail subscription", body: """
                Someone (we hope you) asked to receive notices from \(municipality.nameEnglish) at this address.

                To confirm, open this link within 48 hours and press the button on the page:
                \(link)

                If it was not you, ignore this mail: nothing will be sent to you.
                """)
        }
        return Text(subject: "【\(municipality.name)】メール配信の登録の確認", body: """
            \(municipality.name)のお知らせのメール配信に、このアドレスで登録の申込みがありました。

            登録を完了するには、48時間以内に次のリンクを開き、表示されるボタンを押してください。
            \(link)

            お心当たりのない場合は、このメールを破棄してください。今後メールが届くことはありません。
            """)
    }

    static func manage(municipality: Municipality, link: String, language: String) -> Text {
        if language == "en" {
            return Text(subject: "[\(municipality.nameEnglish)] Your e-mail subscription", body: """
                This address already receives notices from \(municipality.nameEnglish).

                To change what you receive or to stop, open this link within 48 hours:
                \(link)

                If you did not ask for this, ignore this mail: nothing changes.
                """)
        }
        return Text(subject: "【\(municipality.name)】メール配信の登録内容", body: """
            このアドレスは、すでに\(municipality.name)のお知らせのメール配信に登録されています。

            配信内容の変更や配信の停止は、48時間以内に次のリンクから行えます。
            \(link)

            お心当たりのない場合は、このメールを破棄してください。登録内容は変わりません。
            """)
    }

    /// The lines at the end of every notice or alert mail, with the subscriber's own links (template
    /// parts: the links end with the subscriber's token field).
    static func footer(manage: [MailTemplate.Part], unsubscribe: [MailTemplate.Part], language: String) -> [MailTemplate.Part] {
        if language == "en" {
            return [.text("\n\n--\nChange what you receive: ")] + manage + [.text("\nStop these mails: ")] + unsubscribe + [.text("\n")]
        }
        return [.text("\n\n--\n配信内容の変更: ")] + manage + [.text("\n配信の停止: ")] + unsubscribe + [.text("\n")]
    }

    /// RFC 8058 one-click unsubscribe: the HTTPS link a mail client POSTs `List-Unsubscribe=One-Click` to.
    static func unsubscribeHeaders(_ link: String) throws -> [MailHeader] {
        [try MailHeader(name: "List-Unsubscribe", value: "<\(link)>"),
         try MailHeader(name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click")]
    }

    /// The same headers as template parts (the link's value: `<`, the link with its token field, `>`).
    static func unsubscribeHeaders(_ value: [MailTemplate.Part]) -> [MailTemplate.Header] {
        [MailTemplate.Header(name: "List-Unsubscribe", value: value),
         MailTemplate.Header(name: "List-Unsubscribe-Post", value: [.text("List-Unsubscribe=One-Click")])]
    }
}
