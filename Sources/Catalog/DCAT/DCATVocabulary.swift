/// The controlled vocabularies DCAT-AP 2.1.1 expects as IRIs: the EU Publications Office authority
/// tables (languages, file types, planned availability) and IANA media types.
enum DCATVocabulary {
    static let japanese = "http://publications.europa.eu/resource/authority/language/JPN"
    /// The licence of the catalogue's own metadata (its descriptions of datasets): CC BY 4.0, the
    /// licence the Japanese government's standard terms of use (政府標準利用規約 2.0) are compatible with.
    static let metadataLicence = "https://creativecommons.org/licenses/by/4.0/"
    /// An uploaded file stays at its address while the dataset is published.
    static let stable = "http://publications.europa.eu/resource/authority/planned-availability/STABLE"
    /// A linked file lives elsewhere; the catalogue only knows it is available now.
    static let available = "http://publications.europa.eu/resource/authority/planned-availability/AVAILABLE"

    /// The EU file-type authority IRI of a CKAN format, when the table has it.
    static func fileType(_ format: String) -> String? {
        let codes = ["CSV": "CSV", "TSV": "TSV", "JSON": "JSON", "GEOJSON": "GEOJSON", "XLSX": "XLSX", "XLS": "XLS", "PDF": "PDF",
                     "ZIP": "ZIP", "XML": "XML", "TXT": "TXT", "TTL": "RDF_TURTLE", "RDF": "RDF_XML", "JSONLD": "JSON_LD",
                     "KML": "KML", "ODS": "ODS", "DOCX": "DOCX", "HTML": "HTML", "PNG": "PNG", "JPG": "JPEG", "JPEG": "JPEG", "SHP": "SHP"]
        return codes[format.uppercased()].map { "http://publications.europa.eu/resource/authority/file-type/\($0)" }
    }

    /// The IANA registry IRI of a media type (`text/csv`).
    static func mediaType(_ mime: String) -> String { "https://www.iana.org/assignments/media-types/\(mime)" }

    /// ADMS publisher type of a municipality and its departments.
    static let localAuthority = "http://purl.org/adms/publishertype/LocalAuthority"

    /// The ADMS licence type of a licence document, for the licences Madoguchi offers.
    static func licenceType(_ url: String) -> (iri: String, label: String)? {
        if url.hasPrefix("https://creativecommons.org/publicdomain/zero/") { return ("http://purl.org/adms/licencetype/PublicDomain", "Public domain") }
        if url.hasPrefix("https://creativecommons.org/licenses/by/") || url.hasPrefix("https://www.digital.go.jp/resources/open_data/public_data_license") {
            return ("http://purl.org/adms/licencetype/Attribution", "Attribution")
        }
        return nil
    }
}
