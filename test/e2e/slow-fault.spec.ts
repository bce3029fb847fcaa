import { randomBytes } from 'node:crypto';
import type { ReferenceServer } from '../../server/reference-server.js';
import { expect, test } from './fixtures.js';

/**
 * The reference server's `slow` fault knob and its scope (server/faults.ts), driven from
 * Node without a page: unset or `phase: 'any'`, it slows every request of the protocol,
 * the session's creation included; `phase: 'chunk'`, only content-range's chunk bodies.
 * What a slow link does to the element is in wire-progress.spec.ts and background.spec.ts.
 */

const MiB = 1024 * 1024;

async function createSession(api: ReferenceServer, size: number): Promise<string> {
  const created = await fetch(`${api.url}/content-range?size=${size}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'slow.bin' }),
  });
  expect(created.status).toBe(200);
  return ((await created.json()) as { url: string }).url;
}

async function putWhole(sessionUrl: string, body: Buffer): Promise<number> {
  const started = performance.now();
  const answer = await fetch(sessionUrl, {
    method: 'PUT',
    headers: { 'Content-Range': `bytes 0-${body.length - 1}/${body.length}` },
    body: new Uint8Array(body),
  });
  expect(answer.status).toBe(200);
  return performance.now() - started;
}

test("phase 'chunk': the session is created at once, its chunk body is read at the rate", async ({
  api,
}) => {
  const body = randomBytes(MiB);
  api.faults.arm({
    kind: 'slow',
    protocol: 'content-range',
    phase: 'chunk',
    bytesPerSecond: 2 * MiB,
  });
  const session = await createSession(api, body.length);
  // The creation was a request of the protocol, not a chunk: the fault is still armed.
  expect(api.faults.list()).toHaveLength(1);
  expect(await putWhole(session, body)).toBeGreaterThanOrEqual(450);
  expect(api.faults.list()).toEqual([]);
});

test('unset phase: every request of the protocol is slowed, the creation and the chunk', async ({
  api,
}) => {
  const body = randomBytes(MiB);
  api.faults.arm({ kind: 'slow', protocol: 'content-range', bytesPerSecond: 2 * MiB, times: 2 });
  const session = await createSession(api, body.length);
  // The creation took one of its two times, the chunk takes the other, once.
  expect(api.faults.list()).toHaveLength(1);
  expect(await putWhole(session, body)).toBeGreaterThanOrEqual(450);
  expect(api.faults.list()).toEqual([]);
});
