import Foundation
import MadoguchiCore
import Privacy
import Vapor

extension RetentionJob {
    /// The retention purge now, against a configured application (`madoguchi privacy purge` and the
    /// tests): expired staff sessions first (Core's job), then every declared retention target.
    static func runOnce(app: Application, now: Date = Date()) async throws -> RetentionPurge.Outcome {
        let context = DeclaredJobs.context(app: app, now: now)
        try await StaffSessions.purgeOnce(context)
        return try await purgeOnce(context)
    }
}
