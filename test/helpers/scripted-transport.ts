import type { HttpRequest, HttpResponse, HttpTransport } from '../../src/core/http.js';

/**
 * A transport whose answers are written by the test, one per request, and
 * which records every request so the test can assert the exact sequence.
 * It checks one adapter's wire behaviour; it proves nothing end to end.
 */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string | object;
  /** Throw a network failure instead of answering. */
  networkError?: boolean;
  /**
   * Body bytes told to the request's `onSent`, in order, before the answer (or the
   * network failure): the wire progress a real transport reports as the body goes out.
   */
  sent?: number[];
  /** The answer waits for this (a test holds one part in flight while another moves). */
  hold?: Promise<unknown>;
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** Body as text (Blob bodies up to 4 MiB are read); FormData kept as is. */
  body: string | FormData | null;
  bodySize: number;
  auth: boolean;
}

export class ScriptedTransport implements HttpTransport {
  readonly requests: RecordedRequest[] = [];
  /** Called before each scripted `sent` step with its bytes (a test's clock advances here). */
  onStep?: (bytes: number) => void;
  private readonly script: Array<ScriptedAnswer | ((request: RecordedRequest) => ScriptedAnswer)>;

  constructor(script: Array<ScriptedAnswer | ((request: RecordedRequest) => ScriptedAnswer)>) {
    this.script = [...script];
  }

  get remaining(): number {
    return this.script.length;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    let body: string | FormData | null = null;
    let bodySize = 0;
    if (request.body instanceof Blob) {
      // Large bodies are only measured: reading them would slow the loop being timed.
      body = request.body.size <= 4 * 1024 * 1024 ? await request.body.text() : null;
      bodySize = request.body.size;
    } else if (typeof request.body === 'string') {
      body = request.body;
      bodySize = new TextEncoder().encode(request.body).length;
    } else if (request.body instanceof FormData) {
      body = request.body;
    }
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      headers: { ...request.headers },
      body,
      bodySize,
      auth: request.auth !== false,
    };
    this.requests.push(recorded);
    const next = this.script.shift();
    if (!next) throw new Error(`Unscripted request: ${request.method} ${request.url}`);
    const answer = typeof next === 'function' ? next(recorded) : next;
    for (const bytes of answer.sent ?? []) {
      this.onStep?.(bytes);
      request.onSent?.(bytes, bodySize);
    }
    await answer.hold;
    if (answer.networkError) {
      const { NetworkError } = await import('../../src/core/errors.js');
      throw new NetworkError(request.method, request.url);
    }
    const headers = new Headers(answer.headers);
    const text =
      answer.body === undefined
        ? ''
        : typeof answer.body === 'string'
          ? answer.body
          : JSON.stringify(answer.body);
    return { status: answer.status, header: (name) => headers.get(name), body: text };
  }
}
