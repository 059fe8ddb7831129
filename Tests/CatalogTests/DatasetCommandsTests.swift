import Audit
import Catalog
import FluentKit
import Foundation
import MadoguchiCore
import XCTest

final class DatasetCommandsTests: XCTestCase {
    func testCreateReportsEveryInvalidFieldAsValues() async throws {
        let f = try await makeFixture()
        do {
            var bad = f.input("A", "")
            bad.licenseID = "nope"
            bad.contactEmail = "not-mail"
            _ = try await f.commands.create(municipalityID: f.kunitachi, bad, by: .system, on: f.database)
            XCTFail("expected validation problems")
        } catch let error as CatalogError {
            XCTAssertEqual(error.kind, .invalidInput)
            XCTAssertEqual(Set(error.problems.map(\.field)), ["name", "title", "license_id", "maintainer_email"])
        }
    }

    func testDraftPublishPatchDeleteAreAuditedAndNamesUnique() async throws {
        let f = try await makeFixture()
        let draft = try await f.commands.create(municipalityID: f.kunitachi, f.input("evacuation-space", "指定緊急避難場所一覧"), by: .system, on: f.database)
        XCTAssertEqual(draft.state, .draft)
        XCTAssertEqual(draft.licenseID, "cc-by-4.0")
        do {
            _ = try await f.commands.create(municipalityID: f.kunitachi, f.input("evacuation-space", "重複"), by: .system, on: f.database)
            XCTFail("expected a name clash")
        } catch let error as CatalogError { XCTAssertEqual(error.problems.map(\.field), ["name"]) }
        // The same name is free in another municipality.
        _ = try await f.commands.create(municipalityID: f.musashimurayama,
                                        DatasetInput(name: "evacuation-space", title: "避難場所", departmentID: f.otherDepartment.id!),
                                        by: .system, on: f.database)
        let published = try await f.commands.publish(draft.id!, municipalityID: f.kunitachi, by: .staff(UUID()), on: f.database)
        XCTAssertEqual(published.state, .published)
        let patched = try await f.commands.patch(draft.id!, municipalityID: f.kunitachi, by: .system, on: f.database) { $0.licenseID = "pdl-1.0" }
        XCTAssertEqual(patched.licenseID, "pdl-1.0")
        XCTAssertEqual(patched.title, "指定緊急避難場所一覧")
        try await f.commands.delete(draft.id!, municipalityID: f.kunitachi, by: .system, on: f.database)
        let actions = try await AuditEntry.query(on: f.database).filter(\.$municipalityID == f.kunitachi).sort(\.$sequence).all().map(\.action)
        XCTAssertEqual(actions, ["catalog.dataset.create", "catalog.dataset.publish", "catalog.dataset.update", "catalog.dataset.delete"])
    }

    func testOneMunicipalityCannotTouchAnothersDataset() async throws {
        let f = try await makeFixture()
        let d = try await f.published("aed", "AED設置箇所一覧")
        do {
            _ = try await f.commands.publish(d.id!, municipalityID: f.musashimurayama, by: .system, on: f.database)
            XCTFail("expected not found")
        } catch let error as CatalogError { XCTAssertEqual(error.kind, .notFound) }
        let result = try await DatasetSearch.run(SearchQuery(text: "AED"), municipalityID: f.musashimurayama, on: f.database)
        XCTAssertEqual(result.count, 0)
    }

    func testPublishGuardFindingsBlockUnlessOverriddenWithReason() async throws {
        struct Suspicious: PublishGuard {
            func inspect(_ candidate: PublishCandidate) async throws -> [PublishFinding] {
                [PublishFinding(location: "notes", message: LocalizedText(ja: "電話番号の可能性", en: "Possible phone number"))]
            }
        }
        let f = try await makeFixture(publishGuard: Suspicious())
        let d = try await f.commands.create(municipalityID: f.kunitachi, f.input("list", "一覧"), by: .system, on: f.database)
        do {
            _ = try await f.commands.publish(d.id!, municipalityID: f.kunitachi, by: .system, on: f.database)
            XCTFail("expected the guard to block")
        } catch let error as CatalogError { XCTAssertEqual(error.problems.map(\.field), ["notes"]) }
        do {
            _ = try await f.commands.publish(d.id!, municipalityID: f.kunitachi, override: PublishOverride(reason: " "), by: .system, on: f.database)
            XCTFail("a blank reason is no reason")
        } catch is CatalogError {}
        let ok = try await f.commands.publish(d.id!, municipalityID: f.kunitachi, override: PublishOverride(reason: "代表番号のため公開可"),
                                              by: .system, on: f.database)
        XCTAssertEqual(ok.state, .published)
        let entry = try await AuditEntry.query(on: f.database).filter(\.$action == "catalog.dataset.publish").first()
        XCTAssertTrue(entry?.details.contains("代表番号のため公開可") == true)
    }

    func testFileVersionsAreKeptContentAddressed() async throws {
        let f = try await makeFixture()
        let d = try await f.published("aed", "AED設置箇所一覧")
        let r = try await f.commands.addFile(to: d.id!, municipalityID: f.kunitachi, fileName: "../../etc/132152_aed.csv",
                                             data: Data("a,b\n".utf8), by: .system, on: f.database)
        XCTAssertEqual(r.fileName, "132152_aed.csv")
        XCTAssertEqual(r.format, "CSV")
        _ = try await f.commands.replaceFile(of: r.id!, municipalityID: f.kunitachi, fileName: "132152_aed.csv",
                                             data: Data("a,b\n1,2\n".utf8), by: .system, on: f.database)
        let versions = try await f.commands.versions(of: r.id!, municipalityID: f.kunitachi, on: f.database)
        XCTAssertEqual(versions.map(\.version), [2, 1])
        let store = FileSystemBlobStore(root: f.blobRoot)
        let first = try await store.get(versions[1].sha256)
        XCTAssertEqual(String(decoding: first, as: UTF8.self), "a,b\n")
        await XCTAssertThrowsAsync { _ = try await store.get("../../etc/passwd") }
    }
}

func XCTAssertThrowsAsync(_ body: () async throws -> Void, file: StaticString = #filePath, line: UInt = #line) async {
    do { try await body(); XCTFail("expected an error", file: file, line: line) } catch {}
}

/// The privacy module's scanner as the catalogue's publish guard.
final class PersonalInformationPublishGuardTests: XCTestCase {
    func testNamesAndBirthDatesBlockButFacilityContactsDoNot() async throws {
        let f = try await makeFixture(publishGuard: PersonalInformationPublishGuard())
        let facilities = try await f.commands.create(municipalityID: f.kunitachi, f.input("aed", "AED設置箇所一覧"), by: .system, on: f.database)
        _ = try await f.commands.addFile(to: facilities.id!, municipalityID: f.kunitachi, fileName: "aed.csv",
                                         data: Data("名称,住所,電話番号\n市役所,東京都国立市富士見台2-47-1,042-576-2111\n".utf8),
                                         by: .system, on: f.database)
        let published = try await f.commands.publish(facilities.id!, municipalityID: f.kunitachi, by: .system, on: f.database)
        XCTAssertEqual(published.state, .published)

        let people = try await f.commands.create(municipalityID: f.kunitachi, f.input("list", "参加者一覧"), by: .system, on: f.database)
        _ = try await f.commands.addFile(to: people.id!, municipalityID: f.kunitachi, fileName: "participants.csv",
                                         data: Data("氏名,生年月日,電話番号\n山田 太郎,1980-04-01,090-1234-5678\n".utf8),
                                         by: .system, on: f.database)
        do {
            _ = try await f.commands.publish(people.id!, municipalityID: f.kunitachi, by: .system, on: f.database)
            XCTFail("a list of names and birth dates must not be published without an override")
        } catch let error as CatalogError {
            let text = error.problems.map(\.message.ja).joined()
            XCTAssertTrue(text.contains("participants.csv"), text)
            XCTAssertFalse(text.contains("山田"), "the finding never repeats the value")
        }
        let overridden = try await f.commands.publish(people.id!, municipalityID: f.kunitachi,
                                                      override: PublishOverride(reason: "本人の同意を得た公開名簿"), by: .staff(UUID()), on: f.database)
        XCTAssertEqual(overridden.state, .published)
    }
}
