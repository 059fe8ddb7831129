import Audit
import Catalog
import Counter
import MadoguchiCore
import Privacy

/// The feature modules this build includes. Cross-module features (migrations, permissions,
/// the personal-information file register) read their manifests from here.
public enum Modules {
    public static let all: [ModuleManifest] = [
        CoreModule.manifest, AuditModule.manifest, PrivacyModule.manifest, CounterModule.manifest, CatalogModule.manifest,
    ]

    public static let accessPolicy = AccessPolicy.standard(modules: all)
}
