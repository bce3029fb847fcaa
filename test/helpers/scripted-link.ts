import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/core/http.js';
import { LinkMeter } from '../../src/core/link-meter.js';

/**
 * A link in scripted time: every request through it moves a scripted clock on by one
 * round trip plus its body's bytes at the link's rate, then the wrapped (scripted)
 * transport answers. No real time passes, so tests of chunk sizes and lanes over a
 * 250 ms link run at once and always the same way.
 */
export class ScriptedLink implements HttpTransport {
  /** Scripted ms since the start. */
  time = 0;
  readonly meter = new LinkMeter(() => this.time);
  /** Body bytes of every request, in order. */
  readonly sizes: number[] = [];

  constructor(
    private readonly inner: HttpTransport,
    readonly roundTripMs: number,
    readonly bytesPerMs: number,
  ) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    const bytes = bodySize(request.body);
    this.sizes.push(bytes);
    this.time += this.roundTripMs + bytes / this.bytesPerMs;
    return this.inner.send(request);
  }
}

function bodySize(body: HttpRequest['body']): number {
  if (body instanceof Blob) return body.size;
  if (typeof body === 'string') return new TextEncoder().encode(body).length;
  if (body instanceof FormData) {
    let size = 0;
    for (const [, value] of body) size += typeof value === 'string' ? value.length : value.size;
    return size;
  }
  return 0;
}
