import ArgumentParser
import Logging
import MadoguchiCore

/// `madoguchi`: the city hall server and its administrative commands.
@main
struct Madoguchi: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "madoguchi",
        abstract: "Madoguchi (窓口): the digital city hall of a Japanese municipality.",
        subcommands: [Serve.self, Migrate.self, AuditCommand.self, PrivacyCommand.self, DemoCommand.self],
        defaultSubcommand: Serve.self
    )
}

/// Flags shared by every command that opens the database.
struct StoreOptions: ParsableArguments {
    @Option(help: "PostgreSQL URL (postgres://…) or SQLite file path. Default: $DATABASE_URL, else <data-dir>/madoguchi.sqlite.")
    var databaseURL: String?

    @Option(help: "Directory for the embedded database and uploaded files. Default: $MADOGUCHI_DATA_DIR, else ./data.")
    var dataDir: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical. Default: $LOG_LEVEL, else info.")
    var logLevel: String?

    @Option(help: "text or json. Default: $MADOGUCHI_LOG_FORMAT, else text.")
    var logFormat: String?
}
