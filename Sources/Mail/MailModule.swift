import MadoguchiCore

/// The e-mail outbox, shared by every module that sends mail (today: Forms' receipts, resume and
/// confirmation links): its table, the sealed column holding each message, and its delivery job.
/// A module sends mail by calling `MailOutbox.enqueue` in its own transaction; it never imports
/// another feature module for that.
public enum MailModule {
    public static let manifest = ModuleManifest(
        id: "mail",
        title: LocalizedText(ja: "メール送信", en: "Mail"),
        migrations: [CreateMailOutbox()],
        encryptedColumns: [EncryptedColumnDeclaration(table: OutboxMessage.schema, column: "message")],
        jobs: [MailOutbox.deliveryJob]
    )
}
