import { spawn, type ChildProcess } from 'node:child_process';
import { expect, randomFile, test } from './fixtures.js';

/** `npm start` as a visitor sees it: the demo page uploads a picked file through the reference server. */
let child: ChildProcess;
let demoUrl = '';

test.beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'server/dev.ts'], {
    env: { ...process.env, API_PORT: '4711', TUS_PORT: '4712', PORT: '4713' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  demoUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`demo did not start: ${out}`)), 30_000);
    child.stdout!.on('data', (data: Buffer) => {
      out += data.toString();
      const match = /Demo:\s+(\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
});

test.afterAll(() => {
  child?.kill('SIGTERM');
});

test('the demo uploads a picked file through every protocol section', async ({ page }) => {
  const file = await randomFile(3 * 1024 * 1024, 'demo');
  await page.goto(`${demoUrl}?api=http://127.0.0.1:4711&tus=http://127.0.0.1:4712/files/`);
  const uploaders = page.locator('resumable-upload');
  await expect(uploaders).toHaveCount(5);
  const count = await uploaders.count();
  for (let i = 0; i < count; i++) {
    const uploader = uploaders.nth(i);
    await uploader.locator('input[type=file]').setInputFiles(file.path);
    const status = uploader.locator('[part=status]');
    await expect(status).toHaveText(/Done|Failed/, { timeout: 30_000 });
    // On failure, show the element's own message rather than a bare "Failed".
    const message = (await uploader.locator('[part=message]').count())
      ? await uploader.locator('[part=message]').textContent()
      : '';
    expect({ section: i, status: await status.textContent(), message }).toEqual({
      section: i,
      status: 'Done',
      message: '',
    });
  }
});
