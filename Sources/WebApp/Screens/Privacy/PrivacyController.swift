import MadoguchiCore
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
        privacy.get(use: register).publicRead()
        privacy.get("files.csv", use: registerCSV).publicRead()
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
        return PrivacyRequestReceivedPage.render(reference: reference, context: req.pageContext()).response()
    }
}
