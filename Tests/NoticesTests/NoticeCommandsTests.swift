import FluentKit
import Foundation
import MadoguchiCore
import Notices
import XCTest

/// Notices through the module's API on a real database (SQLite, or PostgreSQL with DATABASE_URL).
final class NoticeCommandsTests: XCTestCase {
    func testADraftIsPublishedThenCorrectedAndEveryPublishedTextIsKept() async throws {
        let f = try await makeNoticesFixture()
        let staff = Actor.staff(UUID())
        let draft = try await f.notices.create(municipalityID: f.kunitachiID, f.input("ごみの収集日の変更", areas: ["naka-1"]), by: staff, on: f.database)
        XCTAssertEqual(draft.state, .draft)
        XCTAssertEqual(draft.revision, 0)
        var listed = try await NoticeQueries.listed(municipalityID: f.kunitachiID, on: f.database)
        XCTAssertTrue(listed.isEmpty, "a draft is not public")
        let reachableDraft = try await NoticeQueries.reachable(draft.id!, municipalityID: f.kunitachiID, on: f.database)
        XCTAssertNil(reachableDraft)

        let published = try await f.notices.publish(draft.id!, municipalityID: f.kunitachiID, by: staff, on: f.database)
        XCTAssertEqual(published.state, .published)
        XCTAssertEqual(published.revision, 1)
        XCTAssertNil(published.correctedAt)
        let firstPublished = try XCTUnwrap(published.publishedAt)

        // A correction without saying what changed is refused, naming the field; nothing changes.
        var corrected = f.input("ごみの収集日の変更（訂正）", areas: ["naka-1"], body: "収集日は水曜日です。")
        do {
            _ = try await f.notices.update(draft.id!, municipalityID: f.kunitachiID, corrected, note: " ", by: staff, on: f.database)
            XCTFail("a correction needs a note")
        } catch let problems as NoticesInputProblems {
            XCTAssertEqual(problems.problems.map(\.field), ["note"])
            XCTAssertTrue(problems.problems[0].message.ja.contains("訂正の内容"))
        }
        let unchanged = try await NoticeQueries.find(draft.id!, municipalityID: f.kunitachiID, on: f.database)
        XCTAssertEqual(unchanged?.title, "ごみの収集日の変更")

        corrected.title = "ごみの収集日の変更（訂正）"
        let after = try await f.notices.update(draft.id!, municipalityID: f.kunitachiID, corrected, note: "収集日を訂正しました", by: staff, on: f.database)
        XCTAssertEqual(after.revision, 2)
        XCTAssertNotNil(after.correctedAt)
        XCTAssertEqual(try XCTUnwrap(after.publishedAt).timeIntervalSince1970, firstPublished.timeIntervalSince1970, accuracy: 0.01,
                       "the first publication date stays")
        let revisions = try await NoticeQueries.revisions(of: draft.id!, municipalityID: f.kunitachiID, on: f.database)
        XCTAssertEqual(revisions.map(\.revision), [1, 2])
        XCTAssertEqual(revisions.map(\.title), ["ごみの収集日の変更", "ごみの収集日の変更（訂正）"])
        XCTAssertEqual(revisions.map(\.body), ["本文です。", "収集日は水曜日です。"])
        XCTAssertEqual(revisions[1].note, "収集日を訂正しました")
        listed = try await NoticeQueries.listed(municipalityID: f.kunitachiID, on: f.database)
        XCTAssertEqual(listed.map(\.id), [draft.id])

        let actions = try await f.auditActions().filter { $0.hasPrefix("notices.notice") }
        XCTAssertEqual(actions, ["notices.notice.create", "notices.notice.publish", "notices.notice.correct"])
        // Another municipality cannot see or change it.
        let foreign = try await NoticeQueries.reachable(draft.id!, municipalityID: f.musashimurayama.id!, on: f.database)
        XCTAssertNil(foreign)
        do {
            _ = try await f.notices.publish(draft.id!, municipalityID: f.musashimurayama.id!, by: staff, on: f.database)
            XCTFail("another municipality's notice")
        } catch let error as NoticesError {
            XCTAssertEqual(error.kind, .notFound)
        }
    }

    func testAnEmergencyNoticeNeedsASecondPersonsApproval() async throws {
        let f = try await makeNoticesFixture()
        let author = Actor.staff(UUID()), approver = Actor.staff(UUID())
        let draft = try await f.notices.create(municipalityID: f.kunitachiID, f.input("断水のお知らせ", category: .emergency), by: author, on: f.database)
        let waiting = try await f.notices.publish(draft.id!, municipalityID: f.kunitachiID, by: author, on: f.database)
        XCTAssertEqual(waiting.state, .awaitingApproval)
        var listed = try await NoticeQueries.listed(municipalityID: f.kunitachiID, on: f.database)
        XCTAssertTrue(listed.isEmpty, "not public before approval")

        do {
            _ = try await f.notices.approve(draft.id!, municipalityID: f.kunitachiID, by: author, mayApproveEmergency: true, on: f.database)
            XCTFail("the author cannot approve")
        } catch let error as NoticesError {
            XCTAssertEqual(error, .approvalBySamePerson)
        }
        do {
            _ = try await f.notices.approve(draft.id!, municipalityID: f.kunitachiID, by: approver, mayApproveEmergency: false, on: f.database)
            XCTFail("approval needs the emergency permission")
        } catch let error as NoticesError {
            XCTAssertEqual(error, .emergencyPermissionNeeded)
        }
        let approved = try await f.notices.approve(draft.id!, municipalityID: f.kunitachiID, by: approver, mayApproveEmergency: true, on: f.database)
        XCTAssertEqual(approved.state, .published)
        listed = try await NoticeQueries.listed(municipalityID: f.kunitachiID, on: f.database)
        XCTAssertEqual(listed.map(\.title), ["断水のお知らせ"])
        let actions = try await f.auditActions().filter { $0.hasPrefix("notices.notice") }
        XCTAssertEqual(actions, ["notices.notice.create", "notices.notice.request_approval", "notices.notice.approve"])
    }

    /// A correction cannot walk around the two-person rule: a published notice cannot become an
    /// emergency notice, and a published emergency notice is corrected only with the emergency permission.
    func testCorrectionsCannotBypassTheEmergencyApproval() async throws {
        let f = try await makeNoticesFixture()
        let staff = Actor.staff(UUID()), approver = Actor.staff(UUID())
        let ordinary = try await f.published("ごみの収集日")
        do {
            _ = try await f.notices.update(ordinary.id!, municipalityID: f.kunitachiID, f.input("避難してください", category: .emergency),
                                           note: "緊急に変更", mayCorrectEmergency: true, by: staff, on: f.database)
            XCTFail("a published notice became an emergency notice without approval")
        } catch let problems as NoticesInputProblems {
            XCTAssertEqual(problems.problems.map(\.field), ["category"])
        }
        let found = try await NoticeQueries.find(ordinary.id!, municipalityID: f.kunitachiID, on: f.database)
        let unchanged = try XCTUnwrap(found)
        XCTAssertEqual(unchanged.category, .living)
        XCTAssertEqual(unchanged.revision, 1)

        let draft = try await f.notices.create(municipalityID: f.kunitachiID, f.input("断水のお知らせ", category: .emergency), by: staff, on: f.database)
        _ = try await f.notices.publish(draft.id!, municipalityID: f.kunitachiID, by: staff, on: f.database)
        _ = try await f.notices.approve(draft.id!, municipalityID: f.kunitachiID, by: approver, mayApproveEmergency: true, on: f.database)
        do {
            _ = try await f.notices.update(draft.id!, municipalityID: f.kunitachiID, f.input("断水は解消しません", category: .emergency),
                                           note: "訂正", by: staff, on: f.database)
            XCTFail("the author changed an approved emergency text alone")
        } catch let error as NoticesError {
            XCTAssertEqual(error, .emergencyCorrectionNeedsPermission)
        }
        let corrected = try await f.notices.update(draft.id!, municipalityID: f.kunitachiID, f.input("断水のお知らせ（復旧見込み）", category: .emergency),
                                                   note: "復旧見込みを追記", mayCorrectEmergency: true, by: approver, on: f.database)
        XCTAssertEqual(corrected.revision, 2)
    }

    func testBadInputIsRefusedNamingEveryFieldAndNothingIsSaved() async throws {
        let f = try await makeNoticesFixture()
        let hostile = NoticeInput(title: String(repeating: "長", count: 201), body: "  ", category: "kinkyu'; DROP TABLE notices_notices;--",
                                  departmentID: UUID().uuidString, areaCodes: ["naka-1", "nowhere"], publishAt: "2026-02-30T10:00",
                                  expiresAt: "9999999999-01-01T00:00", titleEasy: "", bodyEasy: "やさしい本文", titleEnglish: "Title\u{0}", bodyEnglish: "")
        do {
            _ = try await f.notices.create(municipalityID: f.kunitachiID, hostile, by: .system, on: f.database)
            XCTFail("refused")
        } catch let problems as NoticesInputProblems {
            XCTAssertEqual(Set(problems.problems.map(\.field)),
                           ["title", "body", "category", "department_id", "areas", "publish_at", "expires_at", "title_easy", "title_en"])
            for problem in problems.problems { XCTAssertTrue(problem.message.ja.contains("「"), "names the field in Japanese: \(problem.message.ja)") }
        }
        let count = try await Notice.query(on: f.database).count()
        XCTAssertEqual(count, 0)

        // The other municipality's department is not this one's.
        let other = Department(municipalityID: f.musashimurayama.id!, code: "x", name: "他市の課", nameEnglish: "Other")
        try await other.create(on: f.database)
        var input = f.input("件名")
        input.departmentID = other.id!.uuidString
        input.publishAt = "2026-04-01T09:00"
        input.expiresAt = "2026-04-01T08:59"
        do {
            _ = try await f.notices.create(municipalityID: f.kunitachiID, input, by: .system, on: f.database)
            XCTFail("refused")
        } catch let problems as NoticesInputProblems {
            XCTAssertEqual(Set(problems.problems.map(\.field)), ["department_id", "expires_at"])
        }
    }

    func testListsFilterByCategoryAreaAndSchedule() async throws {
        let f = try await makeNoticesFixture()
        try await f.published("市内全域のお知らせ")
        try await f.published("中一丁目の防災", category: .safety, areas: ["naka-1"])
        try await f.published("谷保のイベント", category: .events, areas: ["yaho"])
        var scheduled = f.input("来年のお知らせ")
        scheduled.publishAt = "2099-01-01T00:00"
        let future = try await f.notices.create(municipalityID: f.kunitachiID, scheduled, by: .system, on: f.database)
        _ = try await f.notices.publish(future.id!, municipalityID: f.kunitachiID, by: .system, on: f.database)
        var ended = f.input("終わったお知らせ")
        ended.publishAt = "2020-01-01T00:00"
        ended.expiresAt = "2020-02-01T00:00"
        let old = try await f.notices.create(municipalityID: f.kunitachiID, ended, by: .system, on: f.database)
        _ = try await f.notices.publish(old.id!, municipalityID: f.kunitachiID, by: .system, on: f.database)

        func titles(_ filter: NoticeQueries.Filter) async throws -> Set<String> {
            Set(try await NoticeQueries.listed(municipalityID: f.kunitachiID, filter: filter, on: f.database).map(\.title))
        }
        let all = try await titles(.init())
        XCTAssertEqual(all, ["市内全域のお知らせ", "中一丁目の防災", "谷保のイベント"])
        let safety = try await titles(.init(category: .safety))
        XCTAssertEqual(safety, ["中一丁目の防災"])
        let naka1 = try await titles(.init(area: "naka-1"))
        XCTAssertEqual(naka1, ["市内全域のお知らせ", "中一丁目の防災"], "an area sees its own notices and the whole city's")
        let naka = try await titles(.init(area: "naka"))
        XCTAssertEqual(naka, ["市内全域のお知らせ"], "no partial match of area codes")
        let elsewhere = try await NoticeQueries.listed(municipalityID: f.musashimurayama.id!, on: f.database)
        XCTAssertTrue(elsewhere.isEmpty)
        // Not yet public: no page; expired: its page still answers.
        let notYet = try await NoticeQueries.reachable(future.id!, municipalityID: f.kunitachiID, on: f.database)
        XCTAssertNil(notYet)
        let expired = try await NoticeQueries.reachable(old.id!, municipalityID: f.kunitachiID, on: f.database)
        XCTAssertEqual(expired?.isListed(at: Date()), false)
    }

    func testAreasRefuseBadCodesAndDuplicates() async throws {
        let f = try await makeNoticesFixture()
        do {
            try await f.areas.add(municipalityID: f.kunitachiID, code: "naka-1", name: "", nameEnglish: "", households: "-1", population: "99999999999",
                                  by: .system, on: f.database)
            XCTFail("refused")
        } catch let problems as NoticesInputProblems {
            XCTAssertEqual(problems.problems.map(\.field), ["code", "name", "households", "population"])
        }
        do {
            try await f.areas.add(municipalityID: f.kunitachiID, code: "<b>%_", name: "x", nameEnglish: "", by: .system, on: f.database)
            XCTFail("refused")
        } catch let problems as NoticesInputProblems {
            XCTAssertEqual(problems.problems.map(\.field), ["code"])
        }
        // The same code is free in another municipality.
        try await f.areas.add(municipalityID: f.musashimurayama.id!, code: "naka-1", name: "中一丁目", nameEnglish: "", by: .system, on: f.database)
    }
}
