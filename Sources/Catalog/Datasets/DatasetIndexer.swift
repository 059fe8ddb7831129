import FluentKit
import Foundation
import MadoguchiCore

/// Gathers what the search index needs about a dataset (department, categories, resources).
/// Public for bulk loads (the search benchmark, imports from another catalogue); normal changes
/// reindex through `DatasetCommands`.
public enum DatasetIndexer {
    public static func reindex(_ dataset: Dataset, on db: any Database) async throws {
        let department = try await Department.find(dataset.departmentID, on: db)
        let names = dataset.categories
        let categories = names.isEmpty ? [] : try await Category.query(on: db).filter(\.$municipalityID == dataset.municipalityID)
            .filter(\.$name ~~ names).all()
        let titles = names.map { name in categories.first { $0.name == name }?.title ?? name }
        let resources = try await Resource.query(on: db).filter(\.$dataset.$id == dataset.requireID()).filter(\.$deleted == false).all()
        try await SearchIndex.reindex(dataset, organization: (department?.code ?? "", department?.name ?? ""),
                                      categoryTitles: titles, resources: resources, on: db)
    }
}
