// Hearth's Node.js worker for the classic programming model (function.json + module.exports).
// It speaks the Azure Functions custom-handler protocol: Hearth starts it with
// FUNCTIONS_CUSTOMHANDLER_PORT, then sends POST /{Function} with {"Data", "Metadata"} and reads
// {"Outputs", "Logs", "ReturnValue"} (binary HTTP bodies as base64 with `x-hearth-body-encoding: base64`). A failed invocation answers 500 with {"Error", "Logs"}.
// No npm packages: only Node's own modules.
'use strict';

const http = require('http');
const fs = require('fs');
const path = require('path');
const util = require('util');
const { pathToFileURL } = require('url');

const appRoot = process.env.FUNCTIONS_APP_ROOT_PATH || process.env.AzureWebJobsScriptRoot || process.cwd();
const port = Number(process.env.FUNCTIONS_CUSTOMHANDLER_PORT || process.env.FUNCTIONS_HTTPWORKER_PORT);
if (!port) {
  console.error('hearth-node-worker: FUNCTIONS_CUSTOMHANDLER_PORT is not set; Hearth starts this worker');
  process.exit(2);
}

// ---- function loading -------------------------------------------------------------------------

const functions = new Map();

function readMetadata(name) {
  const directory = path.join(appRoot, name);
  const metadata = JSON.parse(fs.readFileSync(path.join(directory, 'function.json'), 'utf8'));
  const bindings = (metadata.bindings || []).map((b) => {
    const binding = {};
    for (const key of Object.keys(b)) binding[key.charAt(0).toLowerCase() + key.slice(1)] = b[key];
    binding.direction = String(binding.direction || 'in').toLowerCase();
    binding.type = String(binding.type || '');
    return binding;
  });
  let scriptFile = metadata.scriptFile;
  if (!scriptFile) {
    for (const candidate of ['index.js', 'index.cjs', 'index.mjs', 'run.js']) {
      if (fs.existsSync(path.join(directory, candidate))) { scriptFile = candidate; break; }
    }
  }
  if (!scriptFile) {
    const scripts = fs.readdirSync(directory).filter((f) => /\.(c|m)?js$/.test(f));
    if (scripts.length === 1) scriptFile = scripts[0];
  }
  if (!scriptFile) throw new Error(`function '${name}' has no script: add index.js or set scriptFile in ${name}/function.json`);
  const trigger = bindings.find((b) => b.direction === 'in' && b.type.toLowerCase().endsWith('trigger'));
  return {
    name,
    directory,
    script: path.resolve(directory, scriptFile),
    entryPoint: metadata.entryPoint,
    bindings,
    trigger,
    outputs: bindings.filter((b) => b.direction === 'out' || b.direction === 'inout'),
    httpOutput: bindings.find((b) => b.direction === 'out' && b.type.toLowerCase() === 'http'),
  };
}

async function loadFunction(name) {
  let loaded = functions.get(name);
  if (loaded) return loaded;
  const info = readMetadata(name);
  let exported;
  if (info.script.endsWith('.mjs')) {
    exported = await import(pathToFileURL(info.script).href);
  } else {
    try {
      exported = require(info.script);
    } catch (error) {
      if (error && error.code === 'ERR_REQUIRE_ESM') exported = await import(pathToFileURL(info.script).href);
      else throw error;
    }
  }
  let entry;
  if (info.entryPoint) {
    entry = exported && exported[info.entryPoint];
    if (typeof entry !== 'function' && exported && exported.default) entry = exported.default[info.entryPoint];
  } else if (typeof exported === 'function') {
    entry = exported;
  } else if (exported && typeof exported.default === 'function') {
    entry = exported.default;
  } else if (exported) {
    const exportedFunctions = Object.keys(exported).filter((k) => typeof exported[k] === 'function');
    if (exportedFunctions.length === 1) entry = exported[exportedFunctions[0]];
    else entry = exported.run || exported.index;
  }
  if (typeof entry !== 'function') {
    throw new Error(`${path.relative(appRoot, info.script)} does not export a function${info.entryPoint ? ` named '${info.entryPoint}' (entryPoint)` : ''}: use module.exports = async function (context, ...) { ... }`);
  }
  loaded = { ...info, entry };
  functions.set(name, loaded);
  return loaded;
}

// ---- triggers and bindings --------------------------------------------------------------------

// Hearth sends bodies of these content types as text and the others base64-encoded (as the host does).
function isText(contentType) {
  return contentType === '' || contentType.startsWith('text/') || contentType.includes('json') || contentType.includes('xml')
    || contentType.startsWith('application/x-www-form-urlencoded') || contentType.includes('javascript');
}

function camelCase(value) {
  if (Array.isArray(value)) return value.map(camelCase);
  if (value === null || typeof value !== 'object') return value;
  const result = {};
  for (const key of Object.keys(value)) result[key.charAt(0).toLowerCase() + key.slice(1)] = camelCase(value[key]);
  return result;
}

// The v3 model's timer object ({schedule, scheduleStatus, isPastDue}), with the PascalCase names
// of the v1/v2 model as hidden aliases so older apps keep working.
function timerInfo(data) {
  const timer = camelCase(data || {});
  if (timer.isPastDue === undefined) timer.isPastDue = false;
  if (timer.scheduleStatus === undefined) timer.scheduleStatus = null;
  for (const key of Object.keys(data || {})) {
    if (!(key in timer)) Object.defineProperty(timer, key, { value: data[key], enumerable: false });
  }
  return timer;
}

// context.bindingData of a queue-triggered function as the v3 worker builds it from the trigger
// metadata: keys camelCased, string values parsed when they are JSON (so `queueTrigger` of a JSON
// message is the object and `dequeueCount` a number), the keys of parsed objects camelCased too.
function queueBindingData(metadata) {
  const convert = (object) => {
    const result = {};
    for (const key of Object.keys(object)) {
      let value = object[key];
      if (typeof value === 'string') {
        try { value = JSON.parse(value); } catch (_) { /* a plain string */ }
      }
      const isObject = value !== null && typeof value === 'object' && !Array.isArray(value);
      result[key.charAt(0).toLowerCase() + key.slice(1)] = isObject ? convert(value) : value;
    }
    return result;
  };
  return convert(metadata);
}

function httpRequest(data) {
  const headers = {};
  for (const [name, values] of Object.entries(data.Headers || {})) {
    const key = name.toLowerCase();
    const list = Array.isArray(values) ? values : [values];
    headers[key] = headers[key] === undefined ? list.join(', ') : `${headers[key]}, ${list.join(', ')}`;
  }
  const contentType = (headers['content-type'] || '').toLowerCase();
  let body;
  let rawBody;
  if (data.Body !== undefined && data.Body !== null) {
    if (isText(contentType)) {
      rawBody = String(data.Body);
      body = rawBody;
      if (contentType.includes('json')) {
        try { body = JSON.parse(rawBody); } catch (_) { body = rawBody; }
      }
    } else {
      body = Buffer.from(String(data.Body), 'base64');
      rawBody = body;
    }
  }
  const url = data.Url || '';
  return {
    method: data.Method,
    url,
    originalUrl: url,
    headers,
    query: { ...(data.Query || {}) },
    params: { ...(data.Params || {}) },
    body,
    rawBody,
    user: null,
    get(name) { return headers[String(name).toLowerCase()]; },
  };
}

// context.res of an HTTP function: an object the function may fill in or replace. Its own
// properties are what the function set (headers, statusCode, body …); the v2/v3 helper methods
// (status, set, send, json, end …) are on its prototype, so made once, not per invocation (13
// closures defined with Object.defineProperty on every call were the largest part of the worker's
// own time per call, and most of its garbage: bench/README.md, "Added latency").
class HTTPResponse {
  #context;
  constructor(context) { this.headers = {}; this.#context = context; }
  status(code) { this.statusCode = code; return this; }
  setHeader(name, value) { this.headers[String(name).toLowerCase()] = value; return this; }
  getHeader(name) { return this.headers[String(name).toLowerCase()]; }
  removeHeader(name) { delete this.headers[String(name).toLowerCase()]; return this; }
  type(type) { return this.setHeader('content-type', type); }
  send(body) { this.body = body; this.#context.done(); return this; }
  sendStatus(code) { this.statusCode = code; this.#context.done(); return this; }
  json(body) { this.setHeader('content-type', 'application/json'); this.body = body; this.#context.done(); return this; }
  raw(body) { this.isRaw = true; this.body = body; this.#context.done(); return this; }
}
// The aliases are the same functions, and like the methods not enumerable (for…in sees only what the function set).
for (const [alias, name] of [['header', 'setHeader'], ['set', 'setHeader'], ['get', 'getHeader'], ['end', 'send']]) {
  Object.defineProperty(HTTPResponse.prototype, alias, { value: HTTPResponse.prototype[name], writable: true, configurable: true });
}

// An http output as Hearth reads it: {statusCode, headers, body}; null (204) when it says nothing.
function toHTTPOutput(value) {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || isBinary(value)) return withBody({ statusCode: 200, headers: {} }, value);
  // context.res's status is also the helper method status(code): only a value counts.
  const status = value.statusCode !== undefined && value.statusCode !== null ? value.statusCode
    : (typeof value.status === 'function' || value.status === null ? undefined : value.status);
  const hasBody = value.body !== undefined && value.body !== null;
  if (status === undefined && !hasBody) return null;
  const headers = {};
  for (const [name, v] of Object.entries(value.headers || {})) headers[name] = Array.isArray(v) ? v.map(String) : String(v);
  const output = { statusCode: Number(status !== undefined ? status : 200), headers };
  return hasBody ? withBody(output, value.body) : output;
}

function isBinary(body) {
  return Buffer.isBuffer(body) || body instanceof Uint8Array || body instanceof ArrayBuffer;
}

// Bytes travel as base64 with Hearth's private header saying so (Hearth decodes and removes it);
// a string is sent as it is, so text that looks like base64 stays text.
function withBody(output, body) {
  if (isBinary(body)) {
    output.body = Buffer.from(body instanceof ArrayBuffer ? new Uint8Array(body) : body).toString('base64');
    output.headers['x-hearth-body-encoding'] = 'base64';
  } else {
    output.body = body;
  }
  return output;
}

function toOutput(binding, value) {
  if (binding.type.toLowerCase() === 'http') return toHTTPOutput(value);
  // A queue output's array is one message per element (bytes base64-encoded, as a single Buffer is).
  if (binding.type.toLowerCase() === 'queue' && Array.isArray(value)) {
    return value.map((element) => (isBinary(element) ? Buffer.from(element).toString('base64') : element));
  }
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return value === undefined ? null : value;
}

// ---- invocation -------------------------------------------------------------------------------

function makeLogger(logs) {
  const write = (level) => (...args) => {
    const text = util.format(...args);
    logs.push(level ? `[${level}] ${text}` : text);
  };
  const log = write('');
  log.info = write('');
  log.verbose = write('verbose');
  log.warn = write('warning');
  log.error = write('error');
  log.trace = write('verbose');
  log.debug = write('verbose');
  return log;
}

async function invoke(name, payload, invocationId, logs) {
  const fn = await loadFunction(name);
  const data = payload.Data || {};
  const metadata = payload.Metadata || {};
  const queueTriggered = fn.trigger !== undefined && fn.trigger.type.toLowerCase() === 'queuetrigger';
  const bindingData = queueTriggered ? queueBindingData(metadata) : camelCase(metadata);
  bindingData.invocationId = invocationId;
  const context = {
    invocationId,
    executionContext: { invocationId, functionName: fn.name, functionDirectory: fn.directory, retryContext: null },
    bindings: {},
    bindingData,
    bindingDefinitions: fn.bindings.map((b) => ({ name: b.name, type: b.type, direction: b.direction })),
    traceContext: { traceparent: null, tracestate: null, attributes: {} },
    log: makeLogger(logs),
  };
  let triggerValue;
  for (const binding of fn.bindings) {
    if (binding.direction === 'out' || !(binding.name in data)) continue;
    let value = data[binding.name];
    const type = binding.type.toLowerCase();
    if (type === 'httptrigger') {
      value = httpRequest(value || {});
      context.req = value;
    } else if (type === 'timertrigger') {
      value = timerInfo(value);
    } else if (type === 'queuetrigger' && binding.dataType === 'binary' && typeof value === 'string') {
      value = Buffer.from(value, 'base64');
    } else if (typeof value === 'string' && binding.dataType !== 'string' && binding.dataType !== 'binary') {
      try { value = JSON.parse(value); } catch (_) { /* a plain string */ }
    }
    context.bindings[binding.name] = value;
    if (binding === fn.trigger) triggerValue = value;
  }
  if (fn.httpOutput) context.res = new HTTPResponse(context);

  // Completion: the returned promise, or context.done() for callback-style functions.
  let settle;
  const finished = new Promise((resolve, reject) => { settle = { resolve, reject }; });
  let doneCalled = false;
  let promiseSettled = false;
  let returnedPromise = false;
  const mixed = "the function returned a promise (async function) and also called context.done(): v1 hosts accepted this, Functions v2+ hosts fail "
    + "the invocation ('Choose either to return a promise or call done'); return a promise or call context.done(), not both";
  context.done = (error, propertyBag) => {
    if (doneCalled) {
      context.log.warn("context.done() was called more than once; only the first call counts");
      return;
    }
    doneCalled = true;
    if (returnedPromise) context.log.warn(promiseSettled ? `${mixed} (context.done() came after the promise resolved and is ignored)` : mixed);
    if (promiseSettled) return;
    if (error) settle.reject(error);
    else settle.resolve({ viaDone: true, value: propertyBag });
  };

  const inputs = fn.bindings.filter((b) => b.direction !== 'out' && b !== fn.trigger && b.name in context.bindings).map((b) => context.bindings[b.name]);
  const result = fn.entry(context, triggerValue, ...inputs);
  if (result && typeof result.then === 'function') {
    returnedPromise = true;
    if (doneCalled) context.log.warn(mixed);
    result.then((value) => { if (!doneCalled) settle.resolve({ viaDone: false, value }); promiseSettled = true; },
      (error) => { settle.reject(error); promiseSettled = true; });
  }
  const outcome = await finished;
  // One turn of the event loop, so a context.done() right after the promise resolved is still
  // warned about in this invocation's log.
  if (returnedPromise) await new Promise((resolve) => setImmediate(resolve));

  let returnValue = null;
  const returnBinding = fn.bindings.find((b) => b.name === '$return');
  const value = outcome.value;
  // With a $return binding, context.done(null, value) sets it like a returned value (Azure's v1 host
  // and v3 worker alike); without one, the value's keys name output bindings.
  if (outcome.viaDone && !returnBinding) {
    if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) {
        if (key === '$return') returnValue = v; else context.bindings[key] = v;
      }
    }
  } else if (returnBinding) {
    returnValue = value;
  } else if (value && typeof value === 'object') {
    // v3: a returned object whose keys name output bindings sets those bindings.
    for (const binding of fn.outputs) if (binding.name in value) context.bindings[binding.name] = value[binding.name];
  }
  if (fn.httpOutput && fn.httpOutput.name !== '$return' && context.bindings[fn.httpOutput.name] === undefined) {
    context.bindings[fn.httpOutput.name] = context.res;
  }
  const outputs = {};
  for (const binding of fn.outputs) {
    if (binding.name === '$return') continue;
    if (context.bindings[binding.name] !== undefined) outputs[binding.name] = toOutput(binding, context.bindings[binding.name]);
  }
  if (returnBinding && returnValue !== null && returnValue !== undefined) returnValue = toOutput(returnBinding, returnValue);
  return { Outputs: outputs, Logs: logs, ReturnValue: returnValue === undefined ? null : returnValue };
}

function describe(error) {
  if (error instanceof Error) return error.stack || `${error.name}: ${error.message}`;
  if (typeof error === 'string') return error;
  try { return JSON.stringify(error); } catch (_) { return String(error); }
}

function reply(response, status, type, text) {
  const body = Buffer.from(text, 'utf8');
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': body.length });
  response.end(body);
}

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    if (request.method !== 'POST') return reply(response, 200, 'application/json', '{"ready":true}');
    const name = decodeURIComponent(request.url.split('?')[0].replace(/^\/+/, ''));
    const invocationId = request.headers['x-azure-functions-invocationid'] || '';
    const logs = [];
    try {
      const payload = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      const result = await invoke(name, payload, invocationId, logs);
      reply(response, 200, 'application/json', JSON.stringify(result));
    } catch (error) {
      const text = describe(error);
      console.error(`Function '${name}' (invocation ${invocationId}) failed: ${text}`);
      // The logs written before the error go back with it, for the invocation log.
      reply(response, 500, 'application/json', JSON.stringify({ Error: text, Logs: logs }));
    }
  });
});
server.keepAliveTimeout = 65000;
process.on('unhandledRejection', (reason) => console.error(`unhandled promise rejection: ${describe(reason)}`));
server.listen(port, '127.0.0.1', () => console.log(`hearth-node-worker listening on 127.0.0.1:${port} for ${appRoot}`));