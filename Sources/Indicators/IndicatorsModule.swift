import MadoguchiCore

/// PDCA: the plan's indicators and their values per fiscal year (成り行き値・目標値・実績値・見込み値),
/// 施策 (measures) and their evaluation sheets. Live figures come from the other modules' manifests
/// (`IndicatorRegistry`); what no module computes is declared here and entered by staff.
public enum IndicatorsModule {
    public static let manifest = ModuleManifest(
        id: "indicators",
        title: LocalizedText(ja: "施策評価・指標", en: "Indicators and evaluation"),
        migrations: [CreateIndicatorValues(), CreateIndicatorValueChanges(), CreateMeasures(), CreateMeasureEvaluations(),
                     CreateProgrammes(), CreateProgrammeEvaluations()],
        grants: [
            .municipalityAdministrator: [IndicatorsPermission.view, IndicatorsPermission.enterValues, IndicatorsPermission.editMeasures],
            .departmentStaff: [IndicatorsPermission.view, IndicatorsPermission.enterValues],
            .auditor: [IndicatorsPermission.view],
        ],
        indicators: EnteredIndicators.all + DerivedIndicators.all
    )
}

/// The indicators module's permissions.
public enum IndicatorsPermission {
    /// Read indicators, their values and the evaluation sheets.
    public static let view = Permission("indicators.view")
    /// Enter or revert a value (成り行き値・目標値・実績値・見込み値) for a fiscal year.
    public static let enterValues = Permission("indicators.values.enter")
    /// Define 施策 and write their evaluations.
    public static let editMeasures = Permission("indicators.measures.edit")
}
