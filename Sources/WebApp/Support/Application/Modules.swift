import Audit
import Catalog
import Counter
import Forms
import Indicators
import MadoguchiCore
import Mail
import Notices
import Privacy
import Shelters
import Surveys

/// The feature modules this build includes. Cross-module features (migrations, permissions,
/// the personal-information file register) read their manifests from here.
public enum Modules {
    public static let all: [ModuleManifest] = IndicatorsModule.completing([
        CoreModule.manifest, AuditModule.manifest, PrivacyModule.manifest, CounterModule.manifest, CatalogModule.manifest,
        MailModule.manifest, FormsModule.manifest, IndicatorsModule.manifest,
        NoticesModule.manifest, SheltersModule.manifest, SurveysModule.manifest,
    ])

    public static let accessPolicy = AccessPolicy.standard(modules: all)

    /// The manifests with configured values applied (retention periods set by the city).
    public static func configured(_ configuration: Configuration) -> [ModuleManifest] {
        let days = configuration.counterSessionRetentionDays
        return all.map {
            $0.replacing(file: CounterModule.sessionsFile.id) {
                $0.withRetention(days: days, basis: "受付の日から\(days)日（MADOGUCHI_COUNTER_SESSION_RETENTION_DAYS）")
            }
        }
    }
}
