import Audit
import MadoguchiCore

/// The feature modules this build includes. Cross-module features (migrations, permissions,
/// the personal-information file register) read their manifests from here.
public enum Modules {
    public static let all: [ModuleManifest] = [CoreModule.manifest, AuditModule.manifest]

    public static let accessPolicy = AccessPolicy.standard(modules: all)
}
