// A TCP proxy in front of a PostgreSQL server that records what clients send, read from the wire
// protocol (https://www.postgresql.org/docs/15/protocol-message-formats.html). The benchmarks use
// it to count the statements and round trips strata costs per model without changing the server's
// configuration (pg_stat_statements is not preloaded here, and `log_statement` would mix our
// statements into a log other people use).
//
// Recorded per client connection, in order:
//   { kind: 'query', sql }             a simple-protocol Query ('Q'): one round trip, maybe several statements
//   { kind: 'parse', sql }             an extended-protocol Parse ('P') of a statement
//   { kind: 'bind', params }           its Bind ('B') with the parameters as text (null for binary/NULL)
//   { kind: 'execute' }                an Execute ('E')
//   { kind: 'sync' }                   a Sync ('S'): the end of one extended-protocol round trip
//   { kind: 'copy', bytes }            CopyData ('d') bytes, summed per COPY
// The connection must be plain TCP (sslmode: disable); an SSLRequest is refused with 'N' so
// clients that prefer TLS fall back to plain text.
import net from 'node:net';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

/** Splits a client's byte stream into protocol messages and records the ones above. */
class ClientStream {
  constructor(connection, onEarlyReply) {
    this.connection = connection;
    this.onEarlyReply = onEarlyReply;
    this.buffer = Buffer.alloc(0);
    this.started = false;
  }

  /** Takes bytes from the client; returns the bytes to forward to the server. */
  push(chunk) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const forward = [];
    for (;;) {
      if (!this.started) {
        if (this.buffer.length < 8) break;
        const length = this.buffer.readInt32BE(0);
        if (this.buffer.length < length) break;
        const code = this.buffer.readInt32BE(4);
        const message = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          this.onEarlyReply(Buffer.from('N'));
          continue;
        }
        if (code !== CANCEL_REQUEST) this.started = true;
        forward.push(message);
        continue;
      }
      if (this.buffer.length < 5) break;
      const type = String.fromCharCode(this.buffer[0]);
      const length = this.buffer.readInt32BE(1);
      if (this.buffer.length < 1 + length) break;
      const body = this.buffer.subarray(5, 1 + length);
      this.record(type, body);
      forward.push(this.buffer.subarray(0, 1 + length));
      this.buffer = this.buffer.subarray(1 + length);
    }
    return forward.length === 1 ? forward[0] : Buffer.concat(forward);
  }

  record(type, body) {
    const events = this.connection.events;
    switch (type) {
      case 'Q':
        events.push({ kind: 'query', sql: body.toString('utf8', 0, body.length - 1) });
        break;
      case 'P': {
        const nameEnd = body.indexOf(0);
        const sqlEnd = body.indexOf(0, nameEnd + 1);
        events.push({ kind: 'parse', sql: body.toString('utf8', nameEnd + 1, sqlEnd) });
        break;
      }
      case 'B':
        events.push({ kind: 'bind', params: readBindParams(body) });
        break;
      case 'E':
        events.push({ kind: 'execute' });
        break;
      case 'S':
        events.push({ kind: 'sync' });
        break;
      case 'd': {
        const last = events[events.length - 1];
        if (last?.kind === 'copy') last.bytes += body.length;
        else events.push({ kind: 'copy', bytes: body.length });
        break;
      }
      default:
        break;
    }
  }
}

/** The parameter values of a Bind message, as text (binary values and NULLs as null). */
function readBindParams(body) {
  let at = body.indexOf(0) + 1; // portal name
  at = body.indexOf(0, at) + 1; // statement name
  const formatCount = body.readInt16BE(at);
  at += 2;
  const formats = [];
  for (let i = 0; i < formatCount; i++, at += 2) formats.push(body.readInt16BE(at));
  const paramCount = body.readInt16BE(at);
  at += 2;
  const params = [];
  for (let i = 0; i < paramCount; i++) {
    const length = body.readInt32BE(at);
    at += 4;
    const format = formats.length === 0 ? 0 : formats.length === 1 ? formats[0] : formats[i];
    if (length < 0 || format !== 0) params.push(null);
    else params.push(body.toString('utf8', at, at + length));
    if (length > 0) at += length;
  }
  return params;
}

/**
 * Starts a recording proxy on 127.0.0.1 (a free port) in front of `target` ({host, port}).
 * Returns { port, connections, close() }; each connection is { events: [...] }.
 */
export async function startWireRecorder(target) {
  const connections = [];
  const server = net.createServer((client) => {
    const connection = { events: [] };
    connections.push(connection);
    const upstream = net.connect(target.port, target.host);
    const stream = new ClientStream(connection, (reply) => client.write(reply));
    client.on('data', (chunk) => {
      const forward = stream.push(chunk);
      if (forward.length) upstream.write(forward);
    });
    upstream.pipe(client);
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
    client.on('error', closeBoth);
    upstream.on('error', closeBoth);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: server.address().port,
    connections,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
