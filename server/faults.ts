/**
 * The reference server's fault knobs (docs/protocols/README.md, "Fault knobs"). A fault is
 * armed for a protocol, optionally one request phase, and fires `times` times.
 * Arm them in process (`server.faults.arm`), over HTTP (`POST /__admin/faults`),
 * or per session with `?fault=` on the endpoint URL (JSON or `kind:arg` list).
 */
export type FaultKind =
  /** Drop the connection after `bytes` bytes of a request body. */
  | 'drop'
  /** Answer `status` (500/503…) instead of handling the request; `retryAfter` seconds optional. */
  | 'status'
  /** content-range: answer a chunk 308 without Range. */
  | 'no-range'
  /** The session is forgotten (404/410, or the protocol's own expiry answer). */
  | 'expire'
  /** segments: the token is no longer valid (13006). */
  | 'revoke'
  /** multipart: presigned URLs answer 403 as expired. */
  | 'expire-urls'
  /** Wait `ms` before answering. */
  | 'delay'
  /**
   * Read request bodies no faster than `bytesPerSecond`, each request on its own (a slow
   * uplink: progress between confirmations, a Background Fetch that runs for a while).
   * Its `phase` is its scope: unset or `any`, every request of the protocol, slowed from
   * its first byte; `chunk`, content-range's chunk bodies only (the session and status
   * requests stay quick).
   */
  | 'slow'
  /**
   * content-range: the session claims to be finished from this request on, storing nothing
   * more: this and every later chunk or status query is answered 200, with
   * `{"size": "<size>"}` (a string, as GCS writes it) when the fault names a `size`, else
   * with an empty body.
   */
  | 'lie'
  /**
   * Change one byte of a request body on its way in (`bytes`: its offset in the body, 0 by
   * default), as a bad link would: a server that checks checksums refuses the request.
   */
  | 'corrupt';

export type Phase = 'create' | 'chunk' | 'status' | 'complete' | 'abort' | 'any';

export interface Fault {
  kind: FaultKind;
  protocol?: string;
  phase?: Phase;
  /** Fire on the k-th matching request (1-based); default the first. */
  nth?: number;
  times?: number;
  bytes?: number;
  status?: number;
  retryAfter?: number;
  ms?: number;
  /** `slow`: how fast a request body is read. */
  bytesPerSecond?: number;
  /** `lie`: the byte count the server claims to hold. */
  size?: number;
  /** Limit to one session id/token. */
  session?: string;
}

interface Armed extends Fault {
  seen: number;
  fired: number;
}

export class FaultRegistry {
  private armed: Armed[] = [];

  arm(fault: Fault): void {
    this.armed.push({ ...fault, seen: 0, fired: 0 });
  }

  clear(): void {
    this.armed = [];
  }

  list(): Fault[] {
    return this.armed.map(({ seen: _s, fired: _f, ...fault }) => fault);
  }

  /**
   * The faults of these kinds that fire for this request. Each matching armed
   * fault counts the request; it fires once its `nth` comes, `times` times.
   * `where` narrows the match (e.g. a knob taken at two levels takes each fault at one).
   */
  take(
    protocol: string,
    phase: Phase,
    session: string | undefined,
    kinds: FaultKind[],
    where: (fault: Fault) => boolean = () => true,
  ): Fault[] {
    const firing: Fault[] = [];
    for (const fault of this.armed) {
      if (!kinds.includes(fault.kind) || !where(fault)) continue;
      if (fault.protocol && fault.protocol !== protocol) continue;
      if (fault.phase && fault.phase !== 'any' && fault.phase !== phase) continue;
      if (fault.session && fault.session !== session) continue;
      fault.seen++;
      if (fault.seen < (fault.nth ?? 1)) continue;
      if (fault.fired >= (fault.times ?? 1)) continue;
      fault.fired++;
      firing.push(fault);
    }
    this.armed = this.armed.filter((f) => f.fired < (f.times ?? 1));
    return firing;
  }
}

/** `slow` for every request of a protocol (its `phase` unset or `any`), else for one phase. */
export const slowsEveryRequest = (fault: Fault) => !fault.phase || fault.phase === 'any';

/** `?fault=` accepts JSON (`[{"kind":"drop","bytes":1000}]`) or `drop:1000,status:503`. */
export function parseFaultParam(value: string | null, protocol: string): Fault[] {
  if (!value) return [];
  const trimmed = value.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const parsed = JSON.parse(trimmed) as Fault | Fault[];
    return (Array.isArray(parsed) ? parsed : [parsed]).map((f) => ({ protocol, ...f }));
  }
  return trimmed.split(',').map((part) => {
    const [kind, arg] = part.split(':') as [FaultKind, string | undefined];
    const n = arg === undefined ? undefined : Number(arg);
    switch (kind) {
      case 'drop':
        return { kind, protocol, phase: 'chunk' as Phase, bytes: n ?? 1024 };
      case 'status':
        return { kind, protocol, phase: 'chunk' as Phase, status: n ?? 503 };
      case 'delay':
        return { kind, protocol, phase: 'any' as Phase, ms: n ?? 500, times: 1e9 };
      case 'slow':
        return {
          kind,
          protocol,
          phase: 'any' as Phase,
          bytesPerSecond: n ?? 256 * 1024,
          times: 1e9,
        };
      case 'corrupt':
        return { kind, protocol, phase: 'chunk' as Phase, times: n ?? 1 };
      default:
        return { kind, protocol };
    }
  });
}
