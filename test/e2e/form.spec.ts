import type { Page, Request } from '@playwright/test';
import { events, expect, fileInput, randomFile, test, waitForEvent } from './fixtures.js';

/**
 * A real form around the element: submission is blocked while uploads run
 * (and when `required` finds nothing), and the submitted data carries what the
 * server returned for each finished file.
 */

const MiB = 1024 * 1024;

async function openForm(page: Page, pagesUrl: string, attrs: Record<string, string | boolean>) {
  await page.goto(`${pagesUrl}/index.html`);
  await page.evaluate(async (attrs) => {
    await customElements.whenDefined('resumable-upload');
    const form = document.createElement('form');
    form.method = 'post';
    form.action = '/submit';
    form.enctype = 'multipart/form-data';
    const title = Object.assign(document.createElement('input'), { name: 'title', value: 'Q3' });
    title.setAttribute('aria-label', 'Title');
    const element = document.createElement('resumable-upload');
    for (const [key, value] of Object.entries(attrs)) {
      if (value !== false) element.setAttribute(key, value === true ? '' : value);
    }
    const submit = Object.assign(document.createElement('button'), { textContent: 'Save' });
    const reset = Object.assign(document.createElement('button'), {
      textContent: 'Reset',
      type: 'reset',
    });
    form.append(title, element, submit, reset);
    document.querySelector('#root')!.append(form);
    await (element as unknown as { restored: Promise<unknown> }).restored;
  }, attrs);
}

/** Every POST to /submit, answered with a small page. */
function captureSubmissions(page: Page): Request[] {
  const posts: Request[] = [];
  void page.route('**/submit', async (route) => {
    posts.push(route.request());
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>Saved</p>' });
  });
  return posts;
}

test.describe('forms', () => {
  test('blocked while uploads run; then submits what the server returned for each file', async ({
    page,
    api,
    pages,
  }) => {
    const a = await randomFile(6 * MiB, 'form-a');
    const b = await randomFile(3 * MiB, 'form-b');
    api.faults.arm({
      kind: 'delay',
      protocol: 'content-range',
      phase: 'chunk',
      ms: 400,
      times: 1000,
    });
    await openForm(page, pages.url, {
      name: 'attachment',
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      'chunk-size': String(1 * MiB),
      multiple: true,
      'auto-start': true,
    });
    const posts = captureSubmissions(page);
    await page.setInputFiles(fileInput, [a.path, b.path]);
    await expect(page.locator('resumable-upload [part=status]').first()).toHaveText('Uploading');

    await page.getByRole('button', { name: 'Save' }).click();
    const blocked = await page.evaluate(() => {
      const el = document.querySelector('resumable-upload') as unknown as {
        validationMessage: string;
        matches(selector: string): boolean;
      };
      return { message: el.validationMessage, invalid: el.matches(':invalid') };
    });
    expect(blocked).toEqual({ message: 'Wait until the uploads have finished.', invalid: true });
    await page.waitForTimeout(300);
    expect(posts).toHaveLength(0);

    api.faults.clear();
    await expect(page.locator('resumable-upload [part=status]')).toHaveText(['Done', 'Done']);
    // upload-success follows the row's "Done" once the kept copy is deleted: wait for both.
    await expect.poll(async () => (await events(page, 'upload-success')).length).toBe(2);
    const results = (await events(page, 'upload-success')).map(
      (e) => [e.detail.name, (e.detail.result as { id: string }).id] as const,
    );
    const byName = Object.fromEntries(results);
    await Promise.all([
      page.waitForURL('**/submit'),
      page.getByRole('button', { name: 'Save' }).click(),
    ]);
    expect(posts).toHaveLength(1);
    const body = posts[0].postDataBuffer()!.toString('latin1');
    const fields = [...body.matchAll(/name="([^"]+)"\r\n\r\n([^\r]*)\r\n/g)].map((m) => [
      m[1],
      m[2],
    ]);
    // The element's values come in the order the files were added.
    expect(fields).toEqual([
      ['title', 'Q3'],
      ['attachment', byName['form-a-6291456.bin']],
      ['attachment', byName['form-b-3145728.bin']],
    ]);
  });

  test('with required, an empty element blocks submission; reset empties the list', async ({
    page,
    api,
    pages,
  }) => {
    await openForm(page, pages.url, {
      name: 'attachment',
      protocol: 'content-range',
      endpoint: `${api.url}/content-range`,
      required: true,
      'auto-start': true,
    });
    const posts = captureSubmissions(page);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForTimeout(300);
    expect(posts).toHaveLength(0);
    expect(
      await page.evaluate(
        () =>
          (document.querySelector('resumable-upload') as unknown as { validity: ValidityState })
            .validity.valueMissing,
      ),
    ).toBe(true);

    await page.setInputFiles(fileInput, {
      name: 'note.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('hello'),
    });
    await waitForEvent(page, 'upload-success');
    await page.getByRole('button', { name: 'Reset' }).click();
    await expect(page.locator('resumable-upload [part=item]')).toHaveCount(0);
    expect(
      await page.evaluate(() =>
        (document.querySelector('form') as HTMLFormElement).checkValidity(),
      ),
    ).toBe(false);
  });
});
