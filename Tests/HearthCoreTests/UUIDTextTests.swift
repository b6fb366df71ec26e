import Foundation
import HearthCore
import Testing

struct UUIDTextTests {
    @Test func theTextIsFoundationsInBothCases() {
        let edges = [
            UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)),
            UUID(uuid: (255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255)),
            UUID(uuid: (0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xFE, 0xDC, 0xBA, 0x98, 0x76, 0x54, 0x32, 0x10)),
        ]
        for id in edges + (0..<200).map({ _ in UUID.random() }) + (0..<200).map({ _ in UUID.timeOrdered() }) {
            #expect(id.text(uppercase: true) == id.uuidString)
            #expect(id.text(uppercase: false) == id.uuidString.lowercased())
            #expect(id.lowercasedText == id.uuidString.lowercased())
            #expect(UUID(uuidString: id.lowercasedText) == id)
        }
        #expect(edges[2].lowercasedText == "01234567-89ab-cdef-fedc-ba9876543210")
    }
}
