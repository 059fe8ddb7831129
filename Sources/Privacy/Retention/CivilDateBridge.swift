import Foundation
import MadoguchiCore

/// Retention cut-offs are instants; records store civil dates in Japan. One conversion, in JST.
enum CivilDateBridge {
    static func day(of date: Date) -> CivilDate { CivilDate.today(in: .japan, now: date) }
}
