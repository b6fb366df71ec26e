internal import CLibXML2

/// Turns a parsed document into ``PublishSettings``, with line and column for every problem.
///
/// Lenient about what tools add (unknown attributes and elements are kept or skipped), strict about
/// what a profile cannot work without (``PublishProfile/requiredAttributes``).
enum PublishSettingsReader {
    static func read(_ document: LibXMLDocument) throws(ProfileError) -> PublishSettings {
        guard let root = document.root else {
            throw ProfileError(.malformed, "the file has no root element; a publish profile starts with <publishData>", line: 1, column: 1)
        }
        let rootName = LibXMLDocument.name(of: root)
        guard rootName == "publishData" else {
            let place = document.position(of: root)
            throw ProfileError(
                .wrongRoot,
                "the root element is <\(rootName)>, not <publishData>; this is not a .PublishSettings file (Visual Studio's .pubxml files are MSBuild projects; download the publish profile from the portal instead)",
                line: place?.line,
                column: place?.column
            )
        }
        var profiles: [PublishProfile] = []
        for element in LibXMLDocument.elements(of: root) where LibXMLDocument.name(of: element) == "publishProfile" {
            profiles.append(try profile(element, in: document, index: profiles.count + 1))
        }
        guard !profiles.isEmpty else {
            let place = document.position(of: root)
            throw ProfileError(
                .noProfiles,
                "<publishData> holds no <publishProfile> element; download the publish profile again",
                line: place?.line,
                column: place?.column
            )
        }
        return PublishSettings(profiles: profiles)
    }

    static func profile(_ element: xmlNodePtr, in document: LibXMLDocument, index: Int) throws(ProfileError) -> PublishProfile {
        let attributes = LibXMLDocument.attributes(of: element)
        let names = Set(attributes.map(\.name))
        for required in PublishProfile.requiredAttributes where !names.contains(required) {
            let place = document.position(of: element)
            let label = attributes.first { $0.name == "profileName" }.map { "'\($0.value)'" } ?? "number \(index)"
            throw ProfileError(
                .missingAttribute,
                "publish profile \(label) has no \(required) attribute, which every profile needs (\(PublishProfile.requiredAttributes.joined(separator: ", "))); download the profile again",
                line: place?.line,
                column: place?.column
            )
        }
        var databases: [PublishDatabase] = []
        for child in LibXMLDocument.elements(of: element) where LibXMLDocument.name(of: child) == "databases" {
            for add in LibXMLDocument.elements(of: child) where LibXMLDocument.name(of: add) == "add" {
                databases.append(PublishDatabase(attributes: LibXMLDocument.attributes(of: add)))
            }
        }
        return PublishProfile(attributes: attributes, databases: databases)
    }
}
