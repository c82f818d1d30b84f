import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Router } from './router';
import { EmulatorState, type Fault, type RegisteredClient } from './state';
import { readBody, sendEmpty, sendJson } from './http';
import { installControlRoutes } from './control';

/** A part of the emulated Adobe surface (IMS, Journey, Campaign, CJA) that adds its routes. */
export type EmulatorModule = (router: Router, state: EmulatorState) => void;

/** Modules installed on every emulator; features register theirs here. */
export const MODULES: EmulatorModule[] = [];

export interface EmulatorOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
}

export interface Emulator {
  readonly url: string;
  readonly state: EmulatorState;
  registerClient(client: RegisteredClient): void;
  /** Calls seen whose route starts with the prefix, e.g. `POST /ims/token/v3`. */
  count(prefix?: string): number;
  inject(fault: Fault): void;
  reset(): void;
  stop(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = new EmulatorState();
  const router = new Router();
  router.add('GET', '/health', ({ res }) => sendJson(res, 200, { status: 'ok' }));
  installControlRoutes(router, state);
  for (const install of MODULES) install(router, state);

  let baseUrl = '';
  const server: Server = createServer((req, res) => {
    const arrivedAt = Date.now();
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    const match = router.match(method, url.pathname);
    const record = (status: number) =>
      state.calls.push({ method, path: url.pathname, route: `${method} ${match?.route.pattern ?? url.pathname}`, status, at: Date.now(), arrivedAt });
    if (!url.pathname.startsWith('/__control')) state.logRequest({ method, url: `${url.pathname}${url.search}`, host: req.headers.host ?? '', headers: { ...req.headers }, arrivedAt });
    res.on('finish', () => {
      if (!url.pathname.startsWith('/__control') && url.pathname !== '/health') record(res.statusCode);
    });
    void handle().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: 'internal_error', error_description: String(error) });
      else res.destroy();
    });

    async function handle(): Promise<void> {
      const fault = url.pathname.startsWith('/__control') ? undefined : state.takeFault(method, url.pathname);
      if (fault) {
        if (await applyFault(fault)) return;
      }
      if (!match) {
        if (router.hasPath(url.pathname)) return sendJson(res, 405, { error: 'method_not_allowed', error_description: `${method} is not allowed here` });
        return sendJson(res, 404, { error: 'not_found', error_description: `No route for ${method} ${url.pathname}` });
      }
      await match.route.handler({ req, res, url, params: match.params, state, baseUrl });
    }

    /** Returns true when the fault answered the call itself. */
    async function applyFault(fault: Fault): Promise<boolean> {
      switch (fault.kind) {
        case 'delay':
          await new Promise((r) => setTimeout(r, fault.delayMs ?? 1000));
          return false;
        case 'stall':
          await readBody(req).catch(() => undefined);
          // Never answers; the client's deadline must fire. The socket closes when the server stops.
          return true;
        case 'html':
          res.writeHead(fault.status ?? 502, { 'content-type': 'text/html' });
          res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
          return true;
        case 'empty':
          sendEmpty(res, fault.status ?? 200);
          return true;
        case 'status':
          sendJson(res, fault.status ?? 500, fault.body ?? { error: 'internal_error', error_description: 'Injected failure' });
          return true;
      }
    }
  });

  const sockets = new Set<Socket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${address.address}:${address.port}`;

  return {
    url: baseUrl,
    state,
    registerClient: (client) => state.registerClient(client),
    count: (prefix) => state.count(prefix),
    inject: (fault) => state.faults.push(fault),
    reset: () => state.reset(),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
