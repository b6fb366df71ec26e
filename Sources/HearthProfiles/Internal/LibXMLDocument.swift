internal import CLibXML2

/// Owns one parsed libxml2 document (`xmlDocPtr`) and the element positions recorded while it was
/// parsed. Freed in `close()` or `deinit`, whichever comes first.
final class LibXMLDocument {
    private(set) var handle: xmlDocPtr?
    private let positions: [UnsafeMutableRawPointer: SourcePosition]

    init(handle: xmlDocPtr, positions: [UnsafeMutableRawPointer: SourcePosition]) {
        self.handle = handle
        self.positions = positions
    }

    deinit {
        if let handle { xmlFreeDoc(handle) }
    }

    /// Frees the document now.
    func close() {
        if let handle { xmlFreeDoc(handle) }
        handle = nil
    }

    var root: xmlNodePtr? {
        guard let handle else { return nil }
        return xmlDocGetRootElement(handle)
    }

    /// Where an element starts: the recorded `<`, else libxml2's line number alone.
    func position(of node: xmlNodePtr?) -> SourcePosition? {
        guard let node else { return nil }
        if let position = positions[UnsafeMutableRawPointer(node)] { return position }
        let line = Int(xmlGetLineNo(node))
        return line > 0 ? SourcePosition(line: line, column: 1) : nil
    }

    /// The element children of `node`, in order.
    static func elements(of node: xmlNodePtr) -> [xmlNodePtr] {
        var result: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(current) }
            child = current.pointee.next
        }
        return result
    }

    static func name(of node: xmlNodePtr) -> String {
        LibXML.string(node.pointee.name)
    }

    /// The attributes of an element, in order. Values are the concatenated text of the attribute's
    /// children: without a DTD there are no entity references left, only text (predefined entities
    /// and character references are resolved while parsing).
    static func attributes(of node: xmlNodePtr) -> [ProfileAttribute] {
        var result: [ProfileAttribute] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            var value = ""
            var child = current.pointee.children
            while let text = child {
                if let content = text.pointee.content { value += String(cString: content) }
                child = text.pointee.next
            }
            result.append(ProfileAttribute(name: LibXML.string(current.pointee.name), value: value))
            attribute = current.pointee.next
        }
        return result
    }
}
