import Mail

/// The server's SMTP transport for code outside WebApp that delivers the outbox itself (the fan-out
/// benchmark, `bench/notices`); the server makes its own from the configuration.
public enum SMTPTransports {
    public static func smtp(host: String, port: Int, heloName: String) -> any MailTransport {
        SMTPTransport(host: host, port: port, heloName: heloName)
    }
}
