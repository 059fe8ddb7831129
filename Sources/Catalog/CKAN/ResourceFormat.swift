/// Resource formats: guessed from file names, given MIME types, and rated on Tim Berners-Lee's
/// 5-star open-data scale (the scale Japanese catalogues show next to each file).
public enum ResourceFormat {
    public static func guess(fileName: String) -> String {
        let lower = fileName.lowercased()
        if lower.hasSuffix(".geojson") { return "GeoJSON" }
        guard let dot = lower.lastIndex(of: "."), dot < lower.index(before: lower.endIndex) else { return "" }
        return String(lower[lower.index(after: dot)...]).uppercased()
    }

    public static func mimeType(for format: String) -> String? {
        [
            "CSV": "text/csv", "TSV": "text/tab-separated-values", "JSON": "application/json", "GEOJSON": "application/geo+json",
            "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLS": "application/vnd.ms-excel",
            "PDF": "application/pdf", "ZIP": "application/zip", "XML": "application/xml", "TXT": "text/plain",
            "TTL": "text/turtle", "RDF": "application/rdf+xml", "JSONLD": "application/ld+json", "KML": "application/vnd.google-earth.kml+xml",
            "ODS": "application/vnd.oasis.opendocument.spreadsheet", "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "HTML": "text/html", "PNG": "image/png", "JPG": "image/jpeg", "JPEG": "image/jpeg", "SHP": "application/x-esri-shape",
        ][format.uppercased()]
    }

    /// ★ on the web with an open licence; ★★ machine-readable; ★★★ non-proprietary; ★★★★ RDF/URIs; ★★★★★ linked.
    public static func openness(format: String, openLicence: Bool = true) -> Int {
        guard openLicence else { return 0 }
        switch format.uppercased() {
        case "PDF", "JPG", "JPEG", "PNG", "DOC", "DOCX", "HTML", "": return 1
        case "XLS", "XLSX", "SHP": return 2
        case "CSV", "TSV", "JSON", "GEOJSON", "XML", "TXT", "ODS", "KML", "ZIP": return 3
        case "RDF", "TTL", "JSONLD", "SPARQL": return 4
        case "LOD": return 5
        default: return 1
        }
    }
}
