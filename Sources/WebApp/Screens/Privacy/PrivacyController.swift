import MadoguchiCore
import Plot
import Privacy
import Vapor

/// `/{code}/privacy`: what the city holds about residents and how to ask for it.
///
/// - `GET  /privacy`: the 個人情報ファイル簿 (generated from every module's declarations)
/// - `GET  /privacy/files.csv`: the same as CSV (open data)
/// - `GET  /privacy/requests/new`: the online form for 開示請求・訂正請求・利用停止請求
/// - `POST /privacy/requests`: file it (requester details encrypted at rest)
/// - `GET  /privacy/requests/received`: the acknowledgement with the reference number
struct PrivacyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let privacy = routes.grouped("privacy")
        privacy.get(use: register)
        privacy.get("files.csv", use: registerCSV)
        let forms = privacy.grouped("requests").grouped(CSRFMiddleware())
        forms.get("new", use: newRequest)
        forms.post(use: file)
        forms.get("received", use: received)
    }

    static func register(for req: Request) throws -> PersonalInformationFileRegister {
        let municipality = try req.municipality
        return PersonalInformationFileRegister(manifests: req.madoguchi.manifests, context: .init(
            bodyName: municipality.name, requestOffice: "\(municipality.name) 個人情報保護窓口（総務課）",
            defaultUnit: "\(municipality.name) 各担当課"))
    }

    func register(req: Request) async throws -> Response {
        PrivacyRegisterPage.render(try Self.register(for: req), context: req.pageContext()).response()
    }

    func registerCSV(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.contentDisposition = .init(.attachment, filename: "personal-information-files-\(try req.municipality.code).csv")
        return Response(status: .ok, headers: headers, body: .init(string: try Self.register(for: req).csv()))
    }

    func newRequest(req: Request) async throws -> Response {
        let files = try Self.register(for: req).entries
        return PrivacyRequestFormPage.render(.init(files: files, input: .init(), problems: [], staffEntry: false),
                                             context: req.pageContext(forms: true)).response()
    }

    func file(req: Request) async throws -> Response {
        let municipality = try req.municipality
        let input = try req.content.decode(PrivacyRequestInput.self)
        do {
            let request = try await input.register(municipalityID: municipality.requireID(), receivedOn: CivilDate.today(),
                                                   service: req.madoguchi.privacyRequests, actor: .resident, on: req.db)
            return req.redirect(to: "/\(municipality.code)/privacy/requests/received?ref=\(PrivacyRequestInput.reference(request))")
        } catch let error as FieldProblems {
            let files = try Self.register(for: req).entries
            return PrivacyRequestFormPage.render(.init(files: files, input: input, problems: error.problems, staffEntry: false),
                                                 context: req.pageContext(forms: true)).response(status: .unprocessableEntity)
        }
    }

    func received(req: Request) async throws -> Response {
        let reference = String((req.query[String.self, at: "ref"] ?? "").prefix(8).filter { $0.isHexDigit })
        let context = req.pageContext()
        return Layout.page(
            title: context.t(LocalizedText(ja: "請求を受け付けました", en: "Your request was received")), context: context,
            .p(.attr("class", "notice"), .attr("role", "status"), .text(context.t(LocalizedText(
                ja: "受付番号 \(reference.uppercased())。決定は受付の日から30日以内（事情により延長する場合は書面でお知らせします）に、ご指定の連絡先へお知らせします。",
                en: "Reference \(reference.uppercased()). We will decide within 30 days of receipt (if we must extend, we will tell you in writing).")))),
            .p(.text(context.t(LocalizedText(
                ja: "本人確認のため、窓口または郵送で本人確認書類の提示をお願いする場合があります。",
                en: "We may ask you to show identification at the counter or by post."))))
        ).response()
    }
}
