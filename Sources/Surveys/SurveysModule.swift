import FluentKit
import MadoguchiCore

/// 市民意識調査: anonymous surveys built on the online forms' fields (each question is a choice
/// field of a `FormStep`, validated by `FormStepValidator`), answered once per mailed invitation
/// code, aggregated per question with small-cell suppression on every published breakdown, and
/// feeding the plan's survey indicators with their sample size.
///
/// Anonymity: a response row holds the answers, the age band and area the resident chose, and the
/// survey; no code, no invitation id, no time, no address, no session. Using a code only flips its
/// invitation's `used` flag in the same transaction, so nothing stored says which code gave which
/// answers. No audit entry is written per answer (an entry's time would link it to the code's use).
public enum SurveysModule {
    public static let manifest = ModuleManifest(
        id: "surveys",
        title: LocalizedText(ja: "市民意識調査", en: "Resident survey"),
        migrations: [CreateSurveys(), CreateSurveyInvitations(), CreateSurveyResponses()],
        grants: [
            .municipalityAdministrator: [SurveysPermission.view, SurveysPermission.manage],
            .departmentStaff: [SurveysPermission.view],
            .auditor: [SurveysPermission.view],
        ],
        indicators: SurveyIndicators.all
    )
}

/// The surveys module's permissions.
public enum SurveysPermission {
    /// See surveys and their (unsuppressed, staff-only) results.
    public static let view = Permission("surveys.view")
    /// Create, open and close surveys and generate invitation codes.
    public static let manage = Permission("surveys.manage")
}
