import Foundation

/// One municipality's searchable catalogue held in memory at one version of the database's index:
/// the published datasets numbered (in id order when built whole, later ones appended), each term's
/// postings and each facet value's datasets as sorted arrays of those numbers. A search intersects
/// arrays and counts facets with a bit set instead of joining index rows per match, which on 100,000
/// datasets is what made a search slower than a plain scan (bench/catalog/README.md). Never written:
/// a change makes a new snapshot, either whole from the index tables or as an update of the previous
/// one (`updated(with:)`: the changed datasets' old numbers retired, their current rows appended), so
/// a write to a large catalogue does not cost a full rebuild (`SearchSnapshots`). Answers exactly
/// what the SQL search answers.
final class SearchSnapshot: Sendable {
    /// Every dataset number's id; a retired number keeps its id but is in `retired`.
    let ids: [UUID]
    let modifiedDay: [Int32]
    let modifiedAt: [Double]
    let postings: [String: Postings]
    /// facet field → its values, each with the datasets that carry it (one entry per index row).
    let facets: [String: [FacetValue]]
    /// A published dataset's current number.
    let numbers: [UUID: Int32]
    /// Numbers of datasets changed, unpublished or deleted since they were numbered (a bit per number).
    let retired: [UInt64]
    let retiredCount: Int
    /// Whether numbers follow id order (built whole, not yet updated): ties then compare numbers.
    let inIDOrder: Bool

    /// Published datasets: numbered minus retired.
    var liveCount: Int { ids.count - retiredCount }

    struct Postings: Sendable {
        var docs: [Int32]
        var weights: [UInt8]
    }

    /// Matching datasets and their relevance (summed term weights), in dataset-number order.
    struct Matched {
        var docs: [Int32] = []
        var sums: [Int] = []
    }

    struct FacetValue: Sendable {
        let value: String
        let display: String
        var docs: [Int32]
    }

    /// A snapshot built whole: `ids` in ascending id order, `numbers` each id's position there (the
    /// loader has it already, to read the lists), nothing retired.
    convenience init(ids: [UUID], numbers: [UUID: Int32], modifiedDay: [Int32], modifiedAt: [Double], postings: [String: Postings],
                     facets: [String: [FacetValue]]) {
        self.init(ids: ids, modifiedDay: modifiedDay, modifiedAt: modifiedAt, postings: postings, facets: facets,
                  numbers: numbers, retired: [UInt64](repeating: 0, count: (ids.count + 63) / 64), retiredCount: 0, inIDOrder: true)
    }

    private init(ids: [UUID], modifiedDay: [Int32], modifiedAt: [Double], postings: [String: Postings], facets: [String: [FacetValue]],
                 numbers: [UUID: Int32], retired: [UInt64], retiredCount: Int, inIDOrder: Bool) {
        self.ids = ids
        self.modifiedDay = modifiedDay
        self.modifiedAt = modifiedAt
        self.postings = postings
        self.facets = facets
        self.numbers = numbers
        self.retired = retired
        self.retiredCount = retiredCount
        self.inIDOrder = inIDOrder
    }

    /// The current rows of datasets that changed since this snapshot's version, as the index tables
    /// hold them: a dataset absent from `published` was unpublished or deleted.
    struct Changes: Sendable {
        struct Published: Sendable {
            let id: UUID
            let modifiedDay: Int32
            let modifiedAt: Double
            var terms: [(term: String, weight: UInt8)] = []
            var facets: [(field: String, value: String, display: String)] = []
        }
        var changed: Set<UUID>
        var published: [Published]
    }

    /// This snapshot with `changes` applied: each changed dataset's number retired, each published
    /// one appended under a new number with its terms and facet rows. New numbers are the highest,
    /// so every list stays sorted.
    func updated(with changes: Changes) -> SearchSnapshot {
        var ids = self.ids, days = self.modifiedDay, modified = self.modifiedAt
        var postings = self.postings, facets = self.facets, numbers = self.numbers
        var retired = self.retired, retiredCount = self.retiredCount
        for id in changes.changed {
            guard let number = numbers.removeValue(forKey: id) else { continue }
            retired[Int(number) >> 6] |= 1 << UInt64(number & 63)
            retiredCount += 1
        }
        for dataset in changes.published.sorted(by: { Self.precedes($0.id, $1.id) }) {
            let number = Int32(ids.count)
            ids.append(dataset.id)
            days.append(dataset.modifiedDay)
            modified.append(dataset.modifiedAt)
            numbers[dataset.id] = number
            if ids.count > retired.count * 64 { retired.append(0) }
            for (term, weight) in dataset.terms {
                postings[term, default: Postings(docs: [], weights: [])].docs.append(number)
                postings[term]!.weights.append(weight)
            }
            for row in dataset.facets {
                if let index = facets[row.field]?.firstIndex(where: { $0.value == row.value && $0.display == row.display }) {
                    facets[row.field]![index].docs.append(number)
                } else {
                    facets[row.field, default: []].append(FacetValue(value: row.value, display: row.display, docs: [number]))
                }
            }
        }
        return SearchSnapshot(ids: ids, modifiedDay: days, modifiedAt: modified, postings: postings, facets: facets,
                              numbers: numbers, retired: retired, retiredCount: retiredCount,
                              inIDOrder: inIDOrder && changes.published.isEmpty)
    }

    private func isRetired(_ doc: Int32) -> Bool {
        retired[Int(doc) >> 6] & (1 << UInt64(doc & 63)) != 0
    }

    /// The databases' order of ids (bytes compared in order, as both SQLite and PostgreSQL compare them).
    static func precedes(_ a: UUID, _ b: UUID) -> Bool {
        withUnsafeBytes(of: a.uuid) { x in
            withUnsafeBytes(of: b.uuid) { y in
                for i in 0..<16 where x[i] != y[i] { return x[i] < y[i] }
                return false
            }
        }
    }

    /// The search `DatasetSearch.run` would make with `terms` (already cut to the limit); relevance order only.
    func run(_ query: SearchQuery, terms: [String]) -> DatasetSearch.Result {
        var matched = match(terms: terms)
        for filter in query.filters {
            let allowed = docs(field: filter.field, value: filter.value)
            matched = intersect(matched, allowed)
        }
        let page = rank(matched, start: query.start, rows: query.rows)
        var facetCounts: [String: [DatasetSearch.FacetCount]] = [:]
        let fields = query.facetFields.filter(SearchQuery.facetableFields.contains)
        if !fields.isEmpty {
            var bits = [UInt64](repeating: 0, count: (ids.count + 63) / 64)
            for doc in matched.docs { bits[Int(doc) >> 6] |= 1 << UInt64(doc & 63) }
            for field in fields { facetCounts[field] = count(field, in: bits, limit: query.facetLimit) }
        }
        return DatasetSearch.Result(count: matched.docs.count, datasetIDs: page.map { ids[Int($0)] }, facets: facetCounts)
    }

    /// Matching datasets with their summed term weights; no terms matches every published dataset.
    /// Starts from the shortest postings list and intersects the others into it, summing weights.
    private func match(terms: [String]) -> Matched {
        guard !terms.isEmpty else {
            let live = (0..<Int32(ids.count)).filter { retiredCount == 0 || !isRetired($0) }
            return Matched(docs: live, sums: [Int](repeating: 0, count: live.count))
        }
        var lists: [Postings] = []
        for term in terms {
            guard let list = postings[term] else { return Matched() }
            lists.append(list)
        }
        lists.sort { $0.docs.count < $1.docs.count }
        var result = Matched(docs: lists[0].docs, sums: lists[0].weights.map(Int.init))
        for list in lists.dropFirst() {
            var next = Matched()
            next.docs.reserveCapacity(result.docs.count)
            next.sums.reserveCapacity(result.docs.count)
            var i = 0, j = 0
            while i < result.docs.count && j < list.docs.count {
                let a = result.docs[i], b = list.docs[j]
                if a < b { i += 1 } else if b < a { j += 1 } else {
                    next.docs.append(a); next.sums.append(result.sums[i] + Int(list.weights[j])); i += 1; j += 1
                }
            }
            result = next
            if result.docs.isEmpty { break }
        }
        guard retiredCount > 0 else { return result }
        var live = Matched()
        for (index, doc) in result.docs.enumerated() where !isRetired(doc) {
            live.docs.append(doc)
            live.sums.append(result.sums[index])
        }
        return live
    }

    private func intersect(_ matched: Matched, _ allowed: [Int32]) -> Matched {
        var result = Matched()
        var i = 0, j = 0
        while i < matched.docs.count && j < allowed.count {
            let a = matched.docs[i], b = allowed[j]
            if a < b { i += 1 } else if b < a { j += 1 } else { result.docs.append(a); result.sums.append(matched.sums[i]); i += 1; j += 1 }
        }
        return result
    }

    /// Datasets with a facet row `field:value`, sorted and distinct.
    private func docs(field: String, value: String) -> [Int32] {
        let lists = (facets[field] ?? []).filter { $0.value == value }.map(\.docs)
        return lists.count == 1 ? Array(Set(lists[0])).sorted() : Array(Set(lists.joined())).sorted()
    }

    /// The page in the SQL search's relevance order: score (relevance + recency) descending, then
    /// modified_at descending, then id ascending (the number's order while nothing was appended). relevance × 365 + modified_day orders exactly as
    /// relevance + (modified_day − today) / 365 does, without rounding.
    private func rank(_ matched: Matched, start: Int, rows: Int) -> [Int32] {
        let wanted = min(matched.docs.count, start + rows)
        guard rows > 0, wanted > start else { return [] }
        func before(_ a: (key: Int, doc: Int32), _ b: (key: Int, doc: Int32)) -> Bool {
            if a.key != b.key { return a.key > b.key }
            let ma = modifiedAt[Int(a.doc)], mb = modifiedAt[Int(b.doc)]
            if ma != mb { return ma > mb }
            return inIDOrder ? a.doc < b.doc : Self.precedes(ids[Int(a.doc)], ids[Int(b.doc)])
        }
        var top: [(key: Int, doc: Int32)] = []
        top.reserveCapacity(wanted + 1)
        for (index, doc) in matched.docs.enumerated() {
            let entry = (key: matched.sums[index] * 365 + Int(modifiedDay[Int(doc)]), doc: doc)
            if top.count == wanted, let last = top.last, !before(entry, last) { continue }
            var low = 0, high = top.count
            while low < high {
                let mid = (low + high) / 2
                if before(top[mid], entry) { low = mid + 1 } else { high = mid }
            }
            top.insert(entry, at: low)
            if top.count > wanted { top.removeLast() }
        }
        return top[start...].map(\.doc)
    }

    /// Values of `field` among the matched datasets, most frequent first (ties by name), at most `limit`;
    /// a value's display name is the least of those its matched rows carry, as SQL's MIN gives it.
    private func count(_ field: String, in bits: [UInt64], limit: Int) -> [DatasetSearch.FacetCount] {
        var byValue: [String: (display: String, count: Int)] = [:]
        for entry in facets[field] ?? [] {
            var n = 0
            for doc in entry.docs where bits[Int(doc) >> 6] & (1 << UInt64(doc & 63)) != 0 { n += 1 }
            guard n > 0 else { continue }
            if let seen = byValue[entry.value] {
                byValue[entry.value] = (min(seen.display, entry.display), seen.count + n)
            } else {
                byValue[entry.value] = (entry.display, n)
            }
        }
        return byValue.map { DatasetSearch.FacetCount(name: $0.key, displayName: $0.value.display, count: $0.value.count) }
            .sorted { ($0.count, $1.name) > ($1.count, $0.name) }
            .prefix(max(limit, 0)).map { $0 }
    }
}
