// Benchmarks, run in release mode: `swift run -c release cmbench --help`.
// The batch helper owns this file; see docs/PERFORMANCE.md for recorded figures.
import Foundation
print("cmbench: no benchmark registered yet")
