import Foundation

/// Reads a deployment record from any Kudu-compatible endpoint (Hearth's, Azure App Service's),
/// for `hearth publish`. Lenient: a field that is missing or of another shape (Azure writes dates
/// with seven fractional digits) reads as empty (`""`, `-1`, `false`, `nil`, or `distantPast` for
/// the dates) instead of failing the whole record.
extension DeployResultDTO: Decodable {
    /// A record with no field known, for an answer that is not a JSON object. Decoding `{}` cannot
    /// fail: the decoding gives every field a value.
    package static let empty = try! JSONDecoder().decode(DeployResultDTO.self, from: Data("{}".utf8))

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) -> T {
            ((try? c.decodeIfPresent(T.self, forKey: key)) ?? nil) ?? fallback
        }
        func optional<T: Decodable>(_ key: CodingKeys) -> T? {
            (try? c.decodeIfPresent(T.self, forKey: key)) ?? nil
        }
        id = value(.id, "")
        status = value(.status, -1)
        statusText = value(.statusText, "")
        authorEmail = optional(.authorEmail)
        author = optional(.author)
        deployer = value(.deployer, "")
        message = optional(.message)
        progress = value(.progress, "")
        receivedTime = value(.receivedTime, Date.distantPast)
        startTime = value(.startTime, Date.distantPast)
        endTime = optional(.endTime)
        lastSuccessEndTime = optional(.lastSuccessEndTime)
        complete = value(.complete, false)
        active = value(.active, false)
        isTemp = value(.isTemp, false)
        isReadonly = value(.isReadonly, false)
        url = value(.url, "")
        logUrl = value(.logUrl, "")
        siteName = value(.siteName, "")
        provisioningState = value(.provisioningState, "")
        functions = optional(.functions)
    }
}
