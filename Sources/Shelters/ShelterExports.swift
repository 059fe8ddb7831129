import Foundation
import MadoguchiCore

/// The live shelter status as open data: CSV, JSON and GeoJSON, reusing the standard dataset's `NO`
/// and column names so that a reader of the standard list can join them.
public enum ShelterExports {
    static let csvHeader = ["NO", "種別", "名称", "住所", "緯度", "経度", "想定収容人数", "対象となる町会・自治会",
                            "開設状況", "避難者数", "世帯数", "混雑状況", "確認日時"]

    static func kindLabel(_ kind: String) -> String { kind == "evacuation_space" ? "指定緊急避難場所" : "指定避難所" }

    /// The live status as the module's open-data export: the catalogue lists it as a dataset whose
    /// resource is the live CSV (`/{code}/exports/shelters.status.csv`).
    public static let declaration = OpenDataExportDeclaration(
        id: "shelters.status", title: LocalizedText(ja: "避難所の開設状況", en: "Shelter status (live)")
    ) { municipalityID, database in
        [csvHeader] + table(try await ShelterQueries().list(municipalityID: municipalityID, on: database))
    }

    /// CSV (UTF-8 with BOM, CRLF) with Japanese labels, one row per shelter.
    public static func csv(_ shelters: [Shelter]) -> String {
        CSVWriter.document(header: csvHeader, rows: table(shelters))
    }

    static func table(_ shelters: [Shelter]) -> [[String]] {
        shelters.map { s in
            [s.standardID, kindLabel(s.kind), s.name, s.address, s.latitude.map { String($0) } ?? "", s.longitude.map { String($0) } ?? "",
             s.capacity.map(String.init) ?? "", s.area, s.shelterStatus.label.ja, s.headCount.map(String.init) ?? "",
             s.households.map(String.init) ?? "", s.crowdingLevel?.label.ja ?? "", s.checkedAt.map(TimestampText.japanISO8601) ?? ""]
        }
    }

    /// One shelter's fields for JSON and GeoJSON: codes (stable) beside their Japanese labels.
    static func properties(_ s: Shelter) -> [String: Any] {
        var p: [String: Any] = [
            "id": s.standardID, "kind": s.kind, "kind_label": kindLabel(s.kind), "name": s.name, "address": s.address,
            "area": s.area, "status": s.status, "status_label": s.shelterStatus.label.ja,
        ]
        p["capacity"] = s.capacity ?? NSNull()
        p["head_count"] = s.headCount ?? NSNull()
        p["households"] = s.households ?? NSNull()
        p["crowding"] = s.crowding ?? NSNull()
        p["crowding_label"] = s.crowdingLevel?.label.ja ?? NSNull()
        p["checked_at"] = s.checkedAt.map(TimestampText.japanISO8601) ?? NSNull()
        return p
    }

    /// `{"municipality_code", "generated_at", "shelters": [...]}`.
    public static func json(_ shelters: [Shelter], municipalityCode: String, generatedAt: Date) throws -> Data {
        let document: [String: Any] = [
            "municipality_code": municipalityCode, "generated_at": TimestampText.japanISO8601(generatedAt),
            "shelters": shelters.map { s -> [String: Any] in
                var p = properties(s)
                p["latitude"] = s.latitude ?? NSNull()
                p["longitude"] = s.longitude ?? NSNull()
                return p
            },
        ]
        return try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    }

    /// RFC 7946 FeatureCollection of the shelters that have coordinates (longitude first).
    public static func geoJSON(_ shelters: [Shelter]) throws -> Data {
        let features: [[String: Any]] = shelters.compactMap { s in
            guard let latitude = s.latitude, let longitude = s.longitude else { return nil }
            return ["type": "Feature", "id": s.standardID, "geometry": ["type": "Point", "coordinates": [longitude, latitude]],
                    "properties": properties(s)]
        }
        return try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features], options: [.sortedKeys])
    }
}
