@testable import ECertCore
import Foundation
import Testing

@Suite("shards and the issue journal")
struct ShardAndJournalTests {
    @Test(arguments: [1, 2, 3, 7, 41, 1000])
    func shardsPartitionEveryBatchWithoutGapsOrOverlaps(total: Int) {
        for n in [1, 2, 3, 4, 8, 13] {
            let ranges = (1...n).map { Shard(index: $0, count: n).range(total: total) }
            #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == total)
            for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
            #expect(ranges.map(\.count).reduce(0, +) == total)
            #expect(ranges.map(\.count).max()! - ranges.map(\.count).min()! <= 1)
        }
    }

    @Test func shardTextIsCheckedWithAMessageThatShowsTheForm() throws {
        #expect(try Shard(parsing: "3/8") == Shard(index: 3, count: 8))
        for bad in ["0/4", "5/4", "3", "a/b", "1/0", "-1/4", "1/4/2"] {
            #expect(throws: ECertError.invalidShard(text: bad)) { try Shard(parsing: bad) }
        }
        #expect(ECertError.invalidShard(text: "9/8").localizedDescription.contains("--shard 3/8"))
    }

    @Test func aTornLastLineIsIgnoredAndALaterLineWins() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = String(repeating: "a", count: 64), b = String(repeating: "b", count: 64), c = String(repeating: "c", count: 64)
        let journal = try IssueJournal(directory: dir, batchID: "B1", carried: [("S-1", .init(file: "S-1.pdf", sha256: a))])
        try journal.append(serial: "S-2", entry: .init(file: "S-2.pdf", sha256: b))
        try journal.append(serial: "S-1", entry: .init(file: "S-1.pdf", sha256: c))
        // A crash in the middle of a write leaves a line without its newline.
        let handle = try FileHandle(forWritingTo: journal.url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("S-3\tS-3.pdf\t0123".utf8))
        try handle.close()

        let read = try #require(IssueJournal.read(at: journal.url))
        #expect(read.batchID == "B1")
        #expect(read.entries == ["S-1": .init(file: "S-1.pdf", sha256: c), "S-2": .init(file: "S-2.pdf", sha256: b)])
        journal.remove()
        #expect(!FileManager.default.fileExists(atPath: journal.url.path))
        #expect(IssueJournal.read(at: journal.url) == nil)
    }
}
