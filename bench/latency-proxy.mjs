#!/usr/bin/env node
// A TCP proxy that delays every chunk by half the given round-trip time in each direction, to
// benchmark against a server "across a network" (a managed PostgreSQL in the same region answers
// in about 1 ms) while running the local one. A separate process, so the benchmark may block in
// spawnSync while clients go through it.
//
//   node bench/latency-proxy.mjs <round-trip ms> <server host> <server port>
//
// Prints the port it listens on (127.0.0.1) as its first line, then runs until killed.
import net from 'node:net';

const [roundTripMs, host, port] = [Number(process.argv[2]), process.argv[3] ?? '127.0.0.1', Number(process.argv[4] ?? 5432)];
if (!(roundTripMs >= 0) || !port) {
  process.stderr.write('usage: node bench/latency-proxy.mjs <round-trip ms> <server host> <server port>\n');
  process.exit(2);
}
const oneWay = roundTripMs / 2;

/** Forwards `from`'s bytes to `to`, each chunk `oneWay` ms later, in order. */
function delayed(from, to) {
  from.on('data', (chunk) => setTimeout(() => to.destroyed || to.write(chunk), oneWay));
  from.on('end', () => setTimeout(() => to.end(), oneWay));
  from.on('error', () => to.destroy());
}

const proxy = net.createServer((client) => {
  client.setNoDelay(true);
  const server = net.connect({ host, port }, () => server.setNoDelay(true));
  delayed(client, server);
  delayed(server, client);
});
proxy.listen(0, '127.0.0.1', () => process.stdout.write(`${proxy.address().port}\n`));
