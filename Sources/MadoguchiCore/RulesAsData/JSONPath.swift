/// A JSON path such as `procedures/3/variants/0/when`: the shared key between decoding errors,
/// values that remember where they were written, and `JSONLineMap`, which turns it into a line.
public enum JSONPath {
    public static func string(_ codingPath: [CodingKey]) -> String {
        codingPath.map { key in key.intValue.map(String.init) ?? key.stringValue }.joined(separator: "/")
    }
}
