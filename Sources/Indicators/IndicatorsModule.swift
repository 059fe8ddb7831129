import FluentKit
import MadoguchiCore

/// PDCA: the plan's indicators and their values per fiscal year (成り行き値・目標値・実績値・見込み値),
/// 施策 (measures) and their evaluation sheets. Live figures come from the other modules' manifests
/// (`IndicatorRegistry`); what no module computes is declared here and entered by staff.
public enum IndicatorsModule {
    public static let manifest = ModuleManifest(
        id: "indicators",
        title: LocalizedText(ja: "施策評価・指標", en: "Indicators and evaluation"),
        migrations: [CreateIndicatorValues(), CreateIndicatorValueChanges(), CreateMeasures(), CreateMeasureEvaluations(),
                     CreateProgrammes(), CreateProgrammeEvaluations(), CreateDefinitionVersions()],
        grants: [
            .municipalityAdministrator: [IndicatorsPermission.view, IndicatorsPermission.enterValues, IndicatorsPermission.editMeasures],
            .departmentStaff: [IndicatorsPermission.view, IndicatorsPermission.enterValues],
            .auditor: [IndicatorsPermission.view],
        ],
        indicators: EnteredIndicators.all + DerivedIndicators.all
    )
}

extension IndicatorsModule {
    /// `manifests` with the indicators module's entry completed by what needs every module's
    /// declarations: the open-data table of indicator values (`indicators.table`), which reads the
    /// registry over all of them. The platform's module list goes through this once.
    public static func completing(_ manifests: [ModuleManifest]) -> [ModuleManifest] {
        manifests.map { m in
            guard m.id == manifest.id else { return m }
            return ModuleManifest(id: m.id, title: m.title, migrations: m.migrations, grants: m.grants,
                                  personalInformationFiles: m.personalInformationFiles, encryptedColumns: m.encryptedColumns,
                                  retentionTargets: m.retentionTargets, recordSources: m.recordSources, indicators: m.indicators,
                                  jobs: m.jobs, openDataExports: m.openDataExports + [tableExport(reading: manifests)])
        }
    }

    /// 指標の実績値・目標値一覧: one row per indicator and fiscal year (成り行き値, 目標値, 実績値, 見込み値).
    static func tableExport(reading manifests: [ModuleManifest]) -> OpenDataExportDeclaration {
        OpenDataExportDeclaration(id: "indicators.table", title: LocalizedText(ja: "総合計画の指標（実績値・目標値）", en: "The plan's indicators by year")) {
            municipalityID, db in
            guard let municipality = try await Municipality.find(municipalityID, on: db) else { return [] }
            return try await IndicatorHistory.load(registry: IndicatorRegistry(manifests: manifests), municipality: municipality, on: db).rows()
        }
    }
}

/// The indicators module's permissions.
public enum IndicatorsPermission {
    /// Read indicators, their values and the evaluation sheets.
    public static let view = Permission("indicators.view")
    /// Enter or revert a value (成り行き値・目標値・実績値・見込み値) for a fiscal year.
    public static let enterValues = Permission("indicators.values.enter")
    /// Define 施策 and 事務事業 (create, edit, restore an earlier version) and write their evaluations.
    public static let editMeasures = Permission("indicators.measures.edit")
}
