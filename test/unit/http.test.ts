import { expect } from '@open-wc/testing';
import { statusError, type HttpResponse } from '../../src/core/http.js';

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
