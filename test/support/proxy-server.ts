import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface TestProxy {
  /** `http://127.0.0.1:port`, or `https://…` when started with a certificate. */
  url: string;
  /** What it accepted (after any TLS handshake): `CONNECT host:port` or `METHOD absolute-url`. */
  seen: string[];
  /** TLS handshakes that failed because the client refused the proxy's certificate. */
  readonly tlsErrors: number;
  close(): Promise<void>;
}

/**
 * A loopback forward proxy for tests: tunnels CONNECT and forwards absolute-form requests, recording what it
 * was asked for. Given a key and certificate it listens over TLS, as an `https://` proxy.
 */
export async function startProxy(tls?: { key: string; cert: string }): Promise<TestProxy> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  let tlsErrors = 0;
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: req.method, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const server: Server = tls ? createHttpsServer(tls, forward) : createServer(forward);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream).add(client);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  server.on('tlsClientError', (_error: Error, socket: Socket) => {
    tlsErrors += 1;
    socket.destroy();
  });
  server.on('connection', (s: Socket) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    get tlsErrors() {
      return tlsErrors;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
