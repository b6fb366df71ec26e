import Foundation

/// Reads a deployment log line from any Kudu-compatible endpoint, for `hearth publish`. Lenient,
/// like ``DeployResultDTO``'s decoding: a missing or other-shaped field reads as empty.
extension DeployLogEntryDTO: Decodable {
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        logTime = (try? c.decodeIfPresent(Date.self, forKey: .logTime)) ?? nil
        id = ((try? c.decodeIfPresent(String.self, forKey: .id)) ?? nil) ?? ""
        message = ((try? c.decodeIfPresent(String.self, forKey: .message)) ?? nil) ?? ""
        type = ((try? c.decodeIfPresent(Int.self, forKey: .type)) ?? nil) ?? 0
        detailsUrl = (try? c.decodeIfPresent(String.self, forKey: .detailsUrl)) ?? nil
    }
}
