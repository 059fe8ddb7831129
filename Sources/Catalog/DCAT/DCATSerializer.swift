import Foundation

/// The catalogue and its datasets in DCAT (W3C Data Catalog Vocabulary) as Turtle and JSON-LD, so
/// national and prefectural portals can harvest the city's catalogue as ckanext-dcat sites do.
/// Built from CKAN package dictionaries so both APIs describe a dataset identically.
public struct DCATSerializer: Sendable {
    public let siteURL: String
    /// The catalogue's title and publisher (the municipality).
    public let catalogTitle: String
    public let publisherName: String

    public static let pageSize = 100

    public init(siteURL: String, catalogTitle: String, publisherName: String) {
        self.siteURL = siteURL.hasSuffix("/") ? String(siteURL.dropLast()) : siteURL
        self.catalogTitle = catalogTitle
        self.publisherName = publisherName
    }

    /// Which page of the catalogue this is, for Hydra paging links.
    public struct Page: Sendable {
        public let number: Int
        public let totalItems: Int
        public init(number: Int, totalItems: Int) { self.number = number; self.totalItems = totalItems }
        var lastPage: Int { max(1, (totalItems + DCATSerializer.pageSize - 1) / DCATSerializer.pageSize) }
    }

    public func datasetURI(_ p: CKANPackage) -> String { "\(siteURL)/dataset/\(p.id)" }
    public var catalogURI: String { "\(siteURL)/catalog" }

    func graph(packages: [CKANPackage], page: Page?, format: String) -> [RDFStatement] {
        var s: [RDFStatement] = []
        let catalog = RDFTerm.iri(catalogURI)
        if let page {
            s.append(.init(catalog, "rdf:type", .iri(RDFNamespace.dcat + "Catalog")))
            s.append(.init(catalog, "dct:title", .literal(catalogTitle, language: "ja")))
            s.append(.init(catalog, "dct:publisher", .iri(siteURL + "/organization/publisher")))
            s.append(.init(.iri(siteURL + "/organization/publisher"), "rdf:type", .iri(RDFNamespace.foaf + "Organization")))
            s.append(.init(.iri(siteURL + "/organization/publisher"), "foaf:name", .literal(publisherName, language: "ja")))
            let pageURI = RDFTerm.iri("\(siteURL)/catalog.\(format)?page=\(page.number)")
            func link(_ n: Int) -> RDFTerm { .iri("\(siteURL)/catalog.\(format)?page=\(n)") }
            s.append(.init(pageURI, "rdf:type", .iri(RDFNamespace.hydra + "PagedCollection")))
            s.append(.init(pageURI, "hydra:totalItems", .typed(String(page.totalItems), RDFNamespace.xsd + "integer")))
            s.append(.init(pageURI, "hydra:itemsPerPage", .typed(String(Self.pageSize), RDFNamespace.xsd + "integer")))
            s.append(.init(pageURI, "hydra:firstPage", link(1)))
            s.append(.init(pageURI, "hydra:lastPage", link(page.lastPage)))
            if page.number < page.lastPage { s.append(.init(pageURI, "hydra:nextPage", link(page.number + 1))) }
            if page.number > 1 { s.append(.init(pageURI, "hydra:previousPage", link(page.number - 1))) }
        }
        for p in packages {
            let dataset = RDFTerm.iri(datasetURI(p))
            if page != nil { s.append(.init(catalog, "dcat:dataset", dataset)) }
            s.append(.init(dataset, "rdf:type", .iri(RDFNamespace.dcat + "Dataset")))
            s.append(.init(dataset, "dct:identifier", .literal(p.id, language: nil)))
            s.append(.init(dataset, "dct:title", .literal(p.title, language: "ja")))
            if !p.notes.isEmpty { s.append(.init(dataset, "dct:description", .literal(p.notes, language: "ja"))) }
            for tag in p.tags { s.append(.init(dataset, "dcat:keyword", .literal(tag.name, language: "ja"))) }
            s.append(.init(dataset, "dcat:landingPage", .iri(p.url.isEmpty ? "\(siteURL)/dataset/\(p.name)" : p.url)))
            s.append(.init(dataset, "dct:issued", .typed(p.metadata_created, RDFNamespace.xsd + "dateTime")))
            s.append(.init(dataset, "dct:modified", .typed(p.metadata_modified, RDFNamespace.xsd + "dateTime")))
            if !p.license_url.isEmpty { s.append(.init(dataset, "dct:license", .iri(p.license_url))) }
            if let org = p.organization {
                let publisher = RDFTerm.iri("\(siteURL)/organization/\(org.name)")
                s.append(.init(dataset, "dct:publisher", publisher))
                s.append(.init(publisher, "rdf:type", .iri(RDFNamespace.foaf + "Organization")))
                s.append(.init(publisher, "foaf:name", .literal(org.title, language: "ja")))
            }
            if p.maintainer != nil || p.maintainer_email != nil {
                let contact = RDFTerm.iri(datasetURI(p) + "#contact")
                s.append(.init(dataset, "dcat:contactPoint", contact))
                s.append(.init(contact, "rdf:type", .iri(RDFNamespace.vcard + "Organization")))
                if let name = p.maintainer { s.append(.init(contact, "vcard:fn", .literal(name, language: "ja"))) }
                if let mail = p.maintainer_email { s.append(.init(contact, "vcard:hasEmail", .iri("mailto:" + mail))) }
            }
            if let frequency = p.extras.first(where: { $0.key == "update_frequency" }).flatMap({ UpdateFrequency(rawValue: $0.value) }) {
                s.append(.init(dataset, "dct:accrualPeriodicity", .iri(frequency.dcatURI)))
            }
            if let spatial = p.extras.first(where: { $0.key == "spatial_text" }) {
                s.append(.init(dataset, "dct:spatial", .literal(spatial.value, language: "ja")))
            }
            for r in p.resources {
                let distribution = RDFTerm.iri("\(datasetURI(p))/resource/\(r.id)")
                s.append(.init(dataset, "dcat:distribution", distribution))
                s.append(.init(distribution, "rdf:type", .iri(RDFNamespace.dcat + "Distribution")))
                s.append(.init(distribution, "dct:title", .literal(r.name, language: "ja")))
                if !r.description.isEmpty { s.append(.init(distribution, "dct:description", .literal(r.description, language: "ja"))) }
                s.append(.init(distribution, "dcat:accessURL", .iri(r.url)))
                if r.url_type == "upload" { s.append(.init(distribution, "dcat:downloadURL", .iri(r.url))) }
                if let mime = r.mimetype { s.append(.init(distribution, "dcat:mediaType", .literal(mime, language: nil))) }
                if !r.format.isEmpty { s.append(.init(distribution, "dct:format", .literal(r.format, language: nil))) }
                if let size = r.size { s.append(.init(distribution, "dcat:byteSize", .typed(String(size), RDFNamespace.xsd + "decimal"))) }
                if !p.license_url.isEmpty { s.append(.init(distribution, "dct:license", .iri(p.license_url))) }
            }
        }
        return s
    }

    public func datasetTurtle(_ p: CKANPackage) -> String { RDFWriter.turtle(graph(packages: [p], page: nil, format: "ttl")) }
    public func datasetJSONLD(_ p: CKANPackage) -> String { RDFWriter.jsonLD(graph(packages: [p], page: nil, format: "jsonld")) }

    /// One page of the catalogue (`page` from 1; `packages` are that page's datasets, at most `pageSize`).
    public func catalogTurtle(_ packages: [CKANPackage], page: Page) -> String {
        RDFWriter.turtle(graph(packages: packages, page: page, format: "ttl"))
    }

    public func catalogJSONLD(_ packages: [CKANPackage], page: Page) -> String {
        RDFWriter.jsonLD(graph(packages: packages, page: page, format: "jsonld"))
    }
}
