/// The migration journal as the TDS test peer answers `SQLServerStatements.selectJournal`: one
/// successful row per (version, checksum), applied by `dba`.
enum TDSPeerJournal {
    static func reply(_ rows: [(version: Int, checksum: String)]) -> [TDSPeerReply] {
        let columns = [
            TDSPeerColumn(name: "version", type: .intN(size: 4)), TDSPeerColumn(name: "description", type: .nvarchar(maxBytes: 400)),
            TDSPeerColumn(name: "checksum", type: .nvarchar(maxBytes: 128)),
            TDSPeerColumn(name: "applied_by", type: .nvarchar(maxBytes: 256)),
            TDSPeerColumn(name: "applied_at", type: .datetime2(scale: 3)), TDSPeerColumn(name: "duration_ms", type: .intN(size: 4)),
            TDSPeerColumn(name: "success", type: .bitN),
        ]
        let values: [[TDSPeerValue]] = rows.map { row in
            [
                .int(Int64(row.version)), .text("m\(row.version)"), .text(row.checksum), .text("dba"), .datetime2(ticks: 0, days: 739_995),
                .int(5), .bit(true),
            ]
        }
        return [.rows(columns, values)]
    }
}
