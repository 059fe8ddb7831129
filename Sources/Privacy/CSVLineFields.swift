/// Splits one physical CSV line into fields with their Unicode-scalar offsets.
///
/// The CSV packages on hand yield rows but not where a cell sits in its line, and the scan
/// report must give that position; this splitter handles RFC 4180 quoting within a line.
enum CSVLineFields {
    struct Field {
        let text: String
        /// Scalar offset in the line of the field's first content character.
        let offset: Int
    }

    static func split(_ line: String) -> [Field] {
        var fields: [Field] = []
        var current = String.UnicodeScalarView()
        var start = 0
        var quoted = false
        var index = 0
        let scalars = Array(line.unicodeScalars)
        var fieldStarted = true
        while index < scalars.count {
            let s = scalars[index]
            if quoted {
                if s == "\"" {
                    if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        current.append("\""); index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(s)
                }
            } else if s == "\"" && fieldStarted && current.isEmpty {
                quoted = true
                start = index + 1
            } else if s == "," {
                fields.append(Field(text: String(current), offset: start))
                current = String.UnicodeScalarView()
                start = index + 1
                fieldStarted = true
                index += 1
                continue
            } else if s != "\r" {
                current.append(s)
            }
            fieldStarted = false
            index += 1
        }
        fields.append(Field(text: String(current), offset: start))
        return fields
    }
}
