import Testing
import TranscriptIndex

@Suite("Loopback addresses")
struct LoopbackAddressTests {
    @Test("addresses, not text: 127/8, ::1 and localhost are this machine; names that look alike are not")
    func classification() {
        for host in ["127.0.0.1", "127.1.2.3", "::1", "[::1]", "localhost", "LOCALHOST"] {
            #expect(LoopbackAddress.contains(host: host), "\(host)")
        }
        for host in ["127.attacker.example", "127.0.0.1.nip.io", "0.0.0.0", "10.0.0.1", "::", "::2", "example.com",
                     "", "128.0.0.1", "localhost.example"] {
            #expect(!LoopbackAddress.contains(host: host), "\(host)")
        }
    }
}
