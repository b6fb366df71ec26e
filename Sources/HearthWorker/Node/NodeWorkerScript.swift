/// The Node.js worker Hearth ships for the classic JavaScript model (`function.json` with
/// `module.exports = async function (context, req)`), written as JavaScript needing nothing but Node.
///
/// It speaks the custom-handler protocol Hearth already drives (``CustomHandlerHost``): it listens on
/// `FUNCTIONS_CUSTOMHANDLER_PORT`, takes `POST /{Function}` with `{"Data", "Metadata"}`, loads the
/// function's script (`scriptFile`/`entryPoint` of `function.json`, else `index.js`), runs it with a
/// classic `context` and answers `{"Outputs", "Logs", "ReturnValue"}`; a failed invocation answers
/// 500 with the error, which Hearth records in the invocation log.
///
/// What a function sees:
/// - `context.log` (and `.info`, `.verbose`, `.warn`, `.error`), `context.bindings`,
///   `context.bindingData` (camelCase metadata: `query`, `headers`, route parameters, `sys`),
///   `context.executionContext` (`invocationId`, `functionName`, `functionDirectory`),
///   `context.done(err, value)` (`value` is the `$return` output when the function has one, as a
///   returned value is, else an object whose keys name output bindings);
/// - HTTP: `req` (`method`, `url`, `originalUrl`, lower-case `headers`, `query`, `params`, `body`
///   parsed for JSON content types, a string for other text, a `Buffer` for binary; `rawBody`);
///   `context.res` as an object to set or replace (`status`, `body`, `headers`) with the v2/v3
///   helpers `status()`, `set()`, `send()`, `json()`, `end()`; 200 when only a body is set, 204
///   when nothing is (as v4 hosts answer); `$return` and returned objects naming output bindings;
/// - timer: `{ schedule: { adjustForDST }, scheduleStatus: { last, next, lastUpdated } | null,
///   isPastDue }` (the camelCase object of the v3 model; the v1/v2 PascalCase names work as hidden aliases).
/// - queue: the message (a JSON message parsed, else the string; a `Buffer` for `dataType: binary`),
///   `context.bindingData` with `id`, `dequeueCount`, `insertionTime`, `expirationTime`,
///   `nextVisibleTime`, `popReceipt`, `queueTrigger` (the v3 worker's camelCased, JSON-parsed
///   metadata); a queue output (or `$return`) set to a string, an object or an array (one message
///   per element) is answered in `Outputs` / `ReturnValue`.
///
/// Mixing a returned promise with `context.done()` (accepted by v1 hosts, an error in v2+) works
/// and logs a warning in the invocation log.
enum NodeWorkerScript {
    /// The script's file name in ``WorkerConfiguration/dataDirectory``/`runtime/`.
    static let fileName = "hearth-node-worker.js"
    /// Where a sandbox shows the `runtime/` directory.
    static let sandboxDirectory = "/opt/hearth/runtime"

    /// The script, byte for byte the file `Scripts/hearth-node-worker.js` beside this one (embedded at
    /// build time by the EmbedMigrations plugin, so it can be read, linted and `node --check`ed).
    static let source: String = {
        guard let text = EmbeddedScripts.files[fileName] else { preconditionFailure("\(fileName) was not embedded at build time") }
        return text
    }()
}
