import Foundation
import MadoguchiCore
import Notices
@testable import WebApp
import XCTest

/// The mail subscription pages rendered as functions, in Japanese and English: what each form posts,
/// which forms carry the form token (the one-click stop does not), and the checked choices.
final class NoticeSubscriptionsViewTests: XCTestCase {
    static let areas = [NoticeArea(municipalityID: UUID(), code: "naka-1", name: "中一丁目", nameEnglish: "Naka 1-chome"),
                        NoticeArea(municipalityID: UUID(), code: "yaho", name: "谷保", nameEnglish: "Yaho")]
    static let input = SubscriptionInput(address: "hanako@example.jp", categories: ["kurashi"], areaCodes: ["yaho"], language: "en")

    func checked(_ page: ParsedPage) -> [String] {
        page.all("input").filter { $0["checked"] != nil }.compactMap { $0["id"] }.sorted()
    }

    func testTheSubscribeAndManageFormsInBothLanguages() throws {
        let problem = FieldProblem(field: "categories", message: LocalizedText(ja: "分類を1つ以上選んでください", en: "Choose a category"))
        for (lang, legend) in [(UILanguage.ja, "配信を希望する分類（1つ以上）"), (.en, "Categories (at least one)")] {
            let subscribe = try ParsedPage(NoticeSubscriptionsPage.subscribe(Self.input, areas: Self.areas, problems: [problem],
                                                                            context: viewContext(lang, path: "/132152/notices/subscribe")))
            subscribe.assertWellFormedPage(lang: lang.rawValue)
            let form = try XCTUnwrap(subscribe.first("form", "action", "/132152/notices/subscribe"))
            XCTAssertEqual(subscribe.fieldNames(in: form), ["_csrf", "address", "categories[]", "areas[]", "language"])
            XCTAssertEqual(checked(subscribe), ["area-yaho", "category-kurashi", "language-en"])
            XCTAssertEqual(subscribe.first("fieldset", "id", "categories")?.first("legend")?.text, legend)
            XCTAssertEqual(subscribe.first("fieldset", "id", "categories")?.first("p", "class", "field-problem")?.text,
                           lang == .ja ? "分類を1つ以上選んでください" : "Choose a category")
            XCTAssertNil(subscribe.first("fieldset", "id", "areas")?.first("p", "class", "field-problem"))
            XCTAssertEqual(subscribe.label(of: "area-naka-1"), lang == .ja ? "中一丁目" : "Naka 1-chome")
            XCTAssertEqual(subscribe.first("label", "for", "language-ja")?["lang"], "ja", "each language named in itself")
            XCTAssertNil(subscribe.first("label", "for", "category-kurashi")?["lang"])

            let manage = try ParsedPage(NoticeSubscriptionsPage.manage(Self.input, token: "tok", areas: Self.areas, problems: [], saved: true,
                                                                      context: viewContext(lang, path: "/132152/notices/subscription/tok")))
            manage.assertWellFormedPage(lang: lang.rawValue)
            let save = try XCTUnwrap(manage.first("form", "action", "/132152/notices/subscription/tok"))
            XCTAssertEqual(manage.fieldNames(in: save), ["_csrf", "categories[]", "areas[]", "language"])
            let stop = try XCTUnwrap(manage.first("form", "action", "/132152/notices/unsubscribe/tok"))
            XCTAssertEqual(manage.fieldNames(in: stop), [], "the stop form needs no form token (RFC 8058)")
            XCTAssertEqual(checked(manage), ["area-yaho", "category-kurashi", "language-en"])
        }
    }

    func testTheLinkAndAnswerPagesInBothLanguages() throws {
        for lang in [UILanguage.ja, .en] {
            let context = viewContext(lang, path: "/132152/notices/subscribe/confirm/tok")
            let confirm = try ParsedPage(NoticeSubscriptionsPage.confirm(token: "tok", context: context))
            confirm.assertWellFormedPage(lang: lang.rawValue)
            XCTAssertEqual(confirm.h1, [lang == .ja ? "メール配信の登録の確認" : "Confirm your subscription"])
            XCTAssertEqual(confirm.fieldNames(in: try XCTUnwrap(confirm.first("form", "action", "/132152/notices/subscribe/confirm/tok"))), ["_csrf"])
            let unsubscribe = try ParsedPage(NoticeSubscriptionsPage.unsubscribe(token: "tok", context: context))
            unsubscribe.assertWellFormedPage(lang: lang.rawValue)
            XCTAssertEqual(unsubscribe.h1, [lang == .ja ? "メール配信の停止" : "Unsubscribe"])
            XCTAssertNotNil(unsubscribe.first("form", "action", "/132152/notices/unsubscribe/tok"))
            XCTAssertEqual(unsubscribe.fieldNames(), [])
            for (page, heading) in [(NoticeSubscriptionsPage.sent(context: context), lang == .ja ? "メールを送りました" : "Please check your mail"),
                                    (NoticeSubscriptionsPage.confirmed(context: context), lang == .ja ? "登録が完了しました" : "You are subscribed"),
                                    (NoticeSubscriptionsPage.unsubscribed(context: context), lang == .ja ? "配信を停止しました" : "You are unsubscribed")] {
                let parsed = try ParsedPage(page)
                parsed.assertWellFormedPage(lang: lang.rawValue)
                XCTAssertEqual(parsed.h1, [heading])
                XCTAssertNotNil(parsed.first("p", "role", "status"))
                XCTAssertTrue(parsed.links.contains("/132152/notices"))
            }
        }
    }
}
