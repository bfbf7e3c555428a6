/** The test webhook Alertmanager's receivers notify in the HA run: an HTTP server on 127.0.0.1 that records each notification. */
import { Server, createServer } from 'node:http';
import { LOOPBACK } from '../e2e/ports';

/** One notification as Alertmanager's webhook sends it. */
export interface Notification {
  readonly receiver: string;
  readonly status: string;
  readonly alertnames: string[];
  readonly atMs: number;
}

/** A running test webhook. */
export interface Webhook {
  readonly url: string;
  readonly received: Notification[];
  close(): Promise<void>;
}

export async function startWebhook(): Promise<Webhook> {
  const received: Notification[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => { body += d; });
    req.on('end', () => {
      try {
        const n = JSON.parse(body) as { receiver: string; status: string; alerts: Array<{ labels: Record<string, string> }> };
        received.push({ receiver: n.receiver, status: n.status, alertnames: n.alerts.map((a) => a.labels.alertname), atMs: Date.now() });
      } catch {
        // not a notification: ignored
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port: 0 }, resolve);
  });
  return {
    url: `http://${LOOPBACK}:${(server.address() as { port: number }).port}`,
    received,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
