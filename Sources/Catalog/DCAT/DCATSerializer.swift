import Foundation

/// The catalogue and its datasets in DCAT (W3C Data Catalog Vocabulary) as Turtle and JSON-LD, so
/// national and prefectural portals can harvest the city's catalogue as ckanext-dcat sites do.
/// Built from CKAN package dictionaries so both APIs describe a dataset identically. The output
/// conforms to the DCAT-AP 2.1.1 SHACL shapes (mandatory, recommended and range; checked with
/// pyshacl by `DCATShapesTests`): every object of a ranged property is typed with its class, and
/// controlled values are IRIs of the EU vocabularies (`DCATVocabulary`).
public struct DCATSerializer: Sendable {
    public let siteURL: String
    /// The catalogue's title and publisher (the municipality).
    public let catalogTitle: String
    public let publisherName: String
    public let catalogDescription: String

    public static let pageSize = 100

    public init(siteURL: String, catalogTitle: String, publisherName: String, catalogDescription: String? = nil) {
        self.siteURL = siteURL.hasSuffix("/") ? String(siteURL.dropLast()) : siteURL
        self.catalogTitle = catalogTitle
        self.publisherName = publisherName
        self.catalogDescription = catalogDescription ?? "\(publisherName)が公開するオープンデータの目録"
    }

    /// Which page of the catalogue this is, for Hydra paging links, and when the catalogue was first
    /// and last changed (its first dataset's creation, its latest modification).
    public struct Page: Sendable {
        public let number: Int
        public let totalItems: Int
        public let issued: Date?
        public let modified: Date?
        public init(number: Int, totalItems: Int, issued: Date? = nil, modified: Date? = nil) {
            self.number = number; self.totalItems = totalItems; self.issued = issued; self.modified = modified
        }
        var lastPage: Int { max(1, (totalItems + DCATSerializer.pageSize - 1) / DCATSerializer.pageSize) }
    }

    public func datasetURI(_ p: CKANPackage) -> String { "\(siteURL)/dataset/\(p.id)" }
    public var catalogURI: String { "\(siteURL)/catalog" }
    /// The municipality's area, the catalogue's and every dataset's `dct:spatial`.
    var areaURI: String { "\(siteURL)#area" }
    /// The catalogue's groups (categories) as a SKOS concept scheme, the datasets' themes.
    var themesURI: String { "\(siteURL)/group" }

    func graph(packages: [CKANPackage], page: Page?, format: String) -> [RDFStatement] {
        var s: [RDFStatement] = []
        let catalog = RDFTerm.iri(catalogURI)
        let publisher = RDFTerm.iri(siteURL + "/organization/publisher")
        if let page {
            s.append(.init(catalog, "rdf:type", .iri(RDFNamespace.dcat + "Catalog")))
            s.append(.init(catalog, "dct:title", .literal(catalogTitle, language: "ja")))
            s.append(.init(catalog, "dct:description", .literal(catalogDescription, language: "ja")))
            s.append(.init(catalog, "dct:publisher", publisher))
            s.append(.init(catalog, "foaf:homepage", .iri(siteURL + "/dataset")))
            s.append(.init(.iri(siteURL + "/dataset"), "rdf:type", .iri(RDFNamespace.foaf + "Document")))
            s.append(.init(catalog, "dct:language", .iri(DCATVocabulary.japanese)))
            s.append(.init(.iri(DCATVocabulary.japanese), "rdf:type", .iri(RDFNamespace.dct + "LinguisticSystem")))
            s += licence(DCATVocabulary.metadataLicence, of: catalog)
            s.append(.init(catalog, "dct:spatial", .iri(areaURI)))
            s.append(.init(catalog, "dcat:themeTaxonomy", .iri(themesURI)))
            s.append(.init(.iri(themesURI), "rdf:type", .iri(RDFNamespace.skos + "ConceptScheme")))
            s.append(.init(.iri(themesURI), "dct:title", .literal("\(publisherName) データセットの分類", language: "ja")))
            if let issued = page.issued { s.append(.init(catalog, "dct:issued", dateTime(CKANMapping.timestamp(issued)))) }
            if let modified = page.modified { s.append(.init(catalog, "dct:modified", dateTime(CKANMapping.timestamp(modified)))) }
            agent(publisher, name: publisherName, into: &s)
            s += paging(page, format: format)
        }
        s += area()
        for p in packages {
            if page != nil { s.append(.init(catalog, "dcat:dataset", .iri(datasetURI(p)))) }
            s += dataset(p)
        }
        // A node shared by several statements (a licence, a vocabulary term) is typed once.
        var seen = Set<RDFStatement>()
        return s.filter { seen.insert($0).inserted }
    }

    func dateTime(_ text: String) -> RDFTerm { .typed(text, RDFNamespace.xsd + "dateTime") }

    /// A publisher: the municipality or one of its departments, a local authority.
    func agent(_ node: RDFTerm, name: String, into s: inout [RDFStatement]) {
        s.append(.init(node, "rdf:type", .iri(RDFNamespace.foaf + "Organization")))
        s.append(.init(node, "rdf:type", .iri(RDFNamespace.foaf + "Agent")))
        s.append(.init(node, "foaf:name", .literal(name, language: "ja")))
        s += concept(DCATVocabulary.localAuthority, label: "Local Authority", as: "dct:type", of: node)
    }

    /// `subject dct:license <url>`, the licence document typed with its ADMS licence type.
    func licence(_ url: String, of subject: RDFTerm) -> [RDFStatement] {
        var s: [RDFStatement] = [.init(subject, "dct:license", .iri(url)), .init(.iri(url), "rdf:type", .iri(RDFNamespace.dct + "LicenseDocument"))]
        if let type = DCATVocabulary.licenceType(url) { s += concept(type.iri, label: type.label, as: "dct:type", of: .iri(url)) }
        return s
    }

    /// `subject predicate <iri>`, the IRI a SKOS concept with an English label (as the vocabularies give them).
    func concept(_ iri: String, label: String, as predicate: String, of subject: RDFTerm) -> [RDFStatement] {
        [.init(subject, predicate, .iri(iri)), .init(.iri(iri), "rdf:type", .iri(RDFNamespace.skos + "Concept")),
         .init(.iri(iri), "skos:prefLabel", .literal(label, language: "en"))]
    }

    private func area() -> [RDFStatement] {
        [.init(.iri(areaURI), "rdf:type", .iri(RDFNamespace.dct + "Location")),
         .init(.iri(areaURI), "locn:geographicName", .literal(publisherName, language: "ja"))]
    }

    private func paging(_ page: Page, format: String) -> [RDFStatement] {
        var s: [RDFStatement] = []
        let pageURI = RDFTerm.iri("\(siteURL)/catalog.\(format)?page=\(page.number)")
        func link(_ n: Int) -> RDFTerm { .iri("\(siteURL)/catalog.\(format)?page=\(n)") }
        s.append(.init(pageURI, "rdf:type", .iri(RDFNamespace.hydra + "PagedCollection")))
        s.append(.init(pageURI, "hydra:totalItems", .typed(String(page.totalItems), RDFNamespace.xsd + "integer")))
        s.append(.init(pageURI, "hydra:itemsPerPage", .typed(String(Self.pageSize), RDFNamespace.xsd + "integer")))
        s.append(.init(pageURI, "hydra:firstPage", link(1)))
        s.append(.init(pageURI, "hydra:lastPage", link(page.lastPage)))
        if page.number < page.lastPage { s.append(.init(pageURI, "hydra:nextPage", link(page.number + 1))) }
        if page.number > 1 { s.append(.init(pageURI, "hydra:previousPage", link(page.number - 1))) }
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
