/**
 * A plain Node.js HTTP service with no OpenTelemetry code or dependency: what `instrument(workload,
 * { autoInstrument: 'nodejs' })` is for. It logs with pino (a logging library many services use;
 * the injected SDK's pino instrumentation sends its records), answers every request, and closes on
 * SIGTERM like a well-behaved pod. `npm run e2e` starts it exactly as the injected pod would.
 */
'use strict';
const http = require('node:http');
const pino = require('pino');

const logger = pino();
const server = http.createServer((req, res) => {
  logger.info({ path: req.url }, 'handled request');
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok\n');
});
server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1', () => logger.info('listening'));
process.on('SIGTERM', () => server.close());
