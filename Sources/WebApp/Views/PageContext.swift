import MadoguchiCore

/// What every page needs besides its own content: language, municipality, who is signed in,
/// the CSRF token for its forms and the path (for the language switch).
struct PageContext: Sendable {
    var language: UILanguage
    var municipalityName: String?
    var municipalityCode: String?
    var staffName: String?
    var csrfToken: String?
    var path: String
    /// Staff navigation entries the signed-in member may use.
    var staffLinks: [Link] = []
    /// Active evacuation alerts, shown as a banner on every page (from memory: `ActiveAlertCache`).
    var alerts: [AlertBanner] = []

    struct AlertBanner: Sendable {
        let level: LocalizedText
        let areas: LocalizedText
        let instruction: LocalizedText
        let href: String
    }

    struct Link: Sendable {
        let title: LocalizedText
        let href: String
    }

    func t(_ text: LocalizedText) -> String { text.text(language) }
}
