import '../src/resumable-upload.js';
import type { ResumableUpload } from '../src/resumable-upload.js';
import { languages } from '../src/element/languages.js';

/**
 * The demo page: one uploader per protocol against the reference server that
 * `npm start` runs. `?api=` and `?tus=` point it at other servers.
 */
const params = new URL(location.href).searchParams;
const api = params.get('api') ?? `http://${location.hostname}:4010`;
const tusEndpoint = params.get('tus') ?? `http://${location.hostname}:4020/files/`;
const bearer = { Authorization: 'Bearer demo-token' };
// DocSpace authenticates with a cookie; the demo server checks this one.
document.cookie = 'asc_auth_key=demo-key; path=/; SameSite=Lax';

interface DemoProtocol {
  protocol: ResumableUpload['protocol'];
  title: string;
  about: string;
  endpoint: string;
  faultProtocol?: string;
  configure?: (el: ResumableUpload) => void;
}

const protocols: DemoProtocol[] = [
  {
    protocol: 'content-range',
    title: 'Content-Range',
    about:
      'Google Cloud Storage, Redivis. One chunk at a time; after any failure the server is asked what it holds.',
    endpoint: `${api}/content-range`,
    faultProtocol: 'content-range',
    configure: (el) => {
      // A function, asked before every request, as a page with expiring tokens would do.
      el.headers = async () => bearer;
    },
  },
  {
    protocol: 'segments',
    title: 'Segments',
    about: 'Oracle Commerce Cloud. Base64 segments encoded in the worker, three in flight.',
    endpoint: `${api}/ccadmin/v1/files`,
    faultProtocol: 'segments',
    configure: (el) => {
      el.headers = bearer;
      el.metadata = { uploadType: 'general' };
    },
  },
  {
    protocol: 'multipart',
    title: 'Multipart',
    about: 'S3-style presigned parts, four in flight straight to storage, then one complete call.',
    endpoint: `${api}/multipart/uploads/multipart`,
    faultProtocol: 'multipart',
    configure: (el) => {
      el.headers = bearer;
    },
  },
  {
    protocol: 'chunked-session',
    title: 'Chunked session',
    about: 'ONLYOFFICE DocSpace. Form-data chunks in order, authenticated by a cookie.',
    endpoint: `${api}/api/2.0/files/1841/upload/create_session`,
    faultProtocol: 'chunked-session',
    configure: (el) => {
      el.withCredentials = true;
    },
  },
  {
    protocol: 'tus',
    title: 'tus 1.0',
    about: 'The open resumable protocol, against the real @tus/server.',
    endpoint: tusEndpoint,
  },
];

const main = document.querySelector('#protocols')!;
const log = document.querySelector('#log')!;
const uploaders: ResumableUpload[] = [];
for (const demo of protocols) {
  const section = document.createElement('section');
  section.className = 'card protocol';
  section.dataset.protocol = demo.protocol;
  const heading = document.createElement('h2');
  heading.id = `title-${demo.protocol}`;
  heading.textContent = demo.title;
  section.setAttribute('aria-labelledby', heading.id);
  const tag = document.createElement('code');
  tag.className = 'tag';
  tag.textContent = `protocol="${demo.protocol}"`;
  const about = document.createElement('p');
  about.className = 'muted';
  about.textContent = demo.about;
  const el = document.createElement('resumable-upload');
  el.protocol = demo.protocol;
  el.endpoint = demo.endpoint;
  el.multiple = true;
  el.autoStart = true;
  demo.configure?.(el);
  section.append(heading, tag, about, el);
  main.append(section);
  uploaders.push(el);
}

for (const type of [
  'upload-start',
  'upload-success',
  'upload-error',
  'upload-restored',
  'upload-paused',
  'upload-resumed',
  'upload-cancelled',
] as const) {
  document.addEventListener(type, (event) => {
    const item = document.createElement('li');
    const { name, ...rest } = (event as CustomEvent).detail as Record<string, unknown>;
    delete rest.id;
    const when = new Date().toLocaleTimeString();
    item.textContent = `${when}  ${type}  ${String(name)}  ${JSON.stringify(rest)}`;
    item.className = type === 'upload-error' ? 'error' : type === 'upload-success' ? 'ok' : '';
    log.prepend(item);
    while (log.children.length > 200) log.lastElementChild!.remove();
  });
}

// Settings: language, theme, density. The language goes to each uploader's `locale`
// (the page stays English); a right-to-left one mirrors the uploaders.
const settings = document.querySelector<HTMLFormElement>('.settings')!;
const language = settings.elements.namedItem('language') as HTMLSelectElement;
for (const code of languages()) {
  const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
  language.add(new Option(`${name[0].toLocaleUpperCase(code)}${name.slice(1)} (${code})`, code));
}
const applySettings = () => {
  const data = new FormData(settings);
  document.documentElement.style.colorScheme = String(data.get('theme') ?? 'light dark');
  for (const el of uploaders) {
    el.locale = String(data.get('language') ?? 'en');
    el.compact = data.get('compact') === 'on';
  }
};
settings.addEventListener('change', applySettings);
const asked = params.get('lang');
if (asked && languages().includes(asked)) language.value = asked;
if (params.get('theme')) {
  for (const radio of settings.querySelectorAll<HTMLInputElement>('[name=theme]')) {
    radio.checked = radio.value === params.get('theme');
  }
}
applySettings();

// Fault knobs of the reference server.
const faultStatus = document.querySelector('.fault-status')!;
const faultProtocols = protocols.flatMap((p) => (p.faultProtocol ? [p.faultProtocol] : []));
const arm = async (fault: Record<string, unknown>) => {
  const armed = faultProtocols.map((protocol) => ({ ...fault, protocol }));
  const response = await fetch(`${api}/__admin/faults`, {
    method: 'POST',
    body: JSON.stringify(armed),
  });
  return ((await response.json()) as unknown[]).length;
};
const slow = document.querySelector<HTMLButtonElement>('[data-toggle=slow]')!;
const say = (text: string) => (faultStatus.textContent = text);
slow.addEventListener('click', async () => {
  const on = slow.getAttribute('aria-pressed') !== 'true';
  if (on) {
    await arm({ kind: 'delay', phase: 'any', ms: 600, times: 1e9 });
    say('Slow link on: every request waits 600 ms.');
  } else {
    await fetch(`${api}/__admin/faults`, { method: 'DELETE' });
    say('Slow link off (other armed faults were cleared too).');
  }
  slow.setAttribute('aria-pressed', String(on));
});
for (const button of document.querySelectorAll<HTMLButtonElement>('[data-fault], [data-clear]')) {
  button.addEventListener('click', async () => {
    if (button.dataset.clear !== undefined) {
      await fetch(`${api}/__admin/faults`, { method: 'DELETE' });
      slow.setAttribute('aria-pressed', 'false');
      say('No faults armed.');
      return;
    }
    const count = await arm(JSON.parse(button.dataset.fault!));
    say(`Armed: ${button.textContent?.trim()} (${count} fault${count === 1 ? '' : 's'} waiting).`);
  });
}
