// The HTTPS listener: binds 127.0.0.1, can drop every connection and listen again
// on the same port (a server restart as clients see it).
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoCerts } from './cert.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

export class DemoServer {
  private server?: https.Server;
  port = 0;

  constructor(
    private readonly certs: DemoCerts,
    private readonly handler: Handler,
  ) {}

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  async listen(port = this.port): Promise<void> {
    const server = https.createServer({ cert: this.certs.certPem, key: this.certs.keyPem }, this.handler);
    // Watches are long-lived; Node's default request timeout would cut them.
    server.requestTimeout = 0;
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  async restart(): Promise<void> {
    const port = this.port;
    await this.close();
    await this.listen(port);
  }
}
