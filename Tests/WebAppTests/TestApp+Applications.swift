import FluentKit
import Forms
import Foundation
import MadoguchiCore
import MadoguchiTestSupport
@testable import WebApp
import XCTest

extension TestApp {
    static let applicant = MoveOutApplication.applicant

    /// Submits a 転出届 (市民課) and a 罹災証明書 with a photo (防災安全課): their detail paths and the photo's path.
    func twoApplications() async throws -> (moveOut: (receipt: String, path: String), disaster: (receipt: String, path: String, file: String)) {
        let catalog = try FormCatalog.load()
        let services = app.madoguchi
        let city = try kunitachi.requireID()
        let moveOut = try XCTUnwrap(catalog.form("move-out"))
        let first = try await services.formSubmissions.submit(
            moveOut, values: MoveOutApplication.values(moveDate: CivilDate.today().adding(days: 5)),
            idempotencyKey: "need-to-know-move-out-1", municipalityID: city, today: .today(), actor: .resident, origin: .none, on: app.db)
        let disaster = try XCTUnwrap(catalog.form("disaster-victim-certificate"))
        let photoField = try XCTUnwrap(disaster.fields.first { $0.id == "photos" })
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 0x42, count: 512)
        let photo = try await services.formAttachments.store(png, filename: "浸水.png", field: photoField, form: disaster,
                                                             municipalityID: city, on: app.db)
        let second = try await services.formSubmissions.submit(
            disaster, values: Self.applicant.merging(["disaster_date": CivilDate.today().adding(days: -3).description, "damage_kind": "flood",
                                                     "property_address": "東京都国立市富士見台2-47-1", "owner_or_tenant": "owner",
                                                     "photos": photo]) { a, _ in a },
            idempotencyKey: "need-to-know-disaster-1", municipalityID: city, today: .today(), actor: .resident, origin: .none, on: app.db)
        func path(_ receipt: String) async throws -> String {
            let application = try await FormApplication.query(on: app.db).filter(\.$receiptNumber == receipt).first()
            return "/132152/staff/applications/\(try XCTUnwrap(application).requireID().uuidString.lowercased())"
        }
        let disasterPath = try await path(second.receiptNumber)
        let attachment = try await FormAttachment.query(on: app.db).filter(\.$applicationID != nil).first()
        return ((first.receiptNumber, try await path(first.receiptNumber)),
                (second.receiptNumber, disasterPath, "\(disasterPath)/attachments/\(try XCTUnwrap(attachment).requireID().uuidString.lowercased())"))
    }
}
