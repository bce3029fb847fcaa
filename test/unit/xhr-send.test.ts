import { expect } from '@open-wc/testing';
import { createFetchTransport } from '../../src/core/http.js';

/**
 * The fetch transport sends a request that asks for `onSent` through XMLHttpRequest, whose
 * upload progress tells the bytes that left; to the test runner's own server, in each engine.
 */
const size = 256 * 1024;
const probe = () => new URL('/xhr-send-probe', location.href).href;

describe('bytes on the wire from the transport', () => {
  it('tells the body bytes as they leave, up to the whole body', async () => {
    const told: Array<[number, number]> = [];
    const response = await createFetchTransport().send({
      method: 'POST',
      url: probe(),
      body: new Blob([new Uint8Array(size)]),
      onSent: (loaded, total) => told.push([loaded, total]),
    });
    expect(response.status).to.be.a('number');
    expect(told.length).to.be.above(0);
    expect(told.at(-1)).to.deep.equal([size, size]);
    for (let i = 1; i < told.length; i++) expect(told[i][0]).to.be.at.least(told[i - 1][0]);
  });

  it('is stopped by its signal like a fetch', async () => {
    const controller = new AbortController();
    controller.abort();
    const sending = createFetchTransport().send({
      method: 'POST',
      url: probe(),
      body: new Blob([new Uint8Array(size)]),
      signal: controller.signal,
      onSent: () => {},
    });
    const error = await sending.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as DOMException).name).to.equal('AbortError');
  });

  it('leaves a credential-free request to its own origin to fetch (XHR cannot omit cookies there)', async () => {
    const told: number[] = [];
    await createFetchTransport().send({
      method: 'POST',
      url: probe(),
      auth: false,
      body: new Blob([new Uint8Array(size)]),
      onSent: (loaded) => told.push(loaded),
    });
    expect(told).to.deep.equal([]);
  });
});
