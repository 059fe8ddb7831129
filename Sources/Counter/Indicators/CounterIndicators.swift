import FluentKit
import Foundation
import MadoguchiCore

/// The assisted counter's figures for the plan's indicators: sessions saved at the counter
/// (書かない窓口) count as filings at the counter in the digital take-up.
enum CounterIndicators {
    static let all: [IndicatorDeclaration] = [
        IndicatorDeclaration(
            id: "counter.sessions", title: LocalizedText(ja: "窓口支援の受付件数", en: "Assisted counter sessions"),
            unit: .count, kind: .activity, direction: .neutral,
            definition: LocalizedText(ja: "年度内に書かない窓口で受け付けた件数（ライフイベント別）",
                                      en: "Sessions saved at the assisted counter in the fiscal year, by life event"),
            source: LocalizedText(ja: "窓口支援受付記録（保存期間を過ぎた記録は数えられないため、年度末に実績値として記録する）",
                                  en: "Counter session records (purged after their retention period: record the year's actual before then)"),
            computation: .live { municipalityID, year, db in
                .breakdown(try await CounterSessionFigures.sessionsByLifeEvent(municipalityID: municipalityID, in: year, on: db))
            },
            read: { municipalityID, db in
                .count(try await CounterSession.query(on: db).filter(\.$municipalityID == municipalityID).count())
            }),
    ]
}

/// Counts over saved counter sessions (only the clear columns: life event and time).
public enum CounterSessionFigures {
    /// Sessions created in `year` (Japan time), by life event.
    public static func sessionsByLifeEvent(municipalityID: UUID, in year: FiscalYear, on db: any Database) async throws -> [String: Int] {
        let sessions = try await CounterSession.query(on: db).filter(\.$municipalityID == municipalityID)
            .filter(\.$createdAt >= year.start()).filter(\.$createdAt < year.end())
            .field(\.$id).field(\.$lifeEvent).all()
        return sessions.reduce(into: [:]) { $0[$1.lifeEvent, default: 0] += 1 }
    }
}
