import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cutConnection } from '../../server/http-kit.js';

/**
 * A proxy in front of the real @tus/server that gives it the reference
 * server's fault knobs (server/faults.ts) without touching tus itself: cut a
 * PATCH's connection after N body bytes (tus keeps what arrived, as it would
 * from a dropped client), answer 500/503 (+ Retry-After) instead of tus, delay
 * answers, and forget an upload (the datastore removes it, so tus itself then
 * answers 404). It also logs every offset tus saw and answered, so a run can
 * prove that no PATCH started below an offset tus had already confirmed.
 */
export type ProxyFault =
  | { kind: 'drop'; nth: number; bytes: number }
  | { kind: 'status'; nth: number; status: number; retryAfter?: number; times?: number }
  | { kind: 'expire'; nth: number };

export interface ProxyLogEntry {
  method: string;
  /** The upload id (last path segment), or '' for creation. */
  id: string;
  /** `Upload-Offset` the client sent (PATCH). */
  offset?: number;
  /** Body bytes passed on to tus. */
  forwarded: number;
  /** What tus (or the proxy) answered; undefined when the connection was cut. */
  status?: number;
  /** `Upload-Offset` tus answered with. */
  answeredOffset?: number;
  /** Set when the proxy made this answer up (an injected fault). */
  injected?: string;
  /** The highest offset tus had answered for this upload when this request arrived. */
  confirmedAtArrival?: number;
}

export interface FaultProxy {
  url: string;
  log: ProxyLogEntry[];
  /** Faults counted over PATCH requests, `nth` 1-based. Replaces the armed list. */
  arm(faults: ProxyFault[]): void;
  /** Hold every PATCH this long before passing it on. */
  patchDelayMs: number;
  reset(): void;
  /**
   * PATCHes that started below an offset tus had already confirmed for that
   * upload (in a PATCH or HEAD answer sent before the PATCH arrived).
   */
  resentBelowConfirmed(): ProxyLogEntry[];
  close(): Promise<void>;
}

const EXPOSE = 'Location, Upload-Offset, Upload-Length, Upload-Expires, Retry-After, Tus-Resumable';

export async function startFaultProxy(options: {
  /** tus creation URL, e.g. `http://127.0.0.1:4000/files/`. */
  upstream: string;
  /** Forget an upload for good (the `expire` fault). */
  forget: (id: string) => Promise<void>;
}): Promise<FaultProxy> {
  const upstream = new URL(options.upstream);
  let armed: Array<ProxyFault & { fired: number }> = [];
  let patches = 0;
  const log: ProxyLogEntry[] = [];
  const state = { patchDelayMs: 0 };
  /** Highest offset tus answered per upload so far. */
  const confirmed = new Map<string, number>();

  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const id = path.startsWith(upstream.pathname) ? path.slice(upstream.pathname.length) : '';
      const offsetHeader = req.headers['upload-offset'];
      const entry: ProxyLogEntry = {
        method: req.method ?? '',
        id: id.replace(/\/+$/, ''),
        offset: typeof offsetHeader === 'string' ? Number(offsetHeader) : undefined,
        forwarded: 0,
      };
      if (req.method !== 'OPTIONS') log.push(entry);
      let dropAt: number | undefined;
      if (req.method === 'PATCH') {
        patches++;
        // Checked at arrival: a PATCH below what tus already confirmed is a re-send.
        entry.confirmedAtArrival = confirmed.get(entry.id) ?? 0;
        if (state.patchDelayMs > 0) await new Promise((r) => setTimeout(r, state.patchDelayMs));
        for (const fault of armed) {
          if (patches < fault.nth) continue;
          const times = fault.kind === 'status' ? (fault.times ?? 1) : 1;
          if (fault.fired >= times) continue;
          fault.fired++;
          if (fault.kind === 'status') {
            await drain(req);
            entry.status = fault.status;
            entry.injected = `status ${fault.status}`;
            const headers: Record<string, string> = {
              ...corsHeaders(req),
              'Content-Type': 'text/plain',
              Connection: 'close',
            };
            if (fault.retryAfter !== undefined) headers['Retry-After'] = String(fault.retryAfter);
            res.writeHead(fault.status, headers);
            res.end(`Injected ${fault.status}`);
            return;
          }
          if (fault.kind === 'expire') {
            entry.injected = 'expire';
            await options.forget(entry.id);
          }
          if (fault.kind === 'drop') {
            entry.injected = `drop after ${fault.bytes}`;
            dropAt = fault.bytes;
          }
        }
      }
      forward(req, res, entry, dropAt);
    })().catch(() => res.destroy());
  });

  function forward(
    req: IncomingMessage,
    res: import('node:http').ServerResponse,
    entry: ProxyLogEntry,
    dropAt: number | undefined,
  ) {
    const out = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        // The Host header is kept, so tus writes Location URLs that point at the proxy.
        headers: req.headers,
      },
      (answer) => {
        entry.status = answer.statusCode;
        const offset = answer.headers['upload-offset'];
        if (typeof offset === 'string' && answer.statusCode! < 300) {
          entry.answeredOffset = Number(offset);
          // Only an answer the client gets confirms anything.
          if (entry.id && dropAt === undefined) {
            confirmed.set(entry.id, Math.max(confirmed.get(entry.id) ?? 0, Number(offset)));
          }
        }
        if (dropAt !== undefined) {
          answer.resume();
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    out.on('error', () => {
      if (dropAt === undefined && !res.headersSent) {
        res.writeHead(502, corsHeaders(req));
        res.end();
      }
    });
    if (dropAt === undefined) {
      req.on('data', (piece: Buffer) => (entry.forwarded += piece.length));
      req.pipe(out);
      return;
    }
    // Pass `dropAt` bytes to tus, then stop as a dead client would; swallow the rest
    // and cut the answer short (see cutConnection: a reset mid-body gets resent silently).
    let passed = 0;
    req.on('data', (piece: Buffer) => {
      if (passed >= dropAt) return;
      const kept = piece.subarray(0, dropAt - passed);
      passed += kept.length;
      entry.forwarded += kept.length;
      out.write(kept);
      if (passed >= dropAt) out.destroy();
    });
    req.on('end', () => {
      if (passed < dropAt) out.destroy();
      cutConnection(req);
    });
  }

  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}${upstream.pathname}`,
    log,
    arm(faults) {
      armed = faults.map((f) => ({ ...f, fired: 0 }));
      patches = 0;
    },
    get patchDelayMs() {
      return state.patchDelayMs;
    },
    set patchDelayMs(ms: number) {
      state.patchDelayMs = ms;
    },
    reset() {
      armed = [];
      patches = 0;
      log.length = 0;
      confirmed.clear();
      state.patchDelayMs = 0;
    },
    resentBelowConfirmed() {
      return log.filter(
        (e) =>
          e.method === 'PATCH' && e.offset !== undefined && e.offset < (e.confirmedAtArrival ?? 0),
      );
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': EXPOSE,
    Vary: 'Origin',
  };
}

function drain(req: IncomingMessage): Promise<void> {
  return new Promise((done) => {
    req.on('end', done);
    req.on('error', () => done());
    req.resume();
  });
}
