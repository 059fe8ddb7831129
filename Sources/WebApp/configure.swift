import Audit
import Counter
import Forms
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import MadoguchiCore
import Privacy
import Prometheus
import SQLKit
import Vapor

/// Sets up an application: database, migrations, sessions, middleware, services and routes.
///
/// - Parameters:
///   - passwordCost: bcrypt cost; tests pass a low one to stay fast.
public func configure(_ app: Application, configuration: Configuration, passwordCost: Int = 12) async throws {
    try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true)
    switch configuration.store {
    case .sqlite(let path):
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        app.databases.use(.sqlite(.file(path)), as: .sqlite)
    case .postgres(let url):
        app.databases.use(.postgres(configuration: try SQLPostgresConfiguration(url: url)), as: .psql)
    }
    for module in Modules.all { app.migrations.add(module.migrations) }
    // Staff sessions (StaffSessionMiddleware) end on the server; a change of roles, active flag or
    // password ends every session of that member, whoever saves it.
    app.databases.middleware.use(StaffSessionRevocation())
    if configuration.secureCookies, configuration.mail.publicURL.hasPrefix("http://") {
        app.logger.notice("cookies are Secure (MADOGUCHI_SECURE_COOKIES): over plain HTTP only http://localhost and http://127.0.0.1 work, in Chromium and Firefox; set MADOGUCHI_SECURE_COOKIES=0 for other local development")
    }

    app.routes.defaultMaxBodySize = ByteCount(value: configuration.maxBodyBytes)
    app.http.server.configuration.hostname = configuration.hostname
    app.http.server.configuration.port = configuration.port
    // A connection with no bytes either way for this long is closed (slow or abandoned clients).
    app.http.server.configuration.idleTimeout = .seconds(Int64(configuration.connections.idleTimeoutSeconds))
    // The network faces `FrontServer` (connection caps, request-head timeout), which hands complete
    // requests to Vapor's server on a private Unix socket.
    let front = FrontServer(application: app, connections: configuration.connections, trustedProxies: configuration.trustedProxies)
    app.servers.use { _ in front }

    let registry = PrometheusCollectorRegistry()
    let lifeEvents: LifeEventCatalog
    do {
        lifeEvents = try configuration.rulesDirectory.map { try LifeEventCatalog.load(from: URL(fileURLWithPath: $0)) } ?? LifeEventCatalog.load()
    } catch {
        throw Configuration.Problem(setting: "counter rules" + (configuration.rulesDirectory.map { " (MADOGUCHI_RULES_DIR=\($0))" } ?? ""),
                                    message: String(describing: error))
    }
    let forms = try FormCatalog.load()
    app.madoguchi = MadoguchiServices(configuration: configuration, audit: HashChainAuditLog(), hasher: BcryptHasher(cost: passwordCost),
                                      metrics: registry, loginLimiter: LoginRateLimiter(),
                                      cipher: FieldCipher(keyRing: try FieldKeys.ring(for: configuration)), lifeEvents: lifeEvents,
                                      catalogCache: LifeEventCatalogCache(shipped: lifeEvents), formCatalog: forms,
                                      formCatalogCache: FormCatalogCache(shipped: forms))
    app.madoguchi.sharedBlobStore = app.makeSharedBlobStore(store: configuration.store)
    app.madoguchi.submissionWriter = app.makeSubmissionWriter(store: configuration.store, audit: app.madoguchi.audit,
                                                              outbox: app.madoguchi.mailOutbox)

    let pageCache = PublicPageCache(settings: configuration.pageCache, metrics: PublicPageCacheMetrics(registry: registry))
    app.publicPageCache = pageCache
    app.publicLookups = PublicLookupCache(pages: pageCache)
    app.middleware = Middlewares()
    app.middleware.use(PublicPageCacheMiddleware(cache: pageCache))
    app.middleware.use(RequestIDMiddleware())
    app.middleware.use(ConcurrencyLimitMiddleware(limit: configuration.connections.maxConcurrentRequests))
    app.middleware.use(MetricsMiddleware(registry: registry))
    app.middleware.use(SecurityHeadersMiddleware(strictTransport: configuration.secureCookies))
    app.middleware.use(PageErrorMiddleware())
    app.middleware.use(ControlCharacterMiddleware())
    app.middleware.use(LanguageCookieMiddleware())
    app.middleware.use(CSRFCookieMiddleware(secure: configuration.secureCookies))

    if case .sqlite = configuration.store, let sql = app.db as? any SQLDatabase {
        // Write-ahead logging: readers never wait for a writer, and a commit is one fsync of the log
        // (synchronous stays FULL, so a committed receipt survives a power cut). Kept in the file.
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        try await SQLiteBulkWrite.prepareConnections(app.eventLoopGroup.makeIterator().compactMap {
            app.databases.database(.sqlite, logger: app.logger, on: $0)
        })
    }
    try await app.autoMigrate()
    try await app.copyBlobFolderIntoSharedStore()
    if configuration.loadDemo {
        try await DemoMunicipality.loadIfEmpty(app: app, credentialsDirectory: configuration.dataDirectory)
    }
    if configuration.mail.intervalSeconds > 0, app.madoguchi.mailTransport == nil {
        app.logger.notice("no MADOGUCHI_SMTP_HOST: e-mail (receipts, resume and verification links) waits in the outbox")
    }
    DeclaredJobs.register(on: app)
    try await app.activeAlerts.reload(on: app.db)
    app.lifecycle.use(ActiveAlertCache.job(cache: app.activeAlerts, pageCache: pageCache))
    if pageCache.enabled { app.lifecycle.use(PublicPageCacheSync.job(cache: pageCache, interval: configuration.pageCache.syncSeconds)) }
    try routes(app)
}

/// Registers every screen and API; the folder under `Screens/` is named after the URL.
func routes(_ app: Application) throws {
    try app.register(collection: OperationsController())
    try app.register(collection: RootController())
    try app.register(collection: LifeEventsAPIController())
    try app.register(collection: OpenAPIController())
    let municipality = app.grouped(":municipality").grouped(TenantMiddleware())
    try municipality.register(collection: PublicHomeController())
    try municipality.register(collection: LifeEventsController())
    try municipality.register(collection: LifeEventsAPIController(tenantScoped: true))
    try municipality.register(collection: PrivacyController())
    try municipality.register(collection: CKANActionController())
    try municipality.register(collection: DatasetsController())
    try municipality.register(collection: StandardsController())
    try municipality.register(collection: FormsController())
    try municipality.register(collection: ResultsController())
    try municipality.register(collection: SurveysController())
    try municipality.register(collection: NoticesController())
    try municipality.register(collection: SheltersController())
    try municipality.register(collection: NoticeSubscriptionsController())
    try municipality.register(collection: ModuleExportsController())
    try municipality.register(collection: AlertsController())
    let staffArea = municipality.grouped("staff").grouped(NoStoreMiddleware()).grouped(StaffSessionMiddleware()).grouped(CSRFMiddleware())
    try staffArea.register(collection: StaffLoginController())
    let signedIn = staffArea.grouped(StaffAuthMiddleware())
    try signedIn.register(collection: StaffDashboardController())
    try signedIn.register(collection: StaffPasswordController())
    try signedIn.register(collection: StaffSessionsController())
    try signedIn.register(collection: StaffAuditController())
    try signedIn.register(collection: StaffMembersController())
    try signedIn.register(collection: StaffDepartmentsController())
    try signedIn.register(collection: StaffMunicipalitiesController())
    try signedIn.register(collection: StaffCounterController())
    try signedIn.register(collection: StaffProceduresController())
    try signedIn.register(collection: StaffFormsController())
    try signedIn.register(collection: StaffPrivacyRequestsController())
    try signedIn.register(collection: StaffDatasetsController())
    try signedIn.register(collection: StaffAPITokensController())
    try signedIn.register(collection: StaffCategoriesController())
    try signedIn.register(collection: StaffApplicationsController())
    try signedIn.register(collection: StaffIndicatorsController())
    try signedIn.register(collection: StaffMeasuresController())
    try signedIn.register(collection: StaffProgrammesController())
    try signedIn.register(collection: StaffSurveysController())
    try signedIn.register(collection: StaffTrendsController())
    try signedIn.register(collection: StaffNoticesController())
    try signedIn.register(collection: StaffSheltersController())
    try signedIn.register(collection: StaffAlertsController())
    try signedIn.register(collection: StaffWebhooksController())
}
