import Foundation

/// Where the embedded default gazetteer (the files of `GeoData/data`) lives at
/// run time. `$CONFLICTMAP_GEODATA` overrides the bundled copy, for installs
/// that move the binary away from its build folder.
public enum GeoDataBundle {
    /// The folder holding the embedded data files, or nil when it cannot be found.
    public static var dataDirectory: URL? {
        let fm = FileManager.default
        if let env = ProcessInfo.processInfo.environment["CONFLICTMAP_GEODATA"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        if let u = Bundle.module.resourceURL?.appendingPathComponent("data"),
           fm.fileExists(atPath: u.path) {
            return u
        }
        return nil
    }
}
