import { askForToken, authorization } from './auth.js';

// Talks to the job API with the signed-in user's bearer token. Every error becomes an ApiError carrying the RFC 9457 problem document, so views
// can show its detail and put each entry of `errors` next to the form field it names.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.fieldErrors = Array.isArray(problem?.errors) ? problem.errors : [];
  }
}

const NETWORK = { title: 'Server unreachable', detail: 'The Trainyard API cannot be reached. Check your connection.' };

async function read(response) {
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json().catch(() => null) : await response.text();
  if (response.status === 401) {
    askForToken('Your token was refused (missing, expired or not trusted). Paste a new one.');
  }
  if (!response.ok) {
    const problem = body && typeof body === 'object'
      ? body : { title: response.statusText, detail: String(body || response.statusText).slice(0, 300) };
    throw new ApiError(response.status, problem);
  }
  return body;
}

async function call(path, init) {
  let response;
  try {
    response = await fetch(path, { ...init, headers: { ...init.headers, ...authorization() } });
  } catch (e) {
    throw new ApiError(0, NETWORK);
  }
  return { status: response.status, data: await read(response), headers: response.headers };
}

/** GET a JSON resource; resolves to its body. */
export async function get(path, params) {
  const query = params ? '?' + new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined
    && v !== null && v !== '')) : '';
  return (await call(path + (query === '?' ? '' : query), { headers: { Accept: 'application/json' } })).data;
}

/** POST (or another method) with an optional JSON body; resolves to {status, data}. */
export function send(method, path, body, headers = {}) {
  const init = { method, headers: { Accept: 'application/json', ...headers } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    init.headers['Content-Type'] = 'application/json';
  }
  return call(path, init);
}

/** Multipart upload with progress (fetch cannot report upload progress, XMLHttpRequest can). */
export function upload(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.setRequestHeader('Accept', 'application/json');
    Object.entries(authorization()).forEach(([name, value]) => xhr.setRequestHeader(name, value));
    xhr.upload.onprogress = e => e.lengthComputable && onProgress(e.loaded, e.total);
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {
        body = { title: xhr.statusText, detail: xhr.responseText.slice(0, 300) };
      }
      if (xhr.status === 401) {
        askForToken('Your token was refused (missing, expired or not trusted). Paste a new one.');
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(body);
      } else {
        reject(new ApiError(xhr.status, body));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, NETWORK));
    xhr.send(form);
  });
}

/** Downloads a file answer (problem documents become ApiErrors); resolves to the saved file name. */
export async function download(path, fallbackName) {
  let response;
  try {
    response = await fetch(path, { headers: authorization() });
  } catch (e) {
    throw new ApiError(0, NETWORK);
  }
  if (!response.ok) {
    await read(response);
  }
  const disposition = response.headers.get('Content-Disposition') || '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] || fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
}

// Reference data that does not change while the page is open.
let families;
/** GET /model-families: {items, job_defaults}, read once per page load. */
export function modelFamilies() {
  families ??= get('/api/v1/training/model-families').catch(e => {
    families = undefined;
    throw e;
  });
  return families;
}
