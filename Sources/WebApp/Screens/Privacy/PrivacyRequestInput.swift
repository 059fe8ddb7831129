import FluentKit
import Foundation
import MadoguchiCore
import Privacy
import Vapor

/// Several field problems at once (a form with more than one mistake).
struct FieldProblems: Error { let problems: [FieldProblem] }

/// The request form's fields, shared by the resident's online form and staff entering a paper one.
struct PrivacyRequestInput: Content {
    var kind: String?
    var name: String?
    var address: String?
    var contact: String?
    var subject: String?
    var target_file: String?
    var disclosed_on: String?

    static let maxText = 2000

    /// Validates and files the request; throws `FieldProblems` naming each field.
    func register(municipalityID: UUID, receivedOn: CivilDate, service: PrivacyRequestService, actor: Actor,
                  on database: any Database) async throws -> PrivacyRequest {
        var problems: [FieldProblem] = []
        func add(_ field: String, _ ja: String, _ en: String) { problems.append(FieldProblem(field: field, message: LocalizedText(ja: ja, en: en))) }
        let kind = PrivacyRequestKind(rawValue: kind ?? "")
        if kind == nil { add("kind", "「請求の種類」を選んでください。", "Choose the kind of request.") }
        let name = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let address = (address ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let subject = (subject ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let contact = (contact ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { add("name", "「氏名」を入力してください。", "Enter your name.") }
        if name.count > 200 { add("name", "「氏名」は200文字以内で入力してください。", "Name: 200 characters at most.") }
        if address.isEmpty { add("address", "「住所」を入力してください。", "Enter your address.") }
        if address.count > 500 { add("address", "「住所」は500文字以内で入力してください。", "Address: 500 characters at most.") }
        if contact.count > 200 { add("contact", "「連絡先」は200文字以内で入力してください。", "Contact: 200 characters at most.") }
        if subject.isEmpty { add("subject", "「請求する個人情報の内容」を入力してください。", "Describe the information you ask for.") }
        if subject.count > Self.maxText { add("subject", "「請求する個人情報の内容」は\(Self.maxText)文字以内で入力してください。", "Description: \(Self.maxText) characters at most.") }
        var disclosedOn: CivilDate?
        if let text = disclosed_on?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            disclosedOn = CivilDate(typed: text)
            if disclosedOn == nil { add("disclosed_on", "「開示を受けた日」は 2026-11-01 または 令和8年11月1日 の形で入力してください。", "Date of disclosure: use 2026-11-01.") }
            else if disclosedOn! > receivedOn { add("disclosed_on", "「開示を受けた日」に未来の日付は入力できません。", "Date of disclosure cannot be in the future.") }
        } else if kind?.requiresPriorDisclosure == true {
            add("disclosed_on", "訂正請求・利用停止請求では「開示を受けた日」を入力してください。", "Enter the date of disclosure.")
        }
        guard problems.isEmpty, let kind else { throw FieldProblems(problems: problems) }
        do {
            return try await service.register(municipalityID: municipalityID, kind: kind, receivedOn: receivedOn,
                                              requester: .init(name: name, address: address, contact: contact.isEmpty ? nil : contact),
                                              subject: subject, targetFileID: (target_file ?? "").isEmpty ? nil : target_file,
                                              disclosedOn: disclosedOn, actor: actor, on: database)
        } catch let error as PrivacyRequestError {
            throw FieldProblems(problems: [FieldProblem(field: error == .disclosureDateRequired ? "disclosed_on" : "kind", message: error.message)])
        }
    }

    /// The reference residents quote: the first 8 hex digits of the request id.
    static func reference(_ request: PrivacyRequest) -> String {
        String((request.id?.uuidString ?? "").prefix(8)).lowercased()
    }
}
