import { expect } from '@open-wc/testing';
import type { UploadError } from '../../src/core/errors.js';
import { folderOf, relativePathProblem } from '../../src/core/relative-path.js';
import { sessionKey } from '../../src/core/session-store.js';
import { chunkedSession } from '../../src/protocols/chunked-session.js';
import { CREATE_SESSION_HOOK, contentRange } from '../../src/protocols/content-range.js';
import { S3_HOOKS, multipart } from '../../src/protocols/multipart/index.js';
import { segments } from '../../src/protocols/segments.js';
import { tus } from '../../src/protocols/tus.js';
import { ScriptedTransport } from '../helpers/scripted-transport.js';
import { infoOf, patternFile, runScripted } from '../helpers/run-job.js';

/**
 * A folder's file carries its path (`shoot/raw/a.jpg`) to the server, each protocol its
 * own way (docs/protocols/*.md), and a path that could climb out of the target folder is
 * refused before any request.
 */

const PATH = 'shoot/raw/a.jpg';

function decodeMetadata(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of header.split(',')) {
    const [key, value = ''] = pair.split(' ');
    const binary = atob(value);
    out[key] = new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  }
  return out;
}

describe('relative paths: what may be sent', () => {
  it('takes plain relative paths, Unicode included', () => {
    for (const path of [PATH, 'a.jpg', 'Été 2024/photo ✓.jpg', 'a..b/c', '...x/y']) {
      expect(relativePathProblem(path), path).to.equal(undefined);
    }
  });

  it('refuses "..", absolute parts, backslashes, empty parts and control characters', () => {
    const refused: Record<string, string> = {
      '../etc/passwd': '..',
      'shoot/../../x': '..',
      '/etc/passwd': 'absolute',
      'C:/Windows/x': 'absolute',
      'shoot\\..\\x': 'backslash',
      'shoot//a.jpg': 'empty',
      'shoot/./a.jpg': 'empty',
      'shoot/a\u0000.jpg': 'control',
      'shoot/a\n.jpg': 'control',
      'shoot/a\u007f.jpg': 'control',
      'shoot/a\u0085.jpg': 'control',
      '': 'empty',
    };
    for (const [path, why] of Object.entries(refused)) {
      expect(relativePathProblem(path), JSON.stringify(path)).to.contain(why);
    }
  });

  it('the folders of a path', () => {
    expect(folderOf(PATH)).to.equal('shoot/raw');
    expect(folderOf('shoot/a.jpg')).to.equal('shoot');
    expect(folderOf('a.jpg')).to.equal('');
    expect(folderOf(undefined)).to.equal('');
  });

  it('the same file in two folders is two sessions; a file without a path keeps its old key', () => {
    const info = infoOf(patternFile(10, 'a.jpg'));
    const plain = sessionKey('tus', 'https://x.test/', info);
    expect(plain).to.equal(
      JSON.stringify(['tus', 'https://x.test/', 'a.jpg', 10, info.lastModified, info.type]),
    );
    const one = sessionKey('tus', 'https://x.test/', { ...info, relativePath: 'a/a.jpg' });
    const two = sessionKey('tus', 'https://x.test/', { ...info, relativePath: 'b/a.jpg' });
    expect(new Set([plain, one, two]).size).to.equal(3);
  });

  it('the worker refuses a bad path before any request, whatever the page sent', async () => {
    for (const relativePath of ['../../etc/passwd', 'shoot/a\u0001.jpg', '/abs/a.jpg']) {
      const t = new ScriptedTransport([]);
      const error = (await runScripted(tus, t, patternFile(10), {
        endpoint: 'https://tus.example.test/files/',
        relativePath,
      }).catch((e: unknown) => e)) as UploadError;
      expect(error.code).to.equal('file-path');
      expect(error.message).to.contain('Nothing was sent');
      expect(t.requests).to.have.length(0);
    }
  });
});

describe('relative paths: each protocol its way', () => {
  it('tus: relativePath in Upload-Metadata, beside filename (Uppy’s key)', async () => {
    const file = patternFile(10, 'a.jpg');
    const t = new ScriptedTransport([
      { status: 201, headers: { Location: 'https://tus.example.test/files/1' } },
      { status: 204, headers: { 'Upload-Offset': '10' } },
    ]);
    await runScripted(tus, t, file, {
      endpoint: 'https://tus.example.test/files/',
      relativePath: PATH,
    });
    const metadata = decodeMetadata(t.requests[0].headers['Upload-Metadata']);
    expect(metadata.filename).to.equal('a.jpg');
    expect(metadata.relativePath).to.equal(PATH);
  });

  it('tus: a file without a path sends no relativePath', async () => {
    const t = new ScriptedTransport([
      { status: 201, headers: { Location: 'https://tus.example.test/files/1' } },
      { status: 204, headers: { 'Upload-Offset': '10' } },
    ]);
    await runScripted(tus, t, patternFile(10, 'a.jpg'), {
      endpoint: 'https://tus.example.test/files/',
    });
    expect(decodeMetadata(t.requests[0].headers['Upload-Metadata'])).to.not.have.property(
      'relativePath',
    );
  });

  const docspace = (relativePath: string | undefined, metadata?: Record<string, unknown>) => {
    const t = new ScriptedTransport([
      {
        status: 200,
        body: { success: true, data: { id: 's1', location: 'https://ds.test/up?uid=s1' } },
      },
      { status: 201, body: { success: true, data: { id: 7, uploaded: true } } },
    ]);
    return runScripted(chunkedSession, t, patternFile(10, 'a.jpg'), {
      endpoint: 'https://ds.test/api/2.0/files/1/upload/create_session',
      relativePath,
      metadata,
    }).then(() => JSON.parse(t.requests[0].body as string) as Record<string, unknown>);
  };

  it('DocSpace: the folders of the path in create_session, never the file name', async () => {
    expect(await docspace(PATH)).to.deep.equal({
      fileName: 'a.jpg',
      fileSize: 10,
      relativePath: 'shoot/raw',
    });
    expect((await docspace('shoot/a.jpg')).relativePath).to.equal('shoot');
    expect(await docspace(undefined)).to.not.have.property('relativePath');
    // A page-wide relativePath is the folder they go under.
    expect((await docspace(PATH, { relativePath: 'incoming/' })).relativePath).to.equal(
      'incoming/shoot/raw',
    );
  });

  it('content-range: the page backend’s createSession gets the path, also in metadata', async () => {
    const calls: unknown[] = [];
    const t = new ScriptedTransport([{ status: 200 }]);
    await runScripted(contentRange, t, patternFile(10, 'a.jpg'), {
      relativePath: PATH,
      metadata: { project: 'p1' },
      backend: [CREATE_SESSION_HOOK],
      callPage: async (_hook, args) => {
        calls.push(args);
        return { url: 'https://gcs.example.test/session' };
      },
    });
    expect(calls[0]).to.include({ name: 'a.jpg', relativePath: PATH });
    expect((calls[0] as { metadata: unknown }).metadata).to.deep.equal({
      project: 'p1',
      relativePath: PATH,
    });
  });

  it('multipart (plain S3 backend): createMultipartUpload gets the path; the backend names the key', async () => {
    const calls: Array<[string, unknown]> = [];
    const t = new ScriptedTransport([{ status: 200, headers: { ETag: '"e1"' } }]);
    await runScripted(multipart, t, patternFile(10, 'a.jpg'), {
      relativePath: PATH,
      urls: { s3: 'backend' },
      callPage: async (hook, args) => {
        calls.push([hook, args]);
        if (hook === S3_HOOKS.create) return { uploadId: 'U', key: `in/${PATH}` };
        if (hook === S3_HOOKS.sign) return { url: 'https://s3.example.test/in/x?sig=1' };
        return { location: 'https://s3.example.test/in/x' };
      },
    });
    const [hook, args] = calls[0];
    expect(hook).to.equal(S3_HOOKS.create);
    expect(args).to.include({ fileName: 'a.jpg', relativePath: PATH });
    expect((args as { metadata: unknown }).metadata).to.deep.equal({ relativePath: PATH });
  });

  it('multipart (the JSON API): relativePath in the start call, as the metadata fields go', async () => {
    const t = new ScriptedTransport([
      {
        status: 200,
        body: {
          success: true,
          result: {
            requestKey: 'rk',
            partSize: 1024,
            presignedUrls: [{ partNumber: 1, presignedUrl: 'https://b.test/rk/1' }],
          },
        },
      },
      { status: 200, headers: { ETag: '"e1"' } },
      { status: 200, body: { success: true, result: true } },
    ]);
    await runScripted(multipart, t, patternFile(10, 'a.jpg'), {
      endpoint: 'https://api.example.test/multipart',
      relativePath: PATH,
    });
    expect(JSON.parse(t.requests[0].body as string)).to.include({
      fileName: 'a.jpg',
      relativePath: PATH,
    });
  });

  it('OCC segments: filename stays the file’s name (the path is not sent)', async () => {
    const t = new ScriptedTransport([
      { status: 200, body: { token: 't1', segmentsNeeded: [0] } },
      { status: 200, body: { success: true, result: { ok: true } } },
    ]);
    await runScripted(segments, t, patternFile(10, 'a.jpg'), {
      endpoint: 'https://occ.example.test/ccadmin/v1/files',
      relativePath: PATH,
    });
    expect(JSON.parse(t.requests[0].body as string).filename).to.equal('a.jpg');
    expect(t.requests.map((r) => r.body as string).join()).to.not.contain('shoot');
  });
});
