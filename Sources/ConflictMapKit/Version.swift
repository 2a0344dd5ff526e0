extension MapPipeline {
    /// The version of conflictmap (semantic versioning): the CLI's `--version`, and part of what
    /// `batch --resume` compares, so that outputs of another version are remade rather than
    /// reused. Bump it with every change of what the program outputs.
    public static let version = "0.2.0"
}
