// A loopback HTTP server that answers every request with what it received, as JSON, and records it.
// Tests may pass a handler that answers some requests differently (stalls, redirects, 429s…).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  /** Header names lower-cased; repeated headers joined the way node joins them. */
  headers: Record<string, string | string[] | undefined>;
  /** Raw header pairs in the order sent, names as written. */
  rawHeaders: Array<[string, string]>;
  body: string;
  bodyBytes: number;
}

export type TestHandler = (req: IncomingMessage, res: ServerResponse, received: ReceivedRequest) => boolean | void | Promise<boolean | void>;

export interface EchoServer {
  readonly url: string;
  readonly port: number;
  readonly received: ReceivedRequest[];
  /** Sockets the server has seen closed by the client or by itself. */
  readonly closedSockets: number;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

function pairs(raw: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < raw.length; i += 2) out.push([raw[i], raw[i + 1]]);
  return out;
}

/** Starts the server on 127.0.0.1 and a free port. A handler returning true has answered the request itself. */
export async function startEchoServer(handler?: TestHandler): Promise<EchoServer> {
  const received: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  let closedSockets = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bodyBuffer = Buffer.concat(chunks);
    const entry: ReceivedRequest = {
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
      rawHeaders: pairs(req.rawHeaders),
      body: bodyBuffer.toString('utf8'),
      bodyBytes: bodyBuffer.length,
    };
    received.push(entry);
    if (handler && (await handler(req, res, entry)) === true) return;
    const json = JSON.stringify({ method: entry.method, url: entry.url, headers: entry.headers, body: entry.body });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  });
  server.keepAliveTimeout = 30_000;
  let connections = 0;
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      closedSockets++;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    get closedSockets() {
      return closedSockets;
    },
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
