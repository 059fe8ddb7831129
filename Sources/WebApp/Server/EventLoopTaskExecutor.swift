import NIOCore
import NIOPosix

/// Where the server's Swift tasks run. By default Swift concurrency has a thread pool of its own,
/// so every `await` on a database or a socket future hops between a NIO event loop thread and a
/// concurrency thread and back: under load, a tenth of the server's time was the kernel switching
/// threads (`finish_task_switch`, bench/forms/README.md). Installed once at the start of `serve`,
/// tasks run on the same event loops as the sockets (as Vapor's own template does). Blocking work
/// never runs on either: SQLite and SMTP have thread pools of their own.
public enum EventLoopTaskExecutor {
    /// True when installed; false when it could not be (too late in the process): then tasks keep
    /// Swift's own pool, which is only slower.
    @discardableResult
    public static func install() -> Bool {
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}
