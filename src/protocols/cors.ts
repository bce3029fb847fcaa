import type { ProtocolName } from '../core/adapter.js';
import type { CorsAdvice } from '../core/origins.js';

/**
 * What each protocol needs a cross-origin server to allow and expose, for the message of
 * a `blocked` upload: the endpoint's server, and the host the uploads go to (a session
 * URL, a tus upload URL, presigned parts) when that is another. The same lists stand in
 * docs/backends.md and on each protocol's page (docs/protocols); keep them together.
 * `Authorization` (or whatever the page's `headers` hold) is added where those go.
 */
export const CORS_NEEDS: Record<ProtocolName, CorsAdvice> = {
  'content-range': {
    protocol: 'content-range',
    endpoint: { methods: ['POST'], headers: [], exposes: ['Location'] },
    uploads: { methods: ['PUT', 'DELETE'], headers: ['Content-Range'], exposes: ['Range'] },
  },
  segments: {
    protocol: 'segments',
    endpoint: { methods: ['PUT', 'POST'], headers: ['Content-Type'], exposes: [] },
    uploads: { methods: ['POST'], headers: ['Content-Type'], exposes: [] },
  },
  multipart: {
    protocol: 'multipart',
    endpoint: { methods: ['GET', 'POST', 'PUT', 'DELETE'], headers: ['Content-Type'], exposes: [] },
    // Plus whatever headers the signer returned with a part URL.
    uploads: { methods: ['PUT'], headers: [], exposes: ['ETag'] },
  },
  'chunked-session': {
    protocol: 'chunked-session',
    endpoint: { methods: ['POST'], headers: ['Content-Type'], exposes: [] },
    uploads: { methods: ['POST', 'GET'], headers: [], exposes: [] },
  },
  tus: {
    protocol: 'tus',
    endpoint: {
      methods: ['POST'],
      headers: ['Tus-Resumable', 'Upload-Length', 'Upload-Metadata'],
      exposes: ['Location', 'Upload-Expires'],
    },
    uploads: {
      methods: ['PATCH', 'HEAD', 'DELETE'],
      headers: ['Tus-Resumable', 'Upload-Offset', 'Content-Type'],
      exposes: ['Upload-Offset', 'Upload-Length', 'Upload-Expires'],
    },
  },
};
