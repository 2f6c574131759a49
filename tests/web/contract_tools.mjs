// The tools of the API contract test (api_contract.test.mjs): the document
// read and validated by @apidevtools/swagger-parser, each answer checked
// against its operation by openapi-response-validator, and a raw HTTP/1.1
// client for the requests fetch() will not send as they are (two
// Authorization headers, a body on a GET, a 33 KiB header field).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import net from 'node:net';
import { join } from 'node:path';
import { repoRoot } from './helpers.mjs';

// Both packages live in web/node_modules (devDependencies), not beside this file.
const requireFromWeb = createRequire(join(repoRoot, 'web', 'package.json'));
const SwaggerParser = requireFromWeb('@apidevtools/swagger-parser');
const OpenAPIResponseValidator = requireFromWeb('openapi-response-validator').default;

export const documentPath = join(repoRoot, 'docs', 'openapi.yaml');

// Dates as the API writes them; ajv knows no OpenAPI formats by itself.
const customFormats = { date: (text) => /^\d{4}-\d{2}-\d{2}$/.test(text) };

// openapi-response-validator compiles schemas with ajv's JSON Schema
// draft 7, where exclusiveMinimum and exclusiveMaximum are numbers; in
// OpenAPI 3.0 they are booleans beside minimum and maximum. Rewritten in
// place (on a copy) before compiling; nullable it rewrites itself.
function toDraft7(node) {
  if (Array.isArray(node)) {
    node.forEach(toDraft7);
  } else if (node && typeof node === 'object') {
    for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']]) {
      if (node[flag] === true) {
        node[flag] = node[bound];
        delete node[bound];
      } else if (node[flag] === false) {
        delete node[flag];
      }
    }
    Object.values(node).forEach(toDraft7);
  }
  return node;
}

// Validates the document as OpenAPI 3.0 (throws with every problem found)
// and returns it with every $ref resolved.
export async function loadDocument() {
  return SwaggerParser.validate(documentPath);
}

// Every operation of the document: [{method, path, operation}].
export function operationsOf(document) {
  const list = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of ['get', 'post', 'put', 'delete', 'patch']) {
      if (item[method]) list.push({ method: method.toUpperCase(), path, operation: item[method] });
    }
  }
  return list;
}

// Checks answers against the document, counting them per operation.
export class ContractChecker {
  constructor(document) {
    this.document = document;
    this.validators = new Map();
    this.answers = 0;
    this.statuses = new Map();  // "GET /api/x" -> Set of statuses seen
  }

  operation(method, path) {
    const item = this.document.paths[path];
    const operation = item && item[method.toLowerCase()];
    assert.ok(operation, `${method} ${path} is not an operation of docs/openapi.yaml`);
    return operation;
  }

  validator(method, path) {
    const key = `${method} ${path}`;
    if (!this.validators.has(key)) {
      // The validator rewrites the schemas it compiles (nullable): give it a copy.
      const operation = toDraft7(structuredClone(this.operation(method, path)));
      this.validators.set(key, new OpenAPIResponseValidator({
        responses: operation.responses, components: toDraft7(structuredClone(this.document.components)), customFormats,
      }));
    }
    return this.validators.get(key);
  }

  // The answer {status, headers, body (text)} to a request of operation
  // `method path` (the path as in the document, e.g. /api/jobs/{id}).
  check(method, path, answer, what) {
    const operation = this.operation(method, path);
    const label = `${method} ${path} (${what}) answered ${answer.status}: ${answer.body.slice(0, 300)}`;
    assert.ok(String(answer.status) in operation.responses, `the status is not listed in the document: ${label}`);
    const documented = operation.responses[String(answer.status)];
    let body = null;
    // A download (CSV, HTML) must come with a documented type; JSON is validated against its schema.
    const type = (answer.headers['content-type'] || '').split(';')[0].trim();
    const downloadable = documented.content && type !== 'application/json';
    if (downloadable) {
      assert.ok(type in documented.content, `content type '${type}' is not documented: ${label}`);
    } else if (documented.content) {
      assert.match(answer.headers['content-type'] || '', /^application\/json/, label);
      body = JSON.parse(answer.body);
    }
    if (!downloadable) {
      const problem = this.validator(method, path).validateResponse(answer.status, body);
      assert.equal(problem, undefined, `${label}\n${JSON.stringify(problem, null, 1)}`);
    }
    this.answers += 1;
    const key = `${method} ${path}`;
    if (!this.statuses.has(key)) this.statuses.set(key, new Set());
    this.statuses.get(key).add(answer.status);
    return body;
  }

  // Whether `body` is what the operation's request schema accepts (JSON
  // bodies only). The request schema is checked with the same validator as
  // the answers: it is handed over as the schema of a pretend answer.
  requestAccepts(method, path, body) {
    const operation = toDraft7(structuredClone(this.operation(method, path)));
    const schema = operation.requestBody.content['application/json'].schema;
    const validator = new OpenAPIResponseValidator({
      responses: { 200: { description: 'request', content: { 'application/json': { schema } } } },
      components: toDraft7(structuredClone(this.document.components)), customFormats,
    });
    return validator.validateResponse(200, body) === undefined;
  }
}

// Sends `request` (a string or Buffer, sent as is; it should say
// "Connection: close") on a new connection and resolves with {status,
// headers, body} once the server closes it. The connection is not
// half-closed first: libmicrohttpd takes that for a client gone.
export function rawRequest(url, request) {
  const { hostname, port } = new URL(url);
  return new Promise((resolvePromise, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) });
    const chunks = [];
    socket.setTimeout(30_000, () => socket.destroy(new Error('no answer in 30 s')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', (e) => (chunks.length ? socket.destroy() : reject(e)));
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) {
        reject(new Error(`no complete answer: ${JSON.stringify(text.slice(0, 200))}`));
        return;
      }
      const [statusLine, ...fields] = text.slice(0, end).split('\r\n');
      const headers = {};
      for (const field of fields) {
        const colon = field.indexOf(':');
        headers[field.slice(0, colon).trim().toLowerCase()] = field.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? text.length - end - 4);
      resolvePromise({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: Buffer.from(text.slice(end + 4, end + 4 + length), 'latin1').toString('utf8'),
      });
    });
    socket.write(request);
  });
}

// A request through fetch(): {status, headers, body (text)}.
export async function fetchAnswer(url, method, target, { token, body, contentType = 'application/json' } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = contentType;
  const r = await fetch(`${url}${target}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: r.status, headers: Object.fromEntries(r.headers.entries()), body: await r.text() };
}
