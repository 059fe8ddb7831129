import Catalog
import Counter
import Forms
import Indicators
import MadoguchiCore
import Notices
import Privacy
import Shelters
import Surveys
import Vapor

extension Request {
    /// The page context for this request, with the staff menu filtered by permission. A CSRF token
    /// (and so a session cookie) is made only for pages with forms or a signed-in member.
    func pageContext(forms: Bool = false) -> PageContext {
        let municipality = try? self.municipality
        var links: [PageContext.Link] = []
        if let staff, let code = municipality?.code {
            let base = "/\(code)/staff"
            let roles = staff.roles
            let policy = Modules.accessPolicy
            links.append(.init(title: UIStrings.dashboard, href: base))
            for entry in StaffMenu.entries where policy.allows(roles, entry.permission) {
                links.append(.init(title: entry.title, href: base + entry.path))
            }
        }
        var context = PageContext(language: language, municipalityName: municipality?.name(in: language),
                                  municipalityCode: municipality?.code, staffName: staff?.displayName,
                                  csrfToken: (forms || staff != nil) ? CSRFMiddleware.token(for: self) : nil, path: url.path, staffLinks: links)
        if let municipality, let id = municipality.id {
            context.alerts = application.activeAlerts.alerts(for: id).map { AlertBannerText.banner($0, municipalityCode: municipality.code) }
        }
        return context
    }
}

/// The staff menu: each entry shows only to roles holding its permission.
enum StaffMenu {
    struct Entry {
        let title: LocalizedText
        let path: String
        let permission: Permission
    }

    static let entries: [Entry] = [
        Entry(title: LocalizedText(ja: "書かない窓口", en: "Assisted counter"), path: "/counter", permission: CounterPermission.assist),
        Entry(title: LocalizedText(ja: "手続一覧（棚卸し）", en: "Procedure inventory"), path: "/procedures", permission: CounterPermission.viewInventory),
        Entry(title: LocalizedText(ja: "オープンデータ", en: "Open data"), path: "/datasets", permission: CatalogPermission.validateData),
        Entry(title: LocalizedText(ja: "データの分類", en: "Categories"), path: "/categories", permission: CatalogPermission.manageCategories),
        Entry(title: LocalizedText(ja: "APIトークン", en: "API tokens"), path: "/api-tokens", permission: CatalogPermission.editDatasets),
        Entry(title: LocalizedText(ja: "電子申請の受付箱", en: "Applications"), path: "/applications", permission: FormsPermission.review),
        Entry(title: LocalizedText(ja: "電子申請の様式", en: "Online forms"), path: "/forms", permission: FormsPermission.editForms),
        Entry(title: LocalizedText(ja: "指標と目標値", en: "Indicators"), path: "/indicators", permission: IndicatorsPermission.view),
        Entry(title: LocalizedText(ja: "施策評価", en: "Measure evaluation"), path: "/measures", permission: IndicatorsPermission.view),
        Entry(title: LocalizedText(ja: "指標の推移", en: "Indicator trends"), path: "/trends", permission: IndicatorsPermission.view),
        Entry(title: LocalizedText(ja: "市民意識調査", en: "Resident surveys"), path: "/surveys", permission: SurveysPermission.view),
        Entry(title: LocalizedText(ja: "お知らせ", en: "Notices"), path: "/notices", permission: NoticesPermission.writeNotices),
        Entry(title: LocalizedText(ja: "避難情報", en: "Evacuation alerts"), path: "/alerts", permission: NoticesPermission.issueEmergency),
        Entry(title: LocalizedText(ja: "Webhook（外部への配信）", en: "Webhooks"), path: "/webhooks", permission: NoticesPermission.manageWebhooks),
        Entry(title: LocalizedText(ja: "避難所の状況報告", en: "Shelter reports"), path: "/shelters", permission: SheltersPermission.reportStatus),
        Entry(title: LocalizedText(ja: "開示請求等", en: "Disclosure requests"), path: "/privacy/requests", permission: PrivacyPermission.manageRequests),
        Entry(title: UIStrings.staffMembers, path: "/members", permission: .manageStaff),
        Entry(title: UIStrings.departments, path: "/departments", permission: .manageDepartments),
        Entry(title: UIStrings.municipalities, path: "/municipalities", permission: .manageMunicipalities),
        Entry(title: UIStrings.auditLog, path: "/audit", permission: .viewAuditLog),
        Entry(title: UIStrings.changePassword, path: "/password", permission: .changeOwnPassword),
        Entry(title: UIStrings.ownSessions, path: "/sessions", permission: .manageOwnSessions),
    ]
}
