@testable import ECertCore
import Foundation
import Testing

@Suite("reconcile")
struct ReconcileTests {
    func write(_ dir: URL, _ name: String, _ text: String) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func joinsSumsBestAttemptsAndNameFallback() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ecert-reconcile-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let reg = try write(dir, "reg.csv", """
            Nama Lengkap;NUPTK;Email;Kab/Kota
            "Dra. Siti Aminah, S.Pd.";1000000000000001;siti@x.id;Kota Palembang
            Budi Santoso;1000000000000002;budi@x.id;Kab. Lahat
            Ani;1000000000000003;ani1@x.id;Kab. Lahat
            Ani;1000000000000004;ani2@x.id;Kab. Lahat
            Rina;1000000000000005;rina@x.id;Kota Palembang
            Eko;1000000000000006;eko@x.id;

            """)
        let zoom = try write(dir, "zoom.csv", """
            Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants
            812 3456 7890,Webinar,09/20/2025 08:00:00 AM,09/20/2025 11:00:00 AM,host@x.id,180,6

            Name (original name),User Email,Join time,Leave time,Duration (minutes),Guest
            Siti,SITI@X.ID ,09/20/2025 08:00:00,09/20/2025 08:40:00,40,No
            Siti,siti@x.id,09/20/2025 09:00:00,09/20/2025 09:25:00,25,No
            HP Budi (budi santoso),,09/20/2025 08:00:00,09/20/2025 10:00:00,120,Yes
            Ani,,09/20/2025 08:00:00,09/20/2025 10:00:00,120,Yes
            Rina,rina@x.id,09/20/2025 08:00:00,09/20/2025 08:59:00,59,No
            Eko,eko@x.id,09/20/2025 08:00:00,09/20/2025 10:00:00,120,No

            """)
        let quiz = try write(dir, "quiz.csv", """
            Timestamp,Email Address,Score
            2025/09/20 10:00:00,siti@x.id,5 / 10
            2025/09/20 10:05:00,Siti@x.id,7 / 10
            2025/09/20 10:00:00,budi@x.id,9 / 10
            2025/09/20 10:00:00,rina@x.id,10 / 10
            2025/09/20 10:00:00,eko@x.id,6.5 / 10

            """)
        let result = try Reconciler.run(registrations: reg, attendance: zoom, quiz: quiz,
                                        options: .init(minMinutes: 60, minScorePercent: 70), outputName: "verified.csv")
        let f = result.funnel
        // Siti: 40 + 25 min, best 7/10 = 70 % → verified. Budi: joined by the name in parentheses.
        // "Ani" is two registrations: no name match. Rina: 59 min. Eko: 65 %.
        #expect(f.counts == .init(registered: 6, attended: 3, passedQuiz: 2, verified: 2))
        #expect(f.matching.attendanceRowsByEmail == 4 && f.matching.attendanceRowsByName == 1 && f.matching.attendanceRowsUnmatched == 1)
        #expect(f.matching.quizRowsByEmail == 5 && f.matching.verifiedMatchedByName == 1)
        #expect(f.districts.map(\.district) == ["(no district)", "Kab. Lahat", "Kota Palembang"])
        #expect(f.districts[1].counts == .init(registered: 3, attended: 1, passedQuiz: 1, verified: 1))
        #expect(result.nameMatched.map(\.line) == [3])
        let csv = String(decoding: result.verifiedCSV, as: UTF8.self)
        #expect(csv.contains("\"Dra. Siti Aminah, S.Pd.\",1000000000000001,siti@x.id,Kota Palembang,65,7 / 10,email\r\n"))
        #expect(csv.contains("Budi Santoso,1000000000000002,budi@x.id,Kab. Lahat,120,9 / 10,name (check)\r\n"))
        #expect(f.output.sha256 == Digest256.sha256Hex(result.verifiedCSV) && f.output.rows == 2)
    }
}
