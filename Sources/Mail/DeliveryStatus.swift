/// Where one message stands, in GOV.UK Notify's vocabulary (the `status` column of the outbox).
///
/// - `created`: queued, not tried yet.
/// - `sending`: an instance holds its lease and is handing it over now (or died doing so: once the
///   lease has run out, another instance takes it again — unless it was already marked handed over
///   (`handed_at`) and its run's `HandOverJournal` does not show its end unwritten: then it is
///   recorded `delivered` with `last_error` `unconfirmed`).
/// - `delivered`: the receiving server accepted it (SMTP 250 after DATA; a webhook's 2xx), or it
///   was handed over and its answer never came (`last_error` `unconfirmed`).
/// - `permanentFailure`: refused for good (SMTP 5xx, a webhook's 4xx): never retried.
/// - `temporaryFailure`: refused for now (SMTP 4xx, a webhook's 5xx or 429): retried with a growing
///   delay until `MailOutbox.maxAttempts` attempts, then it stays so.
/// - `technicalFailure`: our side or the network failed (no connection, timeout, a message that
///   cannot be read back): retried the same way.
public enum DeliveryStatus: String, Sendable, CaseIterable, Codable {
    case created
    case sending
    case delivered
    case permanentFailure = "permanent-failure"
    case temporaryFailure = "temporary-failure"
    case technicalFailure = "technical-failure"

    /// The statuses a delivery round may still pick up (subject to due time, lease and attempts).
    /// Written as literals in the claim query and the partial index, which must match.
    public static let pending: [DeliveryStatus] = [.created, .sending, .temporaryFailure, .technicalFailure]

    /// The SQL list of `pending`, as the partial index and the claim query both spell it.
    static let pendingSQL = "(" + pending.map { "'\($0.rawValue)'" }.joined(separator: ", ") + ")"
}
