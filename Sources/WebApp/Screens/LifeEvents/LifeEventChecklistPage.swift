import Counter
import MadoguchiCore
import Plot

/// The navigator's result: the checklist, with buttons to change answers (back), print, and start
/// again, and a read-aloud button for browsers that can speak (hidden without JavaScript).
enum LifeEventChecklistPage {
    struct Model {
        let event: LifeEvent
        let checklist: Checklist
        let answers: FactSet
        let printView: Bool
        var onlineForms: [String: String] = [:]
    }

    static func render(_ model: Model, context: PageContext) -> HTML {
        let action = "/\(context.municipalityCode ?? "")/life-events/\(model.event.id)"
        let title = context.t(LocalizedText(ja: "\(model.event.name.ja)の手続き一覧", en: "Procedures: \(model.event.name.en)"))
        return Layout.page(
            title: title, context: context, scripts: ["/static/read-aloud.js"],
            ReadAloud.button(target: "checklist", context: context),
            model.printView ? .p(.class("notice print-hint"), .text(context.t(LocalizedText(
                ja: "印刷用の表示です。ブラウザの印刷機能で印刷してください。", en: "Printable view: use your browser's print command.")))) : .empty,
            ChecklistView.render(model.checklist, onlineForms: model.onlineForms, context: context),
            .form(.method(.post), .action(action), .class("navigator no-print"),
                  .forEach(NavigatorForm.hiddenFields(eventDate: model.checklist.eventDate, answers: model.answers, except: nil)) { field in
                      .input(.type(.hidden), .name(field.name), .value(field.value))
                  },
                  .input(.type(.hidden), .name("q"), .value(NavigatorForm.resultScreen)),
                  .div(.class("navigator-buttons"),
                       FormFields.goButton("print", context.t(LocalizedText(ja: "印刷用の表示", en: "Printable view")), primary: true),
                       FormFields.goButton("back", context.t(LocalizedText(ja: "答えを直す（戻る）", en: "Change answers (back)")), primary: false))),
            .p(.class("no-print"), .a(.href(action), .text(context.t(LocalizedText(ja: "最初からやり直す", en: "Start again"))))),
            .p(.class("privacy-note"), .text(context.t(LocalizedText(
                ja: "この一覧は入力した答えから作成したもので、市には保存されていません。内容は窓口でもご確認ください。",
                en: "This list was made from your answers and is not stored by the city. Please confirm it at the counter."))))
        )
    }
}

/// Read-aloud: a button that reads a part of the page with the browser's speech synthesis. It
/// starts hidden and `read-aloud.js` shows it only where speech is available, so pages work the
/// same without JavaScript.
enum ReadAloud {
    static func button(target: String, context: PageContext) -> Node<HTML.BodyContext> {
        .element(named: "button", nodes: [
            .attribute(named: "type", value: "button"), .attribute(named: "class", value: "read-aloud no-print secondary"),
            .attribute(named: "data-read-aloud", value: target), .attribute(named: "hidden", value: "hidden"),
            .attribute(named: "data-stop-label", value: context.t(LocalizedText(ja: "読み上げを止める", en: "Stop reading"))),
            .text(context.t(LocalizedText(ja: "読み上げる", en: "Read aloud"))),
        ])
    }
}
