/**
 * A Prism validating proxy for contract tests: `prism proxy <spec> <upstream> --errors` runs as a
 * child process, and a small recording proxy in front of it reads every verdict Prism gives
 * (the `sl-violations` header and its `application/problem+json` error responses) so a test can
 * fail on any request or response that breaks the OpenAPI contract.
 *
 *   client ──► recorder (handle.url) ──► prism proxy --errors ──► upstream (emulator, …/v2)
 *
 * Why a recorder instead of Prism's log: under `--errors` Prism logs only "Request terminated with
 * error" for a violation, without its details; the details travel only in the HTTP response the
 * client receives. The log is still read, for readiness and for the one case the HTTP side cannot
 * see (an upstream 501, which Prism answers with a mocked response).
 *
 * Paths: Prism routes on the spec's paths (`/contact_center/...`) and ignores the server's `/v2`.
 * Point a client at `handle.url` wherever it would use `https://api.zoom.us/v2`, and give the
 * upstream with its `/v2` (`http://127.0.0.1:PORT/v2`): Prism appends the request path to it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The spec the harness validates against unless told otherwise. */
export const defaultSpecPath = path.join(projectRoot, 'spec', 'contact-center.openapi.json');

const prismBin = path.join(projectRoot, 'node_modules', '.bin', 'prism');

/** Prism's own problem types live under this URL; `FetchError` (upstream unreachable) does not. */
const prismProblemPrefix = 'https://stoplight.io/prism/errors#';

/** One contract violation Prism reported, with the exchange it belongs to. */
export interface PrismViolation {
  /** Which side broke the contract: what the client sent, or what the upstream answered. */
  readonly direction: 'request' | 'response';
  /** Prism's severity. An undocumented 4xx/5xx status is only a `Warning`; a body mismatch is an `Error`. */
  readonly severity: 'Error' | 'Warning' | 'Information' | 'Hint';
  /** Where, starting with the direction: `['response', 'body', 'address_books', '0', 'unit_id']`. */
  readonly location: readonly string[];
  /** The JSON Schema keyword (`maxItems`), an HTTP status (401, 415) or Prism's problem type. */
  readonly code: string | number | undefined;
  /** Prism's wording: "Request body property contacts must NOT have more than 10 items". */
  readonly message: string;
  /** The request's method, upper case. */
  readonly method: string;
  /** The request's path and query, as the client sent it: `/contact_center/address_books?unit_id=u1`. */
  readonly path: string;
  /** The status the client received (Prism's 422/500 under `--errors`), when known. */
  readonly status: number | undefined;
}

/** Options for {@link startPrismProxy}. */
export interface PrismProxyOptions {
  /** Base URL Prism forwards to, with the API's base path: `http://127.0.0.1:PORT/v2`. */
  readonly upstreamUrl: string;
  /** The OpenAPI document. Default: the project's `spec/contact-center.openapi.json`. */
  readonly specPath?: string;
  /** Port for the client-facing URL. Default: a free loopback port. */
  readonly port?: number;
  /**
   * Pass `--errors`, so Prism answers a violating exchange with its own 422/500 instead of
   * forwarding it. Default: `true` (also the only mode in which an unknown path is an error
   * rather than a warning).
   */
  readonly errors?: boolean;
  /** How long to wait for Prism to listen. Default: 60 000 ms (it takes 2–5 s on the 1.9 MB spec). */
  readonly startupTimeoutMs?: number;
}

/** A running Prism proxy. Call `stop()` in `afterAll`, or the child process outlives the test. */
export interface PrismProxy {
  /** Base URL for the client, in place of `https://api.zoom.us/v2` (no `/v2`). */
  readonly url: string;
  /** Every violation reported since the start or the last `clearViolations()`, in arrival order. */
  violations(): PrismViolation[];
  /** Forgets the violations collected so far. */
  clearViolations(): void;
  /** The Prism child's process id, while it runs. */
  readonly pid: number | undefined;
  /** Prism's log lines so far, for a failure message. */
  log(): readonly string[];
  /** Stops Prism and the recorder; resolves when the child has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts `prism proxy` in front of `upstreamUrl` and resolves once it listens. Rejects with
 * Prism's output if it exits or does not listen within the startup timeout.
 */
export async function startPrismProxy(options: PrismProxyOptions): Promise<PrismProxy> {
  const specPath = options.specPath ?? defaultSpecPath;
  const prismPort = await freePort();
  const args = [prismBin, 'proxy', specPath, options.upstreamUrl, '-h', '127.0.0.1', '--port', String(prismPort)];
  if (options.errors ?? true) args.push('--errors');

  // Prism's stdin is a pipe from this process, and the preloaded watchdog exits when it closes:
  // so Prism dies with its parent even when the parent is killed outright (SIGKILL, a vitest
  // worker torn down on timeout) and no cleanup of ours gets to run.
  const watchdog = 'process.stdin.on("end", () => process.exit(0)); process.stdin.resume();';
  const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(watchdog)}`, ...args], {
    cwd: projectRoot,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  // If the test process exits normally without calling stop() (a forgotten afterAll), take
  // Prism with it now rather than when the pipe closes; 'exit' handlers must be synchronous.
  process.once('exit', killOnExit);

  let collected: PrismViolation[] = [];
  const lines: string[] = [];
  const logReader = new PrismLogReader((violation) => collected.push(violation));
  // 'error' (the binary could not be started) comes without an 'exit'.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });

  try {
    await waitUntilListening(child, lines, logReader, options.startupTimeoutMs ?? 60_000);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    process.removeListener('exit', killOnExit);
    throw error;
  }

  const recorder = http.createServer((req, res) => {
    relay(req, res, prismPort, (violation) => collected.push(violation));
  });
  recorder.listen(options.port ?? 0, '127.0.0.1');
  await once(recorder, 'listening');
  const address = recorder.address() as net.AddressInfo;

  let stopping: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    pid: child.pid,
    violations: () => [...collected],
    clearViolations: () => {
      collected = [];
    },
    log: () => [...lines],
    stop: () => {
      stopping ??= (async () => {
        recorder.closeAllConnections();
        await new Promise<void>((resolve) => recorder.close(() => resolve()));
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
          await exited;
          clearTimeout(timer);
        }
        process.removeListener('exit', killOnExit);
      })();
      return stopping;
    },
  };
}

/** Resolves on Prism's "Prism is listening on …" line; rejects on exit or timeout. */
function waitUntilListening(
  child: ChildProcess,
  lines: string[],
  logReader: PrismLogReader,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tail = (): string => lines.slice(-20).join('\n');
    const timer = setTimeout(() => {
      reject(new Error(`prism did not listen within ${timeoutMs} ms; its output:\n${tail()}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`prism could not be started: ${error.message}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`prism exited (${signal ?? code}) before listening; its output:\n${tail()}`));
    });
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        lines.push(line);
        logReader.read(line);
        if (/Prism is listening on http/.test(line)) {
          clearTimeout(timer);
          lines.push(`(harness: prism listened after ${Date.now() - started} ms)`);
          resolve();
        }
      });
    }
  });
}

/**
 * Reads Prism's log for what the HTTP side cannot show. When the upstream answers 501, Prism
 * serves a mocked response from the spec instead, so the client sees a plausible answer and the
 * recorder a clean exchange. Intentionally best-effort: the log arrives on its own pipe, so this
 * violation may land a few milliseconds after the client has its response.
 */
class PrismLogReader {
  /** The method of the latest request forwarded to each upstream path, to name the 501's. */
  private readonly forwardedMethods = new Map<string, string>();

  constructor(private readonly report: (violation: PrismViolation) => void) {}

  read(line: string): void {
    const forwarding = /Forwarding "(\w+)" request to https?:\/\/[^/\s]+([^?\s]*)/.exec(line);
    if (forwarding?.[1] && forwarding[2] !== undefined) {
      this.forwardedMethods.set(forwarding[2].replace(/\.\.\.$/, ''), forwarding[1].toUpperCase());
      return;
    }
    const notImplemented = /Upstream call to (\S+) has returned 501/.exec(line);
    if (notImplemented?.[1]) {
      const requestPath = notImplemented[1];
      const method = [...this.forwardedMethods].find(([upstreamPath]) => upstreamPath.endsWith(requestPath))?.[1];
      this.report({
        direction: 'response',
        severity: 'Error',
        location: ['response'],
        code: 501,
        message: 'The upstream answered 501, so Prism served a mocked response in its place',
        method: method ?? '?',
        path: requestPath,
        status: undefined,
      });
    }
  }
}

/** Forwards one exchange to Prism, records what Prism says about it, and hands the reply back. */
function relay(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  prismPort: number,
  report: (violation: PrismViolation) => void,
): void {
  const method = req.method ?? 'GET';
  const requestPath = req.url ?? '/';
  const upstream = http.request(
    { host: '127.0.0.1', port: prismPort, method, path: requestPath, headers: req.headers },
    (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = Buffer.concat(chunks);
        const status = answer.statusCode ?? 0;
        // Recorded before the client gets its response, so a test that awaits the call can
        // inspect violations() straight away.
        for (const found of violationsIn(answer, body)) {
          report({ ...found, method, path: requestPath, status });
        }
        const headers = Object.fromEntries(
          Object.entries(answer.headers).filter(([name]) => !hopByHop.has(name)),
        );
        res.writeHead(status, answer.statusMessage, { ...headers, 'content-length': body.length });
        res.end(body);
      });
    },
  );
  upstream.on('error', (error) => {
    report({
      direction: 'request',
      severity: 'Error',
      location: ['request'],
      code: 'PRISM_UNREACHABLE',
      message: `prism did not answer: ${error.message}`,
      method,
      path: requestPath,
      status: 502,
    });
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
    res.end(`prism did not answer: ${error.message}`);
  });
  req.pipe(upstream);
}

const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length']);

type Found = Omit<PrismViolation, 'method' | 'path' | 'status'>;

/**
 * The violations in one Prism response: the `sl-violations` header (both directions, errors and
 * warnings; truncated by Prism past 8 KB) and, under `--errors`, the problem+json body Prism
 * answers instead (422 for the request, 500 for the response, 401 for security, 404 for an
 * unknown path). The same violation often appears in both, so they are de-duplicated.
 */
function violationsIn(answer: http.IncomingMessage, body: Buffer): Found[] {
  const found: Found[] = [];
  const header = answer.headers['sl-violations'];
  if (typeof header === 'string') {
    const parsed = parseJson(header);
    if (Array.isArray(parsed)) {
      for (const item of parsed) found.push(fromValidation(item, undefined));
    } else {
      found.push({
        direction: 'response',
        severity: 'Error',
        location: [],
        code: 'TRUNCATED',
        message: `Prism truncated its sl-violations header: ${header.slice(0, 300)}`,
      });
    }
  }
  if (String(answer.headers['content-type']).startsWith('application/problem+json')) {
    found.push(...fromProblem(parseJson(body.toString('utf8'))));
  }
  const seen = new Set<string>();
  return found.filter((violation) => {
    const key = JSON.stringify([violation.location, violation.message]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A problem+json body Prism generated, as violations. */
function fromProblem(problem: unknown): Found[] {
  if (!isRecord(problem)) return [];
  const type = typeof problem['type'] === 'string' ? problem['type'] : '';
  const title = typeof problem['title'] === 'string' ? problem['title'] : type;
  const detail = typeof problem['detail'] === 'string' ? problem['detail'] : '';
  const kind = type.startsWith(prismProblemPrefix) ? type.slice(prismProblemPrefix.length) : type;
  const validation = problem['validation'];
  if (Array.isArray(validation)) {
    // Request violations (422) come without the 'request' prefix that the header gives them.
    const direction = kind === 'UNPROCESSABLE_ENTITY' ? 'request' : undefined;
    return validation.map((item) => fromValidation(item, direction));
  }
  const requestSide = ['UNAUTHORIZED', 'NO_PATH_MATCHED_ERROR', 'NO_METHOD_MATCHED_ERROR'].includes(kind);
  return [
    {
      direction: requestSide ? 'request' : 'response',
      severity: 'Error',
      location: [requestSide ? 'request' : 'response'],
      code: kind === 'UNAUTHORIZED' ? 401 : kind,
      message: detail && kind !== 'UNAUTHORIZED' ? `${title}: ${detail}` : title,
    },
  ];
}

/** One entry of Prism's validation list; `prefix` supplies the direction when Prism left it out. */
function fromValidation(item: unknown, prefix: 'request' | 'response' | undefined): Found {
  const record = isRecord(item) ? item : {};
  const raw = Array.isArray(record['location']) ? record['location'].map(String) : [];
  const location = prefix && raw[0] !== prefix ? [prefix, ...raw] : raw;
  const direction = location[0] === 'response' ? 'response' : 'request';
  const severity = record['severity'];
  const code = record['code'];
  return {
    direction,
    severity:
      severity === 'Warning' || severity === 'Information' || severity === 'Hint' ? severity : 'Error',
    location: location.length > 0 ? location : [direction],
    code: typeof code === 'string' || typeof code === 'number' ? code : undefined,
    message: typeof record['message'] === 'string' ? record['message'] : JSON.stringify(item),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A loopback port nobody is listening on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
