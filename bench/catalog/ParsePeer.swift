// `catalog-bench parse <file.csv>`: reads the same UTF-8 file with Madoguchi's CSVRecordReader and with
// CSV.swift's CSVReader (the listed CSV package), in one run, and prints records, cells, time and the
// ratio. This is the measurement that justifies the validator's own reader (bench/catalog/README.md).
import CSV
import Catalog
import Foundation

enum ParsePeer {
    static func run(path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let clock = ContinuousClock()
        var ours = (records: 0, cells: 0)
        let oursTime = clock.measure {
            data.withUnsafeBytes { raw in
                CSVRecordReader.forEachRecord(in: raw.bindMemory(to: UInt8.self)) { record in
                    ours.records += 1
                    ours.cells += record.cells.count
                    return true
                }
            }
        }
        var theirs = (records: 0, cells: 0)
        let theirsTime = try clock.measure {
            let reader = try CSVReader(stream: InputStream(data: data), hasHeaderRow: false)
            while let row = reader.next() {
                theirs.records += 1
                theirs.cells += row.count
            }
            if let error = reader.error { throw error }
        }
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
        let mb = Double(data.count) / 1e6
        print(String(format: "CSVRecordReader: %d records, %d cells, %.1f MB in %.2f s (%.1f MB/s)",
                     ours.records, ours.cells, mb, seconds(oursTime), mb / seconds(oursTime)))
        print(String(format: "CSV.swift CSVReader: %d records, %d cells, %.1f MB in %.2f s (%.1f MB/s)",
                     theirs.records, theirs.cells, mb, seconds(theirsTime), mb / seconds(theirsTime)))
        print(String(format: "ratio CSV.swift / CSVRecordReader = %.1fx; same records and cells: %@",
                     seconds(theirsTime) / seconds(oursTime), ours == theirs ? "yes" : "NO"))
    }
}
