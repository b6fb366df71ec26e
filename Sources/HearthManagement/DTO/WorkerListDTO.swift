/// `GET /api/workers`: every worker, by name.
package struct WorkerListDTO: Codable, Sendable {
    package var workers: [WorkerDTO]
}
