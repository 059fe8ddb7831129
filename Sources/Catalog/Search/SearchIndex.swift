import FluentKit
import Foundation
import MadoguchiCore
import SQLKit

/// Keeps the inverted index and the facet rows of one dataset in step with the dataset, inside
/// the caller's transaction. Only published datasets are indexed: drafts never show in search.
public enum SearchIndex {
    static let termsTable = "catalog_search_terms"
    static let facetsTable = "catalog_dataset_facets"

    /// Weights per field: a match in the title counts most.
    enum Weight { static let title = 8, tag = 5, category = 3, organization = 3, resource = 2, notes = 1 }

    /// Notes beyond this length are not indexed: long descriptions would swell the index for little recall.
    static let notesLimit = 2000

    /// `organization` is the department's CKAN name (its code) and display title.
    public static func reindex(_ dataset: Dataset, organization: (name: String, title: String), categoryTitles: [String],
                               resources: [Resource], on database: any Database) async throws {
        let id = try dataset.requireID()
        try await remove(datasetID: id, on: database)
        guard dataset.state == .published else { return }
        var weights: [String: Int] = [:]
        func add(_ text: String, _ weight: Int) {
            for term in SearchTokenizer.distinctTerms(in: text) { weights[term] = max(weights[term] ?? 0, weight) }
        }
        add(dataset.title, Weight.title)
        add(dataset.name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " "), Weight.title)
        dataset.tags.forEach { add($0, Weight.tag) }
        categoryTitles.forEach { add($0, Weight.category) }
        add(organization.title, Weight.organization)
        resources.forEach { add($0.name + " " + $0.format, Weight.resource) }
        add(String(dataset.notes.prefix(notesLimit)), Weight.notes)
        let db = try database.sql(for: "the catalogue")
        let termRows = weights.map { [SQLBind(dataset.municipalityID), SQLBind(id), SQLBind($0.key), SQLBind($0.value)] as [any SQLExpression] }
        for chunk in termRows.chunked(200) {
            let insert = db.insert(into: termsTable).columns("municipality_id", "dataset_id", "term", "weight")
            for row in chunk { insert.values(row) }
            try await insert.run()
        }
        var facets: [(String, String, String)] = []
        facets.append(("organization", organization.name, organization.title))
        facets.append(("license_id", dataset.licenseID, License.named(dataset.licenseID)?.title ?? dataset.licenseID))
        for tag in Set(dataset.tags) { facets.append(("tags", tag, tag)) }
        for (name, title) in zip(dataset.categories, categoryTitles + Array(repeating: "", count: max(0, dataset.categories.count - categoryTitles.count))) {
            facets.append(("groups", name, title.isEmpty ? name : title))
        }
        for format in Set(resources.map(\.format)) where !format.isEmpty { facets.append(("res_format", format, format)) }
        if let standard = dataset.standardDataset { facets.append(("standard_dataset", standard, standard)) }
        let facetRows = facets.map { [SQLBind(dataset.municipalityID), SQLBind(id), SQLBind($0.0), SQLBind($0.1), SQLBind($0.2)] as [any SQLExpression] }
        let insert = db.insert(into: facetsTable).columns("municipality_id", "dataset_id", "facet", "value", "display")
        for row in facetRows { insert.values(row) }
        try await insert.run()
    }

    public static func remove(datasetID: UUID, on database: any Database) async throws {
        let db = try database.sql(for: "the catalogue")
        try await db.delete(from: termsTable).where("dataset_id", .equal, SQLBind(datasetID)).run()
        try await db.delete(from: facetsTable).where("dataset_id", .equal, SQLBind(datasetID)).run()
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
