import type { AdapterContext } from '../../core/adapter.js';
import { SessionGoneError } from '../../core/errors.js';
import { statusError, type HttpRequest, type HttpResponse } from '../../core/http.js';

/** JSON calls to the servers that run multipart uploads (the multipart API of docs/protocols/multipart.md, a Companion-style one). */

export function jsonRequest(
  ctx: AdapterContext,
  method: string,
  url: string,
  body: unknown,
): HttpRequest {
  return {
    method,
    url,
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: ctx.signal,
  };
}

/**
 * Send a call; an answer that is not 2xx throws. `sessionScoped`: the call names an
 * upload, so a 404 or 410 means the server forgot it.
 */
export async function sendApi(
  ctx: AdapterContext,
  request: HttpRequest,
  what: string,
  sessionScoped: boolean,
): Promise<HttpResponse> {
  const response = await ctx.http.send(request);
  if (sessionScoped && isGone(response.status)) throw uploadGone(response.status);
  if (response.status < 200 || response.status >= 300) throw statusError(request, response, what);
  return response;
}

export function isGone(status: number): boolean {
  return status === 404 || status === 410;
}

export function uploadGone(status: number): SessionGoneError {
  return new SessionGoneError('The server no longer knows this multipart upload.', status);
}
