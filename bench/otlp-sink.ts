/**
 * The benchmark's OTLP/HTTP sink, run as its own process so its work (reading
 * bodies) competes with neither the load generator nor the measured server in
 * one event loop. It reads every body, answers 200 with an empty protobuf
 * response, and prints one JSON line `{"port":N}` once it listens.
 * `GET /stats` returns the bytes and requests received per path since start.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const received: Record<string, { requests: number; bytes: number }> = {};

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(received));
    return;
  }
  const path = req.url ?? '';
  const entry = (received[path] ??= { requests: 0, bytes: 0 });
  entry.requests++;
  req.on('data', (chunk: Buffer) => (entry.bytes += chunk.length));
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: (server.address() as AddressInfo).port }) + '\n');
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
