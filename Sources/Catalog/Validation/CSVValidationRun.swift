import Foundation
import MadoguchiCore

/// One reading of a file from its first byte, fed in pieces: it finds the encoding as
/// `TextDecoding.decode` does for the whole file and validates the text as it streams. UTF-8 is
/// assumed until a byte disproves it; then the run ends asking for a second reading as Shift_JIS,
/// which is what decoding the whole file would have chosen.
struct CSVValidationRun {
    /// How the bytes are to be read: found from the first bytes, or known from a first reading.
    enum Plan { case detect, shiftJIS }

    enum Outcome {
        case report(ValidationReport)
        case readAgain(Plan)
    }

    /// Sniffing collects the first bytes (up to 8 KiB) that decide the encoding.
    private enum Mode { case sniffing, utf8, decoding }

    private static let sniffLength = 8192
    private let plan: Plan
    private var mode = Mode.sniffing
    private var head: [UInt8] = []
    private var utf8 = UTF8Validation()
    private var withBOM = false
    /// BOM bytes still to drop from the front of the stream.
    private var bytesToSkip = 0
    private var decoder: TextPieceDecoder?
    /// A UTF-16 BOM that turns out not to start UTF-16: what whole-file decoding concludes then.
    private var failureAfterUTF16 = TextDecoding.Failure.unknownEncoding
    private var decided: Outcome?
    private var pass: CSVValidationPass
    private var encoding: TextDecoding.Encoding?

    init(schema: TableSchema, limits: ValidationLimits, plan: Plan) {
        self.plan = plan
        pass = CSVValidationPass(schema: schema, limits: limits, collector: IssueCollector(maxReported: limits.maxReportedIssues))
    }

    /// Takes the next piece; false when nothing more needs reading. A pass stopped by the row limit
    /// still reads on: a byte that is not UTF-8 further on changes the encoding, hence the report.
    mutating func feed(_ piece: UnsafeBufferPointer<UInt8>) -> Bool {
        guard decided == nil else { return false }
        if mode == .sniffing {
            head.append(contentsOf: piece)
            guard head.count >= Self.sniffLength else { return true }
            beginWithHead()
        } else {
            take(piece)
        }
        return decided == nil
    }

    /// Ends the reading: the report, or the plan for a second reading.
    mutating func finish() -> Outcome {
        if decided == nil, mode == .sniffing { beginWithHead() }
        if let decided { return decided }
        switch mode {
        case .utf8:
            if !utf8.isComplete { return notUTF8() }
        case .decoding:
            guard let text = decoder!.decode(UnsafeBufferPointer(start: nil, count: 0), isFinal: true) else { return notDecodable() }
            feedText(text)
        case .sniffing:
            break
        }
        pass.finish()
        return .report(pass.collector.report(schema: pass.schema, encoding: encoding, rows: pass.dataRows))
    }

    private mutating func beginWithHead() {
        begin(head)
        let bytes = head
        head = []
        bytes.withUnsafeBufferPointer { take($0) }
    }

    /// Chooses how to read from the first bytes, in `TextDecoding.decode`'s order.
    private mutating func begin(_ head: [UInt8]) {
        if plan == .shiftJIS {
            startDecoding(.shiftJIS, as: .shiftJIS)
        } else if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            // Foundation drops one more BOM right after the first.
            let second = head.count >= 6 && head[3...5].elementsEqual([0xEF, 0xBB, 0xBF])
            encoding = .utf8WithBOM
            withBOM = true
            bytesToSkip = second ? 6 : 3
            mode = .utf8
        } else if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            failureAfterUTF16 = Self.looksBinary(head) ? .binary : .unknownEncoding
            bytesToSkip = 2
            if head[0] == 0xFF {
                startDecoding(.utf16LittleEndian, as: .utf16LittleEndian)
            } else {
                startDecoding(.utf16BigEndian, as: .utf16BigEndian)
            }
        } else if Self.looksBinary(head) {
            decided = unreadable(.binary)
        } else {
            encoding = .utf8
            mode = .utf8
        }
    }

    private static func looksBinary(_ head: [UInt8]) -> Bool {
        TextDecoding.looksBinary(Data(head.prefix(sniffLength)))
    }

    private mutating func startDecoding(_ source: TextPieceDecoder.Source, as encoding: TextDecoding.Encoding) {
        self.encoding = encoding
        decoder = TextPieceDecoder(source)
        mode = .decoding
        pass.collector.add(ValidationIssue(code: .notUTF8, message: LocalizedText(
            ja: "文字コードが \(encoding.rawValue) です。UTF-8 に変換して公開してください（変換できます）",
            en: "The file is \(encoding.rawValue); publish it as UTF-8 (conversion is offered)")))
    }

    private mutating func take(_ piece: UnsafeBufferPointer<UInt8>) {
        guard decided == nil else { return }
        var bytes = piece
        if bytesToSkip > 0 {
            let n = min(bytesToSkip, bytes.count)
            bytesToSkip -= n
            bytes = UnsafeBufferPointer(rebasing: bytes[n...])
        }
        switch mode {
        case .utf8:
            guard utf8.accept(bytes) else { decided = notUTF8(); return }
            pass.feed(bytes)
        case .decoding:
            guard let text = decoder!.decode(bytes, isFinal: false) else { decided = notDecodable(); return }
            feedText(text)
        case .sniffing:
            break
        }
    }

    private mutating func feedText(_ text: String) {
        var text = text
        text.withUTF8 { pass.feed($0) }
    }

    /// Invalid UTF-8: after a BOM the file is unreadable; without one it may be Shift_JIS.
    private func notUTF8() -> Outcome {
        withBOM ? unreadable(.unknownEncoding) : .readAgain(.shiftJIS)
    }

    /// Not Shift_JIS either; or not UTF-16 after all, when whole-file decoding would go on to
    /// binary, UTF-8 and Shift_JIS, and bytes starting FF FE or FE FF are neither of the last two.
    private func notDecodable() -> Outcome {
        unreadable(decoder?.source == .shiftJIS ? .unknownEncoding : failureAfterUTF16)
    }

    private func unreadable(_ failure: TextDecoding.Failure) -> Outcome {
        var collector = IssueCollector(maxReported: pass.limits.maxReportedIssues)
        collector.add(ValidationIssue(code: .unreadableEncoding, message: failure.message))
        return .report(collector.report(schema: pass.schema, encoding: nil, rows: 0))
    }
}
