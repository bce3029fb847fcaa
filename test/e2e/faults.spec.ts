import { expect, test } from '@playwright/test';
import {
  runCell,
  startSoakEnv,
  type FaultName,
  type Protocol,
  type SoakEnv,
} from '../soak/matrix.js';

/**
 * A fixed slice of the fault matrix (`npm run soak` runs all of it, N times):
 * one run per cell, picked so every protocol and every kind of fault appears.
 * Each run must end done, byte-identical by SHA-256, with no byte range the
 * server had confirmed received again, and no IndexedDB record left.
 */
const SLICE: Array<[Protocol, FaultName]> = [
  ['content-range', 'no-range'],
  ['content-range', 'reload'],
  ['tus', 'cut'],
  ['tus', 'expired'],
  ['segments', 'revoked'],
  ['multipart', 'urls-expired'],
  ['multipart', 'http-503'],
  ['chunked-session', 'offline'],
  ['chunked-session', 'close-tab'],
];

let env: SoakEnv;

test.beforeAll(async ({ browser }) => {
  env = await startSoakEnv(browser);
});

test.afterAll(async () => {
  await env?.close();
});

test.describe('fault matrix slice', () => {
  for (const [protocol, fault] of SLICE) {
    test(`${protocol} survives: ${fault}`, async () => {
      const result = await runCell(env, protocol, fault);
      expect(result.reason ?? 'passed').toBe('passed');
    });
  }
});
