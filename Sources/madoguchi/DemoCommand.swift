import ArgumentParser
import WebApp

/// `madoguchi demo …`: tools for the demo municipality's store (load tests).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Demo-store tools for load tests.",
                                                    subcommands: [AddDatasets.self])

    struct AddDatasets: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-datasets",
            abstract: "Add generated, published and indexed datasets to the demo municipality (132152).",
            discussion: "For load tests such as `bench/http/run.py` with BENCH_DATASETS. Refuses a store without the demo municipality.")

        @OptionGroup var store: StoreOptions

        @Option(help: "How many datasets to add (1 … 1,000,000).")
        var count: Int

        func run() async throws {
            let configuration = try store.resolve(loadDemo: true)
            try await ServerRuntime.withApplication(configuration) { app in
                do {
                    print(try await Maintenance.addSyntheticDatasets(app, count: count))
                } catch let error as MaintenanceError {
                    throw ValidationError(error.description)
                }
            }
        }
    }
}
