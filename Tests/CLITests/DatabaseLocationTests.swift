import Foundation
import Testing

/// The index is --db PATH, else $TRANSCRIPTS_DB, else ./transcripts.sqlite.
@Suite("CLI: which database")
struct DatabaseLocationTests {
    static func transcriptionLine(_ letter: Character, text: String) -> String {
        """
        {"sid": "\(placeholder("TR", letter))", "status": "completed", "date_created": "Tue, 05 Mar 2024 14:02:11 +0000", "date_updated": "Tue, 05 Mar 2024 14:02:11 +0000", "transcription_text": "\(text)"}
        """
    }

    @Test func flagThenEnvironmentThenCurrentDirectory() throws {
        try withCLISandbox { sandbox in
            let viaFlag = sandbox.path("flag.sqlite"), viaEnv = sandbox.path("env.sqlite")
            let a = try sandbox.write("a.ndjson", Self.transcriptionLine("a", text: "alpha"))
            let b = try sandbox.write("b.ndjson", Self.transcriptionLine("b", text: "bravo"))
            let c = try sandbox.write("c.ndjson", Self.transcriptionLine("c", text: "charlie"))

            #expect(try sandbox.run(["import", "--db", viaFlag, a]).status == 0)
            #expect(try sandbox.run(["import", b], environment: ["TRANSCRIPTS_DB": viaEnv]).status == 0)
            #expect(try sandbox.run(["import", c]).status == 0)
            #expect(sandbox.exists("flag.sqlite") && sandbox.exists("env.sqlite") && sandbox.exists("transcripts.sqlite"))

            // --db wins over the environment.
            let flagWins = try sandbox.run(["search", "--json", "--db", viaFlag], environment: ["TRANSCRIPTS_DB": viaEnv])
            #expect(try flagWins.sids() == [placeholder("TR", "a")])
            // The environment wins over the current directory.
            #expect(try sandbox.run(["search", "--json"], environment: ["TRANSCRIPTS_DB": viaEnv]).sids() == [placeholder("TR", "b")])
            // Neither: ./transcripts.sqlite. An empty TRANSCRIPTS_DB counts as unset.
            #expect(try sandbox.run(["search", "--json"]).sids() == [placeholder("TR", "c")])
            #expect(try sandbox.run(["search", "--json"], environment: ["TRANSCRIPTS_DB": ""]).sids() == [placeholder("TR", "c")])
        }
    }

    @Test func aMissingEnvironmentDatabaseIsNamedInTheError() throws {
        try withCLISandbox { sandbox in
            let missing = sandbox.path("from-env.sqlite")
            let result = try sandbox.run(["stats", "--json"], environment: ["TRANSCRIPTS_DB": missing])
            #expect(result.status == 1)
            #expect(result.stdout.contains("no index at \(missing) — run"), "\(result)")
            #expect(!sandbox.exists("from-env.sqlite"))
        }
    }

    @Test func importCreatesAnOwnerOnlyDatabase() throws {
        try withCLISandbox { sandbox in
            let file = try sandbox.write("a.ndjson", Self.transcriptionLine("a", text: "alpha"))
            #expect(try sandbox.run(["import", "--db", sandbox.path("new.sqlite"), file]).status == 0)
            let mode = try FileManager.default.attributesOfItem(atPath: sandbox.path("new.sqlite"))[.posixPermissions] as? Int
            #expect(mode == 0o600, "mode \(String(mode ?? 0, radix: 8))")
            let header = try #require(FileHandle(forReadingAtPath: sandbox.path("new.sqlite"))).readData(ofLength: 20)
            #expect(header.count == 20 && header[18] == 2 && header[19] == 2, "not in WAL mode")
        }
    }
}
