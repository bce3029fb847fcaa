import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import type { Server as HttpServer } from 'node:http';
import { Duplex } from 'node:stream';

/**
 * An emulated network link in front of a Node HTTP server, for the benchmark's
 * `--link` profiles and for tests: every byte from the browser crosses the
 * link's bandwidth (one budget shared by every connection, as a real uplink
 * is) and then half a round trip of latency; every byte of an answer waits
 * half a round trip. So a request is read half a round trip after it was sent,
 * its body no faster than the link, and its answer arrives half a round trip
 * after it was written. Answers are small: only the uplink is metered.
 *
 * What it leaves out: TCP's own slow start and a handshake's round trip, which
 * cost every client the same on one connection.
 */
export interface LinkOptions {
  /** Round trip, ms. */
  rttMs: number;
  /** Uplink bandwidth, bits per second. */
  bitsPerSecond: number;
}

/**
 * One bandwidth budget shared by all the link's connections: bytes are given
 * slots on one timeline, first come first served, so N connections split the
 * rate, and timer jitter never adds up (each slot starts where the last ended).
 */
export class LinkBudget {
  private freeAt = 0;
  constructor(
    private readonly bytesPerMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Reserve the link for `bytes`; the ms from now until they have crossed it. */
  reserve(bytes: number): number {
    const now = this.now();
    const start = Math.max(now, this.freeAt);
    this.freeAt = start + bytes / this.bytesPerMs;
    return this.freeAt - now;
  }
}

/** How much of the link's time may be queued ahead before the sender is held back, ms. */
const QUEUE_MS = 20;

/** Bytes due at a time, delivered in order by one timer. */
class DelayLine {
  private queue: Array<{ due: number; run: () => void }> = [];
  private timer: NodeJS.Timeout | undefined;

  add(due: number, run: () => void): void {
    this.queue.push({ due, run });
    this.arm();
  }

  clear(): void {
    this.queue = [];
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(): void {
    if (this.timer || !this.queue.length) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        const now = performance.now();
        while (this.queue.length && this.queue[0].due <= now + 0.5) this.queue.shift()!.run();
        this.arm();
      },
      Math.max(0, this.queue[0].due - performance.now()),
    );
  }
}

/**
 * A TCP connection seen through the link, handed to the HTTP server as its
 * socket (`server.emit('connection', duplex)`, which Node documents for any Duplex).
 */
class LinkedSocket extends Duplex {
  private readonly inbound = new DelayLine();
  private readonly outbound = new DelayLine();
  /** The reader (the HTTP parser) wants more: reading from the raw socket may go on. */
  private wanted = true;
  /** The link is still carrying the last piece read: the raw socket stays paused until then. */
  private crossing = false;

  constructor(
    private readonly raw: Socket,
    private readonly budget: LinkBudget,
    private readonly oneWayMs: number,
  ) {
    super({ allowHalfOpen: true });
    raw.on('data', (piece: Buffer) => this.arrive(piece));
    raw.on('end', () =>
      this.inbound.add(this.dueIn(this.budget.reserve(0)), () => this.push(null)),
    );
    raw.on('error', (error) => this.destroy(error));
    raw.on('close', () => {
      if (!this.destroyed) this.destroy();
    });
  }

  get remoteAddress() {
    return this.raw.remoteAddress;
  }
  get remotePort() {
    return this.raw.remotePort;
  }
  get localAddress() {
    return this.raw.localAddress;
  }
  get localPort() {
    return this.raw.localPort;
  }
  setTimeout(ms: number, callback?: () => void): this {
    this.raw.setTimeout(ms, callback);
    return this;
  }
  setNoDelay(noDelay?: boolean): this {
    this.raw.setNoDelay(noDelay);
    return this;
  }
  setKeepAlive(enable?: boolean, delay?: number): this {
    this.raw.setKeepAlive(enable, delay);
    return this;
  }

  private dueIn(crossMs: number): number {
    return performance.now() + crossMs + this.oneWayMs;
  }

  private arrive(piece: Buffer): void {
    const crossMs = this.budget.reserve(piece.length);
    this.inbound.add(this.dueIn(crossMs), () => {
      if (!this.destroyed) this.wanted = this.push(piece);
      this.flow();
    });
    // Read on while the link has little queued (timers are late by a ms or more: waiting
    // for each piece to cross before reading the next would leave the link idle); beyond
    // that the sender waits, as it would behind a full link.
    if (crossMs <= QUEUE_MS || this.crossing) return;
    this.raw.pause();
    this.crossing = true;
    setTimeout(() => {
      this.crossing = false;
      this.flow();
    }, crossMs - QUEUE_MS);
  }

  private flow(): void {
    if (this.wanted && !this.crossing && !this.raw.destroyed) this.raw.resume();
    else if (!this.wanted) this.raw.pause();
  }

  override _read(): void {
    this.wanted = true;
    this.flow();
  }

  override _write(piece: Buffer, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    this.outbound.add(performance.now() + this.oneWayMs, () => {
      if (this.raw.destroyed) return done();
      this.raw.write(piece, () => done());
    });
  }

  override _final(done: (error?: Error) => void): void {
    this.outbound.add(performance.now() + this.oneWayMs, () => {
      this.raw.end(() => done());
    });
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.inbound.clear();
    this.outbound.clear();
    this.raw.destroy();
    done(error);
  }
}

export interface LinkListener {
  port: number;
  close(): Promise<void>;
}

/**
 * Listen for `server` through an emulated link: the HTTP server itself never
 * listens; each connection accepted here reaches it through the link.
 */
export async function listenThroughLink(
  server: HttpServer,
  link: LinkOptions,
  port = 0,
  host = '127.0.0.1',
): Promise<LinkListener> {
  const budget = new LinkBudget(link.bitsPerSecond / 8 / 1000);
  const sockets = new Set<Socket>();
  const listener: NetServer = createNetServer((raw) => {
    sockets.add(raw);
    raw.once('close', () => sockets.delete(raw));
    raw.setNoDelay(true);
    server.emit('connection', new LinkedSocket(raw, budget, link.rttMs / 2));
  });
  await new Promise<void>((resolve, reject) => {
    listener.once('error', reject);
    listener.listen(port, host, resolve);
  });
  return {
    port: (listener.address() as { port: number }).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        listener.close(() => resolve());
      }),
  };
}
