// Claims — area claims and control changes read from Arabic and English news text.
//
// Text level (Sources/Claims/AreaExpressions, Foundation only):
// - `AreaClaimParser.findClaims(in:)` → `[AreaExpression]` ("أكثر من 1500 كم مربع" → more than
//   1500 km², bounds [1500, ∞)); bound constants in `AreaClaimBounds` and `IndefiniteQuantity`.
// - `ControlChangeDetector.find(in:documentDate:)` → `[ControlChange]` (kind, triggers, actor,
//   adversary, sentence, date, area claims of the sentence).
// - `EventDateResolver` and `CivilDate` for "امس الاثنين", "yesterday", "last week".
// - Word tables: `ClaimLexicon` (one file).
// Geometry models and verdicts build on these in other files of this target.
