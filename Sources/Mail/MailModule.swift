import MadoguchiCore

/// The outbox, shared by every module that sends messages (Forms' receipts, resume and confirmation
/// links; Notices' notices and alerts): its table, the sealed column holding each message, and its
/// delivery job. A module sends by calling `MailOutbox.enqueue`/`enqueueAll` in its own transaction,
/// with a clear reference to read delivery counts back; it never imports another feature module.
public enum MailModule {
    public static let manifest = ModuleManifest(
        id: "mail",
        title: LocalizedText(ja: "メール送信", en: "Mail"),
        migrations: [CreateMailOutbox(), AddOutboxStatusAndReference(), AddWebhookRecipientIndex(), AddHandedOverMark(), CreateMailTemplates()],
        encryptedColumns: [EncryptedColumnDeclaration(table: OutboxMessage.schema, column: "message"),
                           EncryptedColumnDeclaration(table: OutboxTemplate.schema, column: "document")],
        indicators: MailIndicators.all,
        jobs: [MailOutbox.deliveryJob]
    )
}
