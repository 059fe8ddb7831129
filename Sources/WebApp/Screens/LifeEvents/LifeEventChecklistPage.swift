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
            model.printView ? .p(.attr("class", "notice print-hint"), .text(context.t(LocalizedText(
                ja: "印刷用の表示です。ブラウザの印刷機能で印刷してください。", en: "Printable view: use your browser's print command.")))) : .empty,
            ChecklistView.render(model.checklist, onlineForms: model.onlineForms, context: context),
            .form(.method(.post), .attr("action", action), .attr("class", "navigator no-print"),
                  .forEach(NavigatorForm.hiddenFields(eventDate: model.checklist.eventDate, answers: model.answers, except: nil)) { field in
                      .input(.type(.hidden), .attr("name", field.name), .attr("value", field.value))
                  },
                  .input(.type(.hidden), .attr("name", "q"), .attr("value", NavigatorForm.resultScreen)),
                  .div(.attr("class", "navigator-buttons"),
                       FormFields.goButton("print", context.t(LocalizedText(ja: "印刷用の表示", en: "Printable view")), primary: true),
                       FormFields.goButton("back", context.t(LocalizedText(ja: "答えを直す（戻る）", en: "Change answers (back)")), primary: false))),
            .p(.attr("class", "no-print"), .a(.attr("href", action), .text(context.t(LocalizedText(ja: "最初からやり直す", en: "Start again"))))),
            .p(.attr("class", "privacy-note"), .text(context.t(LocalizedText(
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
            .attr("type", "button"), .attr("class", "read-aloud no-print secondary"),
            .attr("data-read-aloud", target), .attr("hidden", "hidden"),
            .attr("data-stop-label", context.t(LocalizedText(ja: "読み上げを止める", en: "Stop reading"))),
            .text(context.t(LocalizedText(ja: "読み上げる", en: "Read aloud"))),
        ])
    }
}
