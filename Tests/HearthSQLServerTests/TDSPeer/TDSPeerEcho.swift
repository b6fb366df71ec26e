import Foundation

/// Responders for the TDS test peer.
enum TDSPeerEcho {
    /// Answers an `sp_executesql` call with one row holding every parameter back, in the wire
    /// type it arrived in (`SELECT @a AS a, @b AS b …`); a batch gets a plain DONE.
    static let parameters: @Sendable (TDSPeerRequest) -> [TDSPeerReply] = { request in
        guard request.isRPC, !request.parameters.isEmpty else { return [.done(rowCount: 0)] }
        // As SQL Server would, convert to the declared type where Hearth relies on an implicit
        // conversion: BINARY(16) to UNIQUEIDENTIFIER.
        let declaration = request.declaration ?? ""
        let parameters = request.parameters.map { parameter -> TDSPeerParameter in
            guard declaration.contains("\(parameter.name) uniqueidentifier"), case .binary(let bytes) = parameter.value else { return parameter }
            return TDSPeerParameter(name: parameter.name, type: .guid, value: .guid(bytes))
        }
        let columns = parameters.map { TDSPeerColumn(name: String($0.name.dropFirst()), type: $0.type) }
        return [.rows(columns, [parameters.map(\.value)])]
    }
}
