import Foundation

/// A dataset and its distributions in DCAT-AP terms.
extension DCATSerializer {
    func dataset(_ p: CKANPackage) -> [RDFStatement] {
        var s: [RDFStatement] = []
        let uri = datasetURI(p)
        let dataset = RDFTerm.iri(uri)
        s.append(.init(dataset, "rdf:type", .iri(RDFNamespace.dcat + "Dataset")))
        s.append(.init(dataset, "dct:identifier", .literal(p.id, language: nil)))
        s.append(.init(dataset, "dct:title", .literal(p.title, language: "ja")))
        // dct:description is mandatory in DCAT-AP: a dataset without notes is described by its title.
        s.append(.init(dataset, "dct:description", .literal(p.notes.isEmpty ? p.title : p.notes, language: "ja")))
        for tag in p.tags { s.append(.init(dataset, "dcat:keyword", .literal(tag.name, language: "ja"))) }
        let landing = RDFTerm.iri(p.url.isEmpty ? "\(siteURL)/dataset/\(p.name)" : p.url)
        s.append(.init(dataset, "dcat:landingPage", landing))
        s.append(.init(landing, "rdf:type", .iri(RDFNamespace.foaf + "Document")))
        s.append(.init(dataset, "dct:issued", dateTime(p.metadata_created)))
        s.append(.init(dataset, "dct:modified", dateTime(p.metadata_modified)))
        if !p.license_url.isEmpty { s += licence(p.license_url, of: dataset) }
        if let org = p.organization {
            let publisher = RDFTerm.iri("\(siteURL)/organization/\(org.name)")
            s.append(.init(dataset, "dct:publisher", publisher))
            agent(publisher, name: org.title, into: &s)
        }
        if p.maintainer != nil || p.maintainer_email != nil {
            let contact = RDFTerm.iri(uri + "#contact")
            s.append(.init(dataset, "dcat:contactPoint", contact))
            s.append(.init(contact, "rdf:type", .iri(RDFNamespace.vcard + "Organization")))
            s.append(.init(contact, "rdf:type", .iri(RDFNamespace.vcard + "Kind")))
            if let name = p.maintainer { s.append(.init(contact, "vcard:fn", .literal(name, language: "ja"))) }
            if let mail = p.maintainer_email { s.append(.init(contact, "vcard:hasEmail", .iri("mailto:" + mail))) }
        }
        func extra(_ key: String) -> String? { p.extras.first { $0.key == key }?.value }
        if let frequency = extra("update_frequency").flatMap(UpdateFrequency.init(rawValue:)) {
            s.append(.init(dataset, "dct:accrualPeriodicity", .iri(frequency.dcatURI)))
            s.append(.init(.iri(frequency.dcatURI), "rdf:type", .iri(RDFNamespace.dct + "Frequency")))
        }
        s.append(.init(dataset, "dct:spatial", .iri(areaURI)))
        if let spatial = extra("spatial_text") {
            let place = RDFTerm.iri(uri + "#spatial")
            s.append(.init(dataset, "dct:spatial", place))
            s.append(.init(place, "rdf:type", .iri(RDFNamespace.dct + "Location")))
            s.append(.init(place, "locn:geographicName", .literal(spatial, language: "ja")))
        }
        let start = extra("temporal_start"), end = extra("temporal_end")
        if start != nil || end != nil {
            let period = RDFTerm.iri(uri + "#temporal")
            s.append(.init(dataset, "dct:temporal", period))
            s.append(.init(period, "rdf:type", .iri(RDFNamespace.dct + "PeriodOfTime")))
            if let start { s.append(.init(period, "dcat:startDate", .typed(start, RDFNamespace.xsd + "date"))) }
            if let end { s.append(.init(period, "dcat:endDate", .typed(end, RDFNamespace.xsd + "date"))) }
        }
        for group in p.groups {
            let theme = RDFTerm.iri("\(themesURI)/\(group.name)")
            s.append(.init(dataset, "dcat:theme", theme))
            s.append(.init(theme, "rdf:type", .iri(RDFNamespace.skos + "Concept")))
            s.append(.init(theme, "skos:prefLabel", .literal(group.title, language: "ja")))
            s.append(.init(theme, "skos:inScheme", .iri(themesURI)))
        }
        for r in p.resources { s += distribution(r, of: p) }
        return s
    }

    func distribution(_ r: CKANResource, of p: CKANPackage) -> [RDFStatement] {
        var s: [RDFStatement] = []
        let uri = "\(datasetURI(p))/resource/\(r.id)"
        let distribution = RDFTerm.iri(uri)
        s.append(.init(.iri(datasetURI(p)), "dcat:distribution", distribution))
        s.append(.init(distribution, "rdf:type", .iri(RDFNamespace.dcat + "Distribution")))
        s.append(.init(distribution, "dct:title", .literal(r.name, language: "ja")))
        if !r.description.isEmpty { s.append(.init(distribution, "dct:description", .literal(r.description, language: "ja"))) }
        s.append(.init(distribution, "dcat:accessURL", .iri(r.url)))
        let upload = r.url_type == "upload"
        if upload { s.append(.init(distribution, "dcat:downloadURL", .iri(r.url))) }
        s += upload ? concept(DCATVocabulary.stable, label: "stable", as: "dcatap:availability", of: distribution)
                    : concept(DCATVocabulary.available, label: "available", as: "dcatap:availability", of: distribution)
        if let mime = r.mimetype {
            let mediaType = RDFTerm.iri(DCATVocabulary.mediaType(mime))
            s.append(.init(distribution, "dcat:mediaType", mediaType))
            s.append(.init(mediaType, "rdf:type", .iri(RDFNamespace.dct + "MediaType")))
        }
        if !r.format.isEmpty {
            // A format the EU table lacks is described on the distribution itself.
            let format = RDFTerm.iri(DCATVocabulary.fileType(r.format) ?? uri + "#format")
            s.append(.init(distribution, "dct:format", format))
            s.append(.init(format, "rdf:type", .iri(RDFNamespace.dct + "MediaTypeOrExtent")))
            if DCATVocabulary.fileType(r.format) == nil { s.append(.init(format, "rdfs:label", .literal(r.format, language: nil))) }
        }
        if let size = r.size { s.append(.init(distribution, "dcat:byteSize", .typed(String(size), RDFNamespace.xsd + "decimal"))) }
        if !p.license_url.isEmpty { s += licence(p.license_url, of: distribution) }
        return s
    }
}
