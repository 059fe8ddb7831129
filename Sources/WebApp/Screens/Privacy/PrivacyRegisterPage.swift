import MadoguchiCore
import Plot
import Privacy

/// `/{code}/privacy`: the 個人情報ファイル簿, one table per file with the items the Act requires.
enum PrivacyRegisterPage {
    static func render(_ register: PersonalInformationFileRegister, context: PageContext) -> HTML {
        let base = "/\(context.municipalityCode ?? "")/privacy"
        return Layout.page(
            title: context.t(LocalizedText(ja: "個人情報ファイル簿", en: "Register of personal-information files")), context: context,
            .p(.text(context.t(LocalizedText(
                ja: "市がこのシステムで保有する個人情報ファイルの一覧です（個人情報の保護に関する法律第75条）。各機能の宣言から自動で作成しています。",
                en: "The personal-information files the city holds in this system (Act on the Protection of Personal Information, art. 75), generated from each module's declarations.")))),
            .ul(.li(.a(.attr("href", base + "/files.csv"), .text(context.t(LocalizedText(ja: "CSVでダウンロード", en: "Download as CSV"))))),
                .li(.a(.attr("href", base + "/requests/new"), .text(context.t(LocalizedText(
                    ja: "ご自分の個人情報の開示・訂正・利用停止を請求する", en: "Ask for disclosure, correction or suspension of your information")))))),
            .forEach(register.entries) { entry in
                .div(.attr("class", "table-scroll"), .table(
                    .caption(.text(entry.items.first?.value ?? entry.fileID)),
                    .tbody(.forEach(entry.items.dropFirst()) { item in
                        .tr(.th(.attr("scope", "row"), .text(item.label)), .td(.text(item.value)))
                    })))
            }
        )
    }
}
