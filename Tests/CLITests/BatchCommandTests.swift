import Foundation
import Testing
import TestSupport

/// End-to-end runs of `conflictmap batch` and `conflictmap map --jsonl` on generated corpora.
@Suite(.serialized) struct BatchCommandTests {
    static let places = ["Aleppo", "Homs", "Hama", "Palmyra", "Salamiyah", "Idlib", "Daraa", "Raqqa", "Manbij", "Latakia", "Tartus", "Qusayr"]
    static let verbs = ["shelled", "entered", "besieged", "withdrew from", "advanced towards", "bombed"]
    static let actors = ["Government forces", "Rebels", "The army", "Militants", "Tribal fighters"]

    /// Small English reports, varied by a fixed linear congruential sequence (deterministic).
    static func report(_ n: Int) -> String {
        var x = UInt64(n) &* 6364136223846793005 &+ 1442695040888963407
        func pick<T>(_ a: [T]) -> T { x = x &* 6364136223846793005 &+ 1442695040888963407; return a[Int((x >> 33) % UInt64(a.count))] }
        let s1 = "\(pick(actors)) \(pick(verbs)) \(pick(places)) on day \(n)."
        return n % 3 == 0 ? s1 + " Fighting was reported near \(pick(places))." : s1
    }

    static func jsonLine(_ o: [String: Any]) -> String {
        // Keys sorted so the corpus bytes never depend on dictionary order.
        let d = try! JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])
        return String(decoding: d, as: UTF8.self)
    }

    static func tempDir(_ name: String) throws -> URL {
        let u = FileManager.default.temporaryDirectory.appendingPathComponent("cm-batch-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: u, withIntermediateDirectories: true)
        return u
    }

    /// Every regular file under `dir` with its bytes, by relative path.
    static func snapshot(_ dir: URL, skipping: Set<String> = ["summary.json"]) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let base = dir.standardizedFileURL.path
        guard let e = FileManager.default.enumerator(atPath: base) else { return out }
        while let rel = e.nextObject() as? String {
            var isDir: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: base + "/" + rel, isDirectory: &isDir)
            if isDir.boolValue || skipping.contains(rel) { continue }
            out[rel] = FileManager.default.contents(atPath: base + "/" + rel)
        }
        return out
    }

    static func lines(_ url: URL) -> [String] {
        (FileManager.default.contents(atPath: url.path).map { String(decoding: $0, as: UTF8.self) } ?? "")
            .split(separator: "\n").map(String.init)
    }

    /// A corpus of `good` documents in a directory (text and JSON files in sub-folders) and a
    /// JSONL file, plus the deliberately bad ones; returns the inputs and the bad count.
    static func makeCorpus(in root: URL, good: Int) throws -> (inputs: [String], bad: Int, goodCount: Int) {
        let dir = root.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("b"), withIntermediateDirectories: true)
        var jsonl = ""
        var goodCount = 0
        for n in 0..<good {
            switch n % 4 {
            case 0:
                try Data(report(n).utf8).write(to: dir.appendingPathComponent(String(format: "a-%05d.txt", n)))
            case 1:
                let j = jsonLine(["id": "file-\(n)", "text": report(n), "date": "2017-07-\(10 + n % 20)"])
                try Data(j.utf8).write(to: dir.appendingPathComponent(String(format: "b/r%05d.json", n)))
            default:
                jsonl += jsonLine(["id": "w\(n)", "text": report(n), "source": "wire"]) + "\n"
            }
            goodCount += 1
        }
        // Bad documents: invalid UTF-8 (file and line), malformed JSON line, empty text, too long.
        try Data([0x54, 0x68, 0x65, 0x20, 0xC3, 0x28, 0x20, 0x61]).write(to: dir.appendingPathComponent("bad-utf8.txt"))
        var bytes = Array(jsonl.utf8)
        bytes += Array("{\"id\":\"broken\",\"text\":\"unterminated\n".utf8)
        bytes += Array("{\"id\":\"empty\",\"text\":\"   \"}\n".utf8)
        bytes += Array("{\"id\":\"latin1\",\"text\":\"caf".utf8) + [0xE9] + Array("\"}\n".utf8)
        bytes += Array((jsonLine(["id": "huge", "text": String(repeating: "Homs ", count: 3000)]) + "\n").utf8)
        bytes += Array("{\"id\":\"notext\"}\n".utf8)
        let jsonlURL = root.appendingPathComponent("wire.jsonl")
        try Data(bytes).write(to: jsonlURL)
        // Hostile ids, all valid documents.
        var hostile = ""
        for id in ["../../x", "/etc/passwd", "a\u{0}b", "\u{7}bell\n", "CON", "Doc", "doc", "DOC", "dup", "dup", ".", "..", "",
                   String(repeating: "long", count: 200), "..\\..\\win", "دير الزور"] {
            hostile += jsonLine(["id": id, "text": "Clashes were reported in Aleppo."]) + "\n"
            goodCount += 1
        }
        let hostileURL = root.appendingPathComponent("hostile.jsonl")
        try Data(hostile.utf8).write(to: hostileURL)
        return ([dir.path, jsonlURL.path, hostileURL.path], 6, goodCount)
    }

    @Test func badDocumentsAreIsolatedAndOutputIsIdenticalWithOneAndTwoJobs() throws {
        let root = try Self.tempDir("jobs")
        defer { try? FileManager.default.removeItem(at: root) }
        let (inputs, bad, goodCount) = try Self.makeCorpus(in: root, good: 2000)
        let out1 = root.appendingPathComponent("out1"), out2 = root.appendingPathComponent("out2")
        let r1 = try CLIRunner.run(["batch"] + inputs + ["--out", out1.path, "--jobs", "1", "--max-doc-bytes", "10000"])
        #expect(r1.status == 65, "\(r1.stderr)")
        let r2 = try CLIRunner.run(["batch"] + inputs + ["--out", out2.path, "--jobs", "2", "--max-doc-bytes", "10000"])
        #expect(r2.status == 65, "\(r2.stderr)")
        // Not a terminal: no progress line, only the one-line summary.
        #expect(!r2.stderr.contains("\r"))
        #expect(r2.stderr.contains("\(goodCount + bad) documents: \(goodCount) mapped"), "\(r2.stderr)")

        let s1 = try Self.snapshot(out1), s2 = try Self.snapshot(out2)
        #expect(s1.keys.sorted() == s2.keys.sorted())
        for (k, v) in s1 where s2[k] != v { Issue.record("\(k) differs between --jobs 1 and --jobs 2") }

        // Every good document written, each to its own file; each bad one listed once.
        let docs = s1.keys.filter { $0.hasPrefix("docs/") }
        #expect(docs.count == goodCount)
        let errors = Self.lines(out1.appendingPathComponent("errors.jsonl")).compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(errors.count == bad)
        let messages = errors.map { ($0["error"] as? String) ?? "" }
        #expect(messages.contains { $0.hasPrefix("invalid UTF-8 at byte offset 4") })
        #expect(messages.contains { $0.hasPrefix("malformed JSON") })
        #expect(messages.contains("empty text"))
        #expect(messages.contains { $0.contains("more than the limit of 10000") })
        #expect(messages.contains { $0.contains("\"text\"") && $0.contains("missing") })
        #expect(errors.allSatisfy { $0["input"] is String && $0["stage"] as? String == "read" })
        // 1000 good lines come first in wire.jsonl, then the malformed one.
        let malformed = try #require(errors.first { ($0["error"] as? String ?? "").hasPrefix("malformed") })
        #expect(malformed["line"] as? Int == 1001)
        #expect(malformed["id"] is NSNull)
        // A line with a bad byte in its text is still named by its id.
        #expect((errors.first { $0["id"] as? String == "latin1" }?["error"] as? String)?.hasPrefix("invalid UTF-8") == true)

        // Merged places: one Feature per place, every document's places present, RFC 8142 framing.
        let places = try #require(s1["places.geojsons"])
        let records = places.split(separator: 0x1E, omittingEmptySubsequences: true)
        #expect(records.count > goodCount)
        for r in records.prefix(50) {
            #expect(r.last == 0x0A)
            let f = try #require(try JSONSerialization.jsonObject(with: Data(r)) as? [String: Any])
            let p = try #require(f["properties"] as? [String: Any])
            #expect(f["type"] as? String == "Feature")
            #expect(p["doc_id"] is String && p["doc_file"] is String)
        }
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out1.appendingPathComponent("summary.json"))) as? [String: Any])
        #expect(summary["failed"] as? Int == bad)
        #expect(summary["succeeded"] as? Int == goodCount)
        #expect(summary["duplicate_ids"] as? Int == 1)
    }

    @Test func hostileIDsNeverWriteOutsideTheOutputFolder() throws {
        let root = try Self.tempDir("hostile")
        defer { try? FileManager.default.removeItem(at: root) }
        let (inputs, _, _) = try Self.makeCorpus(in: root, good: 0)
        let out = root.appendingPathComponent("deep/er/out")
        let before = Set(try FileManager.default.subpathsOfDirectory(atPath: root.path))
        let r = try CLIRunner.run(["batch", inputs[2], "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let after = Set(try FileManager.default.subpathsOfDirectory(atPath: root.path))
        for p in after.subtracting(before) {
            #expect(p.hasPrefix("deep"), "written outside --out: \(p)")
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("docs").path)
        #expect(names.count == 16)
        #expect(Set(names.map { $0.lowercased() }).count == 16, "names collide when case is ignored")
        for n in names {
            #expect(!n.hasPrefix("."))
            #expect(n.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "/") && $0 != UInt8(ascii: "\\") }, "\(n)")
            #expect(n.utf8.count <= 120)
        }
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("x.geojson").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("deep/er/x.geojson").path))
        // Each document keeps its own id inside the file.
        let ids = try names.map { n -> String in
            let d = try Data(contentsOf: out.appendingPathComponent("docs/" + n))
            let o = try #require(try JSONSerialization.jsonObject(with: d) as? [String: Any])
            return try #require((o["conflictmap"] as? [String: Any])?["id"] as? String)
        }
        #expect(Set(ids).count == 15) // "dup" twice
        #expect(ids.contains("../../x") && ids.contains("a\u{0}b"))
    }

    @Test func killedRunResumedEqualsUninterruptedRun() throws {
        let root = try Self.tempDir("resume")
        defer { try? FileManager.default.removeItem(at: root) }
        let (inputs, _, _) = try Self.makeCorpus(in: root, good: 800)
        let full = root.appendingPathComponent("full"), cut = root.appendingPathComponent("cut")
        let r = try CLIRunner.run(["batch"] + inputs + ["--out", full.path, "--jobs", "2"])
        #expect(r.status == 65, "\(r.stderr)")

        // Kill a run once it has written some documents.
        let p = Process()
        p.executableURL = CLIRunner.executable
        p.arguments = ["batch"] + inputs + ["--out", cut.path, "--jobs", "1", "--quiet"]
        p.standardError = FileHandle.nullDevice
        try p.run()
        let docs = cut.appendingPathComponent("docs")
        let deadline = Date().addingTimeInterval(120)
        while p.isRunning, Date() < deadline {
            if ((try? FileManager.default.contentsOfDirectory(atPath: docs.path))?.count ?? 0) >= 150 { break }
            usleep(20_000)
        }
        let killedMidway = p.isRunning
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        if killedMidway {
            #expect(!FileManager.default.fileExists(atPath: cut.appendingPathComponent("summary.json").path))
            #expect(!FileManager.default.fileExists(atPath: cut.appendingPathComponent("places.geojsons").path),
                    "a merged layer appeared before the run finished")
        }
        // Damage more: a stale temporary file, a per-document file from other options, a deleted one.
        let names = try FileManager.default.contentsOfDirectory(atPath: docs.path).filter { !$0.hasPrefix(".") }.sorted()
        try #require(names.count >= 3)
        try Data("{half".utf8).write(to: docs.appendingPathComponent(".\(names[0]).tmp-1-0"))
        let forged = docs.appendingPathComponent(names[1])
        let forgedText = try String(contentsOf: forged, encoding: .utf8).replacingOccurrences(of: "\"key\":\"", with: "\"key\":\"0")
        try Data(forgedText.utf8).write(to: forged)
        try FileManager.default.removeItem(at: docs.appendingPathComponent(names[2]))

        let resumed = try CLIRunner.run(["batch"] + inputs + ["--out", cut.path, "--jobs", "2", "--resume"])
        #expect(resumed.status == 65, "\(resumed.stderr)")
        let a = try Self.snapshot(full), b = try Self.snapshot(cut)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (k, v) in a where b[k] != v { Issue.record("\(k) differs after kill + resume") }
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: cut.appendingPathComponent("summary.json"))) as? [String: Any])
        let reused = try #require(summary["resumed"] as? Int)
        #expect(reused >= names.count - 2, "resume did not reuse the documents already written")
        #expect(reused < (summary["succeeded"] as? Int ?? 0) || !killedMidway)
    }

    /// `--resume` reuses an output only when it was made from the same gazetteer data by the same
    /// version. Until 2026-12-07 the key held only the gazetteer's place count and source names,
    /// so re-importing a table with a corrected coordinate (same count) reused the stale outputs.
    @Test func resumeRemakesOutputsAfterTheGazetteerDataChanges() throws {
        let root = try Self.tempDir("resume-data")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = root.appendingPathComponent("store"), out = root.appendingPathComponent("out")
        let env = ["CONFLICTMAP_DATA": store.path]
        let table = root.appendingPathComponent("extra-places.tsv"), input = root.appendingPathComponent("docs.jsonl")
        func importTable(lat: String) throws {
            // A made-up row: what matters is that the data changes while the counts do not.
            try Data("name\tlat\tlon\nQaryat Test\t\(lat)\t38.2\n".utf8).write(to: table)
            let r = try CLIRunner.run(["gazetteer", "import", table.path], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
        }
        func resumedCount() throws -> Int {
            let r = try CLIRunner.run(["batch", input.path, "--out", out.path, "--jobs", "1", "--resume", "--quiet"], environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            let s = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("summary.json"))) as? [String: Any]
            return s?["resumed"] as? Int ?? -1
        }
        try Data((0..<5).map { Self.jsonLine(["id": "d\($0)", "text": Self.report($0)]) + "\n" }.joined().utf8).write(to: input)
        try importTable(lat: "35.1")
        #expect(try resumedCount() == 0)
        #expect(try resumedCount() == 5)
        try importTable(lat: "35.2")
        #expect(try resumedCount() == 0, "outputs made with the old gazetteer data were reused")
    }

    @Test func mapJSONLWritesOneCollectionPerLineInOrderAndFlagsBadLines() throws {
        var input = ""
        for n in 0..<40 { input += Self.jsonLine(["id": "s\(n)", "text": Self.report(n)]) + "\n" }
        input += "\n{not json}\n" + Self.jsonLine(["id": "last", "text": "Clashes in Homs."]) + "\n"
        let one = try CLIRunner.run(["map", "--jsonl"], stdin: Data(input.utf8))
        let two = try CLIRunner.run(["map", "--jsonl", "--jobs", "2"], stdin: Data(input.utf8))
        #expect(one.status == 65)
        #expect(one.stdout == two.stdout)
        #expect(one.stderr.contains(":42: malformed JSON"), "\(one.stderr)")
        let lines = one.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 42)
        for (k, l) in lines.enumerated() {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any])
            #expect(o["type"] as? String == "FeatureCollection")
            let meta = try #require(o["conflictmap"] as? [String: Any])
            if k < 40 { #expect(meta["id"] as? String == "s\(k)") }
            if k == 40 { #expect(meta["error"] is String && meta["line"] as? Int == 42) }
            if k == 41 { #expect(meta["id"] as? String == "last") }
        }
        let clean = try CLIRunner.run(["map", "--jsonl"], stdin: Data(Self.jsonLine(["text": "Rebels entered Hama."]).utf8))
        #expect(clean.status == 0)
        #expect(clean.stdoutText.hasSuffix("}\n") && clean.stdoutText.contains("stdin-line1/p1"))
    }

    @Test func batchHelpNamesTheExitStatusesAndLayout() throws {
        let r = try CLIRunner.run(["batch", "--help"])
        #expect(r.status == 0)
        for s in ["--resume", "--jobs", "--max-doc-bytes", "errors.jsonl", "65", "RFC 8142"] {
            #expect(r.stdoutText.contains(s), "help lacks \(s)")
        }
        let bad = try CLIRunner.run(["batch", "/nonexistent/input", "--out", "/tmp/x"])
        #expect(bad.status == 66)
        let usage = try CLIRunner.run(["batch", "-", "--out", "/tmp/x", "--format", "xml"])
        #expect(usage.status == 64)
    }
}
