// A counting TCP proxy on loopback between a tool and the API server. TLS passes through
// untouched (the tool still verifies the server's certificate, whose SANs include
// 127.0.0.1), so it counts the bytes on the wire for any client: kubedeck, k9s, kubectl.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface CountingProxy {
  port: number;
  /** bytes from the server to the tool since the last reset */
  readonly down: number;
  /** bytes from the tool to the server since the last reset */
  readonly up: number;
  reset(): void;
  close(): Promise<void>;
}

export async function startProxy(targetHost: string, targetPort: number): Promise<CountingProxy> {
  let down = 0;
  let up = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    client.on('data', (d: Buffer) => (up += d.length));
    upstream.on('data', (d: Buffer) => (down += d.length));
    client.pipe(upstream);
    upstream.pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy: no port');
  return {
    port: address.port,
    get down() {
      return down;
    },
    get up() {
      return up;
    },
    reset: () => {
      down = 0;
      up = 0;
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
