import Foundation

/// Locates `../shared` (the project's reference data, never committed).
/// Tests that need it skip cleanly when it is absent, as on a user's clone.
public enum SharedData {
    /// The repository root, found from this source file's path.
    public static let repoRoot: URL = {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent() // TestSupport
            .deletingLastPathComponent() // Tests
            .deletingLastPathComponent() // repo
    }()

    /// `../shared` next to the repository, or `$CONFLICTMAP_SHARED`, when it exists.
    public static var root: URL? {
        if let env = ProcessInfo.processInfo.environment["CONFLICTMAP_SHARED"] {
            let u = URL(fileURLWithPath: env)
            return FileManager.default.fileExists(atPath: u.path) ? u : nil
        }
        let u = repoRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: u.path) ? u : nil
    }

    /// The URL of a file under `../shared`, or nil when `../shared` or the file is absent.
    public static func file(_ relative: String) -> URL? {
        guard let r = root else { return nil }
        let u = r.appendingPathComponent(relative)
        return FileManager.default.fileExists(atPath: u.path) ? u : nil
    }
}
