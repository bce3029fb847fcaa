import { expect } from '@open-wc/testing';
import { createFetchTransport, statusError, type HttpResponse } from '../../src/core/http.js';

const answer = (status: number, body = ''): HttpResponse => ({
  status,
  body,
  header: () => null,
});
const request = { method: 'PUT', url: 'https://api.example.test/session/1' };

describe('statusError messages', () => {
  it('names the status, not only its number, when the server said nothing readable', () => {
    const html = '<html><head><title>413 Request Entity Too Large</title></head></html>';
    expect(statusError(request, answer(413, html), 'Sending a chunk').message).to.equal(
      'Sending a chunk failed: the server answered 413 Content Too Large.',
    );
  });

  it("keeps the server's own words after the status", () => {
    const body = JSON.stringify({ message: 'The access token expired' });
    expect(statusError(request, answer(401, body), 'Creating the upload session').message).to.equal(
      'Creating the upload session failed: the server answered 401 Unauthorized (The access token expired).',
    );
  });

  it('an unusual status is given as its number', () => {
    expect(statusError(request, answer(418), 'Sending a chunk').message).to.equal(
      'Sending a chunk failed: the server answered 418.',
    );
  });
});

describe('createFetchTransport', () => {
  /**
   * An answer as Chromium hands one over the network: even a 204 comes with an (empty)
   * body stream. `text` here never settles unless given the text, so a transport that
   * waited for the body of an answer that has none would hang the test.
   */
  function networkAnswer(status: number, headers: Record<string, string>, text?: string) {
    return {
      status,
      headers: new Headers(headers),
      body: new ReadableStream(),
      text: () => (text === undefined ? new Promise<string>(() => {}) : Promise.resolve(text)),
    };
  }
  const transportAnswering = (answer: ReturnType<typeof networkAnswer>) =>
    createFetchTransport({ fetch: () => Promise.resolve(answer as unknown as Response) });

  it('does not wait for the body of a 204, a HEAD answer or a Content-Length: 0 answer', async () => {
    const cases = [
      { method: 'PATCH', answer: networkAnswer(204, { 'Upload-Offset': '42' }) },
      { method: 'HEAD', answer: networkAnswer(200, { 'Upload-Offset': '42' }) },
      { method: 'PUT', answer: networkAnswer(308, { 'Content-Length': '0', Range: 'bytes=0-41' }) },
    ];
    for (const { method, answer } of cases) {
      const got = await transportAnswering(answer).send({ method, url: request.url });
      expect(got.body, method).to.equal('');
      expect(got.header('upload-offset') ?? got.header('range')).to.be.a('string');
    }
  });

  it("reads the body of an answer that has one, so the server's words reach the message", async () => {
    const answer = networkAnswer(403, {}, '{"message":"quota exceeded"}');
    const got = await transportAnswering(answer).send({ method: 'PUT', url: request.url });
    expect(got.body).to.equal('{"message":"quota exceeded"}');
  });
});
