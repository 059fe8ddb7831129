import Counter
import FluentKit
import Forms
import Foundation
import Logging
import MadoguchiCore
import Mail
import Privacy
@testable import WebApp
import XCTest

/// What the module manifests declare besides tables and columns: the sources a disclosure request
/// searches, the background jobs, the indicators. Each test fails when a module drops (or stops
/// honouring) a declaration; on the engine of `DATABASE_URL`.
final class ManifestDeclarationsTests: XCTestCase {
    var test: TestApp!

    override func setUp() async throws { test = try await makeTestApp() }

    /// After a demo-like run, the resident 山田花子 has records in every file that declares a source,
    /// and the officer's request page gathers those of the other modules.
    func testEveryDeclaredRecordSourceFindsTheDemoResident() async throws {
        let records = try await test.demoRun()
        let declared = Modules.all.flatMap(\.recordSources)
        let sources = Modules.all.personalRecordSources
        XCTAssertEqual(sources.count, declared.count, "every declared source searches (is a PersonalRecordSource)")
        XCTAssertEqual(Set(sources.map(\.fileID)), ["counter.sessions", "forms.applications", "privacy.requests"],
                       "every file that holds residents' records is searched")
        let files = Set(Modules.all.flatMap(\.personalInformationFiles).map(\.id))
        let municipalityID = try test.kunitachi.requireID()
        for source in sources {
            XCTAssertTrue(files.contains(source.fileID), "\(source.fileID) is a declared file")
            let found = try await source.records(matchingName: "山田花子", municipalityID: municipalityID,
                                                 cipher: test.app.madoguchi.cipher, on: test.app.db)
            XCTAssertFalse(found.isEmpty, "\(source.fileID) finds the demo resident")
            XCTAssertTrue(found.allSatisfy { $0.fileID == source.fileID })
        }

        let officer = Browser(app: test.app)
        _ = try await officer.signIn("privacy_officer", password: test.password)
        let page = try await officer.get(records.privacyRequest)
        XCTAssertEqual(page.status, .ok)
        for name in [CounterModule.sessionsFile.name, FormsModule.applicationsFile.name] {
            XCTAssertTrue(page.body.string.contains(name), "the request page gathers records of \(name)")
        }
    }

    /// Every declared job runs once with the services the server gives it; the mail job sends the
    /// demo's queued mail (the receipt and the resume link) and leaves nothing queued.
    func testEveryDeclaredJobRunsOnce() async throws {
        _ = try await test.demoRun()
        let jobs = Modules.all.flatMap(\.jobs)
        XCTAssertEqual(Set(jobs.map(\.name)), ["core.staff_sessions.purge", "privacy.retention", "mail.delivery", "notices.fanout",
                                                "notices.subscriptions.expire", "notices.webhooks.expire"])
        for job in jobs {
            XCTAssertNotNil(test.app.madoguchi.configuration.jobIntervalSeconds(setting: job.intervalSetting),
                            "\(job.name)'s interval setting is a configured one")
        }
        let transport = CapturingMailTransport()
        let services = test.app.madoguchi
        let context = BackgroundJobContext(database: test.app.db, logger: Logger(label: "test"), manifests: services.manifests,
                                           audit: services.audit, configuration: services.configuration,
                                           services: [services.cipher, MailSender(transport: transport, from: "no-reply@example.jp")])
        for job in jobs { try await job.run(context) }
        XCTAssertEqual(transport.sent.count, 4, "the receipt, the resume link, the mail subscription's confirmation and the templated notice mail")
        let queued = try await OutboxMessage.query(on: test.app.db).filter(\.$status == DeliveryStatus.created.rawValue).count()
        XCTAssertEqual(queued, 0)

        // Without a transport (no SMTP host), the server's context has no sender: mail waits.
        XCTAssertNil(DeclaredJobs.context(app: test.app).service(MailSender.self))
    }

    /// Every declared indicator reads for the demo municipality, and the figures the run produced show.
    func testEveryDeclaredIndicatorReads() async throws {
        _ = try await test.demoRun()
        let indicators = Modules.all.flatMap(\.indicators)
        XCTAssertEqual(Set(indicators.map(\.id)), [
            "catalog.published_datasets", "catalog.published_resources_by_format", "catalog.published_datasets_by_standard",
            "catalog.downloads_by_month", "catalog.open_data_kinds", "catalog.conforming_standard_datasets",
            "mail.delivery_success_rate",
            "forms.online_procedures", "forms.applications_by_month", "forms.median_processing_days",
            "counter.sessions", "privacy.requests", "privacy.requests_within_deadline", "indicators.digital_takeup",
            "indicators.population", "indicators.departments_using_resident_data", "indicators.survey_information_disclosed",
            "indicators.survey_privacy_protected", "indicators.cost_national", "indicators.cost_prefectural", "indicators.cost_bonds",
            "indicators.cost_other", "indicators.cost_general", "indicators.work_hours", "indicators.personnel_cost",
            "indicators.programme_count", "indicators.settled_amount", "indicators.staff_regular", "indicators.staff_reappointed",
            "indicators.average_cost_regular", "indicators.average_cost_reappointed", "indicators.review_board_meetings",
            "indicators.security_training_attendees", "indicators.cost_per_resident",
            "notices.published_by_month", "notices.alerts_issued", "notices.subscribers_by_category",
            "notices.alert_first_mail_median_seconds", "notices.alert_first_mail_max_seconds", "notices.alert_first_mail_alerts",
        ])
        let municipalityID = try test.kunitachi.requireID()
        var values: [String: IndicatorDeclaration.Value] = [:]
        for indicator in indicators { values[indicator.id] = try await indicator.read?(municipalityID, test.app.db) }
        guard case .count(let online)? = values["forms.online_procedures"] else { return XCTFail("\(values)") }
        XCTAssertGreaterThan(online, 0)
        guard case .table(let applications)? = values["forms.applications_by_month"] else { return XCTFail("\(values)") }
        XCTAssertEqual(applications.values.flatMap(\.values).reduce(0, +), 1, "the demo's one application")
        XCTAssertEqual(values["forms.median_processing_days"], .measure(nil), "none decided yet")
        guard case .count? = values["catalog.published_datasets"] else { return XCTFail("\(values)") }
    }
}
