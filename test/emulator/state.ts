// What the emulator knows: the credentials registered with it, the calls it has seen and the faults a test
// asked it to inject.

export interface RegisteredClient {
  clientId: string;
  clientSecret: string;
  /** IMS org id, `…@AdobeOrg`. */
  orgId: string;
  technicalAccountId: string;
  /** PEM certificates whose keys may sign JWTs for this client (service-account credentials). */
  certificates?: string[];
  /** Metascopes bound to the credential (short names, as in the workspace JSON). */
  metaScopes?: string[];
  /** OAuth Server-to-Server scopes bound to the credential. */
  scopes?: string[];
  /** Access-token lifetime in seconds (default 24 h): tests shorten it. */
  tokenLifetimeSeconds?: number;
  /** A migrated JWT credential answers the JWT exchange with 500, as Adobe does. */
  migratedToOAuth?: boolean;
}

export interface RecordedCall {
  method: string;
  path: string;
  /** The route's pattern, e.g. `POST /ims/token/v3`. */
  route: string;
  status: number;
  /** When the answer was finished. */
  at: number;
  /** When the request arrived (pacing tests count arrivals per window). */
  arrivedAt: number;
}

/** A request as it arrived (every route but /__control): what headers a client really sent. */
export interface ReceivedRequest {
  method: string;
  /** Path and query. */
  url: string;
  /** The Host header the client sent (`127.0.0.1:4567`, `localhost:4567`). */
  host: string;
  /** Header names lower-cased, as node gives them. */
  headers: Record<string, string | string[] | undefined>;
  arrivedAt: number;
}

/** A fault for the next matching calls: a status with Adobe's body, a delay, or an HTML page. */
export interface Fault {
  /** Matches `METHOD /path` prefixes, e.g. `POST /ims/`. */
  match: string;
  kind: 'status' | 'delay' | 'html' | 'stall' | 'empty';
  status?: number;
  body?: unknown;
  delayMs?: number;
  /** How many calls it applies to (default 1; 0 = until cleared). */
  times?: number;
}

const REQUEST_LOG_LIMIT = 1000;

export class EmulatorState {
  readonly clients = new Map<string, RegisteredClient>();
  readonly calls: RecordedCall[] = [];
  /** The last requests received, oldest first (at most REQUEST_LOG_LIMIT). */
  readonly requests: ReceivedRequest[] = [];
  faults: Fault[] = [];
  /** Feature modules (Journey, …) that keep state of their own clear it here. */
  readonly resetHooks: Array<() => void> = [];

  registerClient(client: RegisteredClient): void {
    this.clients.set(client.clientId, { ...client });
  }

  /** Counts recorded calls whose route (`METHOD /pattern`) or `METHOD path` starts with the prefix. */
  count(prefix = ''): number {
    return this.calls.filter((c) => c.route.startsWith(prefix) || `${c.method} ${c.path}`.startsWith(prefix)).length;
  }

  takeFault(method: string, path: string): Fault | undefined {
    const key = `${method} ${path}`;
    const index = this.faults.findIndex((f) => key.startsWith(f.match));
    if (index < 0) return undefined;
    const fault = this.faults[index]!;
    const times = fault.times ?? 1;
    if (times === 1) this.faults.splice(index, 1);
    else if (times > 1) this.faults[index] = { ...fault, times: times - 1 };
    return fault;
  }

  logRequest(request: ReceivedRequest): void {
    this.requests.push(request);
    if (this.requests.length > REQUEST_LOG_LIMIT) this.requests.splice(0, this.requests.length - REQUEST_LOG_LIMIT);
  }

  reset(): void {
    this.clients.clear();
    this.calls.length = 0;
    this.requests.length = 0;
    this.faults = [];
    for (const hook of this.resetHooks) hook();
  }
}
