import FluentKit
import Foundation
import MadoguchiCore

/// A notice as staff typed it: every value raw, checked by `validate` with every problem named.
public struct NoticeInput: Sendable {
    public var title: String
    public var body: String
    public var category: String
    public var departmentID: String
    public var areaCodes: [String]
    /// `YYYY-MM-DDThh:mm` in Japan time (an HTML `datetime-local` field), or empty.
    public var publishAt: String
    public var expiresAt: String
    public var titleEasy: String
    public var bodyEasy: String
    public var titleEnglish: String
    public var bodyEnglish: String

    public init(title: String, body: String, category: String, departmentID: String = "", areaCodes: [String] = [],
                publishAt: String = "", expiresAt: String = "", titleEasy: String = "", bodyEasy: String = "",
                titleEnglish: String = "", bodyEnglish: String = "") {
        self.title = title
        self.body = body
        self.category = category
        self.departmentID = departmentID
        self.areaCodes = areaCodes
        self.publishAt = publishAt
        self.expiresAt = expiresAt
        self.titleEasy = titleEasy
        self.bodyEasy = bodyEasy
        self.titleEnglish = titleEnglish
        self.bodyEnglish = bodyEnglish
    }

    public static let maxTitleLength = 200
    public static let maxBodyLength = 20_000
    public static let maxAreas = 100

    /// The checked values.
    struct Valid {
        var title: String, body: String, category: NoticeCategory, departmentID: UUID?, areaCodes: [String]
        var publishAt: Date?, expiresAt: Date?
        var titleEasy: String?, bodyEasy: String?, titleEnglish: String?, bodyEnglish: String?
    }

    /// Checks every field against the municipality's departments and areas; throws
    /// `NoticesInputProblems` naming each field at fault.
    func validate(municipalityID: UUID, on database: any Database) async throws -> Valid {
        var problems: [FieldProblem] = []
        func text(_ value: String, field: String, ja: String, en: String, max: Int, required: Bool) -> String? {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                if required {
                    problems.append(FieldProblem(field: field, message: LocalizedText(ja: "「\(ja)」を入力してください。", en: "\(en): enter a value.")))
                }
                return nil
            }
            if trimmed.count > max || trimmed.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\r" && $0 != "\t" }) {
                problems.append(FieldProblem(field: field, message: LocalizedText(
                    ja: "「\(ja)」は\(max)文字以内で、制御文字を含めずに入力してください。", en: "\(en): at most \(max) characters, no control characters.")))
                return nil
            }
            return trimmed.replacingOccurrences(of: "\r\n", with: "\n")
        }
        let title = text(self.title, field: "title", ja: "件名", en: "Title", max: Self.maxTitleLength, required: true)
        let body = text(self.body, field: "body", ja: "本文", en: "Body", max: Self.maxBodyLength, required: true)
        let titleEasy = text(self.titleEasy, field: "title_easy", ja: "件名（やさしい日本語）", en: "Title (easy Japanese)", max: Self.maxTitleLength, required: false)
        let bodyEasy = text(self.bodyEasy, field: "body_easy", ja: "本文（やさしい日本語）", en: "Body (easy Japanese)", max: Self.maxBodyLength, required: titleEasy != nil)
        let titleEnglish = text(self.titleEnglish, field: "title_en", ja: "件名（英語）", en: "Title (English)", max: Self.maxTitleLength, required: false)
        let bodyEnglish = text(self.bodyEnglish, field: "body_en", ja: "本文（英語）", en: "Body (English)", max: Self.maxBodyLength, required: titleEnglish != nil)
        if titleEasy == nil, bodyEasy != nil {
            problems.append(FieldProblem(field: "title_easy", message: LocalizedText(ja: "「件名（やさしい日本語）」を入力してください。", en: "Title (easy Japanese): enter a value.")))
        }
        if titleEnglish == nil, bodyEnglish != nil {
            problems.append(FieldProblem(field: "title_en", message: LocalizedText(ja: "「件名（英語）」を入力してください。", en: "Title (English): enter a value.")))
        }
        let category = NoticeCategory(rawValue: self.category)
        if category == nil {
            problems.append(FieldProblem(field: "category", message: LocalizedText(ja: "「分類」を一覧から選んでください。", en: "Category: choose one from the list.")))
        }
        var department: UUID?
        let departmentText = departmentID.trimmingCharacters(in: .whitespaces)
        if !departmentText.isEmpty {
            if let id = UUID(uuidString: departmentText),
               try await Department.query(on: database).filter(\.$id == id).filter(\.$municipality.$id == municipalityID).count() == 1 {
                department = id
            } else {
                problems.append(FieldProblem(field: "department_id", message: LocalizedText(ja: "「担当課」を一覧から選んでください。", en: "Department: choose one from the list.")))
            }
        }
        let codes = Array(Set(areaCodes.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })).sorted()
        if codes.count > Self.maxAreas || !codes.allSatisfy(NoticeArea.isValidCode) {
            problems.append(FieldProblem(field: "areas", message: LocalizedText(ja: "「対象地区」を一覧から選んでください。", en: "Areas: choose from the list.")))
        } else if !codes.isEmpty {
            let known = try await NoticeArea.query(on: database).filter(\.$municipalityID == municipalityID).filter(\.$code ~~ codes).count()
            if known != codes.count {
                problems.append(FieldProblem(field: "areas", message: LocalizedText(ja: "「対象地区」を一覧から選んでください。", en: "Areas: choose from the list.")))
            }
        }
        let publishAt = NoticeInputParsing.dateTime(self.publishAt, field: "publish_at", label: "掲載開始日時", labelEnglish: "Publish from", problems: &problems)
        let expiresAt = NoticeInputParsing.dateTime(self.expiresAt, field: "expires_at", label: "掲載終了日時", labelEnglish: "Publish until", problems: &problems)
        if let expiresAt, expiresAt <= (publishAt ?? .distantPast) {
            problems.append(FieldProblem(field: "expires_at", message: LocalizedText(ja: "「掲載終了日時」は「掲載開始日時」より後にしてください。", en: "Publish until must be after publish from.")))
        }
        guard problems.isEmpty, let title, let body, let category else { throw NoticesInputProblems(problems) }
        return Valid(title: title, body: body, category: category, departmentID: department, areaCodes: codes, publishAt: publishAt,
                     expiresAt: expiresAt, titleEasy: titleEasy, bodyEasy: bodyEasy, titleEnglish: titleEnglish, bodyEnglish: bodyEnglish)
    }
}

/// Parsing of the form values the notices module accepts.
enum NoticeInputParsing {
    static let japan = TimeZone(identifier: "Asia/Tokyo")!

    /// `YYYY-MM-DDThh:mm` (seconds allowed) in Japan time, years 2000–2100; empty is nil.
    static func dateTime(_ raw: String, field: String, label: String, labelEnglish: String, problems: inout [FieldProblem]) -> Date? {
        let value = raw.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { return nil }
        let bad = FieldProblem(field: field, message: LocalizedText(
            ja: "「\(label)」は 2026-04-01T09:00 の形で、正しい日時を入力してください。", en: "\(labelEnglish): a real date and time like 2026-04-01T09:00."))
        let parts = value.split(separator: "T")
        guard value.count <= 19, parts.count == 2 else { problems.append(bad); return nil }
        let date = parts[0].split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let time = parts[1].split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard date.count == 3, time.count == 2 || time.count == 3, let y = date[0], let m = date[1], let d = date[2],
              let h = time[0], let mi = time[1], (2000...2100).contains(y), (1...12).contains(m), (1...31).contains(d),
              (0...23).contains(h), (0...59).contains(mi) else { problems.append(bad); return nil }
        let s = time.count == 3 ? (time[2] ?? -1) : 0
        guard (0...59).contains(s) else { problems.append(bad); return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = japan
        let components = DateComponents(year: y, month: m, day: d, hour: h, minute: mi, second: s)
        guard let result = calendar.date(from: components),
              calendar.dateComponents([.year, .month, .day], from: result) == DateComponents(year: y, month: m, day: d)
        else { problems.append(bad); return nil }
        return result
    }

    /// A whole number 0…10,000,000 or empty (nil).
    static func count(_ raw: String, field: String, label: String, labelEnglish: String, problems: inout [FieldProblem]) -> Int? {
        let value = raw.trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { return nil }
        guard value.count <= 8, value.allSatisfy(\.isASCII), let n = Int(value), (0...10_000_000).contains(n) else {
            problems.append(FieldProblem(field: field, message: LocalizedText(
                ja: "「\(label)」は0〜10000000の半角数字で入力してください。", en: "\(labelEnglish): a whole number from 0 to 10,000,000.")))
            return nil
        }
        return n
    }

    /// The `datetime-local` form of a date, in Japan time.
    public static func formValue(_ date: Date?) -> String {
        guard let date else { return "" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = japan
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }
}

extension NoticeInput {
    /// The form values of a saved notice (for its edit page).
    public init(notice: Notice) {
        self.init(title: notice.title, body: notice.body, category: notice.categoryRaw,
                  departmentID: notice.departmentID?.uuidString ?? "", areaCodes: notice.areaCodes,
                  publishAt: NoticeInputParsing.formValue(notice.publishAt), expiresAt: NoticeInputParsing.formValue(notice.expiresAt),
                  titleEasy: notice.titleEasy ?? "", bodyEasy: notice.bodyEasy ?? "",
                  titleEnglish: notice.titleEnglish ?? "", bodyEnglish: notice.bodyEnglish ?? "")
    }

    /// The `datetime-local` value of a date in Japan time.
    public static func formValue(_ date: Date?) -> String { NoticeInputParsing.formValue(date) }
}
