import ArgumentParser

/// How client commands print results: `text` for people, `json` (the API's JSON exactly) for scripts.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
