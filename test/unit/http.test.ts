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
  const transportAnswering = (response: Response) =>
    createFetchTransport({ fetch: () => Promise.resolve(response) });

  it('gives an empty body for an answer that has none (204), with its headers', async () => {
    const response = new Response(null, { status: 204, headers: { 'Upload-Offset': '42' } });
    const answer = await transportAnswering(response).send({ method: 'PATCH', url: request.url });
    expect(answer.status).to.equal(204);
    expect(answer.body).to.equal('');
    expect(answer.header('upload-offset')).to.equal('42');
  });

  it("reads the body of an answer that has one, so the server's words reach the message", async () => {
    const response = new Response('{"message":"quota exceeded"}', { status: 403 });
    const answer = await transportAnswering(response).send({ method: 'PUT', url: request.url });
    expect(answer.body).to.equal('{"message":"quota exceeded"}');
  });
});
