import MadoguchiCore
import XCTest
@testable import Privacy

final class RequestDeadlineTests: XCTestCase {
    let deadlines = RequestDeadline()

    func testThirtyDaysNotCountingTheDayOfReceipt() {
        // 2025-04-01 (Tue) + 30 = 2025-05-01 (Thu)
        XCTAssertEqual(deadlines.decisionDue(receivedOn: CivilDate(year: 2025, month: 4, day: 1)!), CivilDate(year: 2025, month: 5, day: 1))
    }

    func testCorrectionDaysAndExtensionAreAdded() {
        let received = CivilDate(year: 2025, month: 4, day: 1)!
        // +30 +5 (補正) +30 (extension) = 2025-06-05 (Thu)
        XCTAssertEqual(deadlines.decisionDue(receivedOn: received, correctionDays: 5, extended: true), CivilDate(year: 2025, month: 6, day: 5))
    }

    func testADeadlineOnAClosedDayMovesToTheNextOpenDay() {
        // 2025-04-05 + 30 = 2025-05-05 (Mon) is open in this calendar; 2025-04-04 + 30 = 2025-05-04 (Sun) → 05-05
        XCTAssertEqual(deadlines.decisionDue(receivedOn: CivilDate(year: 2025, month: 4, day: 4)!), CivilDate(year: 2025, month: 5, day: 5))
        // Year-end: 2025-11-30 + 30 = 2025-12-30 → 2026-01-05 (Mon)
        XCTAssertEqual(deadlines.decisionDue(receivedOn: CivilDate(year: 2025, month: 11, day: 30)!), CivilDate(year: 2026, month: 1, day: 5))
    }

    func testFollowUpWindowIsNinetyDays() {
        XCTAssertEqual(RequestDeadline.followUpLastDay(disclosedOn: CivilDate(year: 2025, month: 4, day: 1)!), CivilDate(year: 2025, month: 6, day: 30))
    }

    func testNoticesNameTheDecisionAndItsGrounds() {
        let text = RequestNotice.decisionNotice(kind: .disclosure, decision: .partial, grounds: "第三者の個人情報を含むため（法第78条第1項第2号）",
                                                requesterName: "山田 太郎", receivedOn: CivilDate(year: 2025, month: 4, day: 1)!,
                                                decidedOn: CivilDate(year: 2025, month: 4, day: 20)!, bodyName: "国立市長")
        XCTAssertTrue(text.contains("一部開示"))
        XCTAssertTrue(text.contains("令和7年4月1日"))
        XCTAssertTrue(text.contains("理由：第三者"))
        XCTAssertTrue(text.contains("審査請求"))
    }
}
