// Small DOM helpers shared by the views. Content is always set as text, never parsed as HTML.

/** h('div', {class: 'x', onclick: f}, child, 'text', [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key.startsWith('on')) {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key in el && typeof value !== 'string') {
      el[key] = value;
    } else {
      el.setAttribute(key, value === true ? '' : value);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child !== undefined && child !== null && child !== false) {
      el.append(child instanceof Node ? child : String(child));
    }
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/**
 * Like clear(), but keeps every element whose tag and attributes did not change, so that a live refresh
 * (several a second while a job trains) does not steal hover, focus, scroll position or a click under way,
 * and an opened <details> stays open. Children are matched by data-key where they have one (list rows), by
 * position otherwise. A kept element keeps its event listeners, so views patch only markup whose listeners
 * read the current state when they fire (delegated actions), never data captured at render time.
 */
export function patch(el, ...children) {
  const next = el.cloneNode(false);
  append(next, children);
  morphChildren(el, next);
  return el;
}

function morph(current, next) {
  if (current.nodeType !== next.nodeType || current.nodeName !== next.nodeName) {
    return next;
  }
  if (current.nodeType !== Node.ELEMENT_NODE) {
    if (current.nodeValue !== next.nodeValue) {
      current.nodeValue = next.nodeValue;
    }
    return current;
  }
  if (!sameAttributes(current, next)) {
    return next;
  }
  morphChildren(current, next);
  return current;
}

function morphChildren(current, next) {
  const olds = [...current.childNodes];
  const keyed = new Map(olds.filter(n => n.dataset?.key).map(n => [n.dataset.key, n]));
  const children = [...next.childNodes].map((n, i) => {
    const old = n.dataset?.key ? keyed.get(n.dataset.key) : olds[i]?.dataset?.key ? undefined : olds[i];
    return old ? morph(old, n) : n;
  });
  if (children.length !== olds.length || children.some((n, i) => n !== olds[i])) {
    current.replaceChildren(...children);
  }
}

// 'open' on <details> is the reader's choice, not the view's.
function sameAttributes(a, b) {
  const names = el => [...el.attributes].map(x => x.name).filter(n => !(n === 'open' && el.nodeName === 'DETAILS'));
  const an = names(a);
  const bn = names(b);
  return an.length === bn.length && an.every(n => a.getAttribute(n) === b.getAttribute(n));
}

export function statusBadge(status) {
  return h('span', { class: 'badge', dataset: { status } }, status);
}

export function priorityBadge(priority) {
  return priority ? h('span', { class: 'badge priority', dataset: { priority }, title: 'priority' }, priority) : null;
}

/** The backend's progress, epoch and ETA, drawn as a bar with a label. */
export function progress(job) {
  const pct = Math.max(0, Math.min(100, job.progress_percent ?? 0));
  const parts = [];
  if (job.total_epochs) {
    parts.push(`epoch ${job.current_epoch ?? 0}/${job.total_epochs}`);
  }
  parts.push(`${formatNumber(pct, 0)}%`);
  if (job.status === 'running' && job.eta_seconds != null) {
    parts.push(`ETA ${duration(job.eta_seconds)}`);
  }
  if (job.status === 'queued') {
    // The scheduler's answer: a place in the queue while waiting for a slot, then the worker it chose.
    if (job.queue_position != null) {
      parts.push(`#${job.queue_position} in queue`);
    } else if (job.worker_id) {
      parts.push(`starting on ${job.worker_id}`);
    }
  }
  return h('div', { class: 'progress' },
    h('div', { class: 'bar', dataset: { status: job.status }, role: 'progressbar', 'aria-valuenow': String(pct),
      'aria-valuemin': '0', 'aria-valuemax': '100' }, h('span', { style: `width:${pct}%` })),
    h('div', { class: 'label' }, parts.join(' · ')));
}

export function duration(seconds) {
  if (seconds == null) {
    return '–';
  }
  const s = Math.round(seconds);
  if (s < 60) {
    return `${s}s`;
  }
  if (s < 3600) {
    return `${Math.floor(s / 60)}m ${s % 60}s`;
  }
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
export function time(iso) {
  return iso ? timeFormat.format(new Date(iso)) : '–';
}

export function formatNumber(value, digits = 4) {
  if (value == null || Number.isNaN(value)) {
    return '–';
  }
  if (typeof value !== 'number') {
    return String(value);
  }
  if (Number.isInteger(value)) {
    return value.toLocaleString();
  }
  return Math.abs(value) < 1e-3 ? value.toExponential(2) : value.toLocaleString(undefined, {
    maximumFractionDigits: digits });
}

/** A hyperparameter's value: a number as formatNumber shows it, a list or object as JSON. */
export function formatValue(value) {
  if (value == null) {
    return '–';
  }
  return typeof value === 'object' ? JSON.stringify(value) : formatNumber(value);
}

export function metricTiles(metrics) {
  const entries = Object.entries(metrics || {});
  if (!entries.length) {
    return h('p', { class: 'muted small' }, 'No final metrics yet.');
  }
  return h('div', { class: 'metric-tiles' }, entries.map(([k, v]) =>
    h('div', { class: 'tile' }, h('div', { class: 'k' }, k), h('div', { class: 'v' }, formatNumber(v)))));
}

export function loading(text = 'Loading…') {
  return h('div', { class: 'state', 'data-state': 'loading' }, h('span', { class: 'spinner' }), text);
}

export function empty(text, ...extra) {
  return h('div', { class: 'state', 'data-state': 'empty' }, h('p', {}, text), extra);
}

export function failure(error, retry) {
  return h('div', { class: 'state state-error', 'data-state': 'error', role: 'alert' },
    h('strong', {}, error.problem?.title || 'Something went wrong'),
    h('div', { class: 'detail' }, error.message),
    retry ? h('button', { type: 'button', onclick: retry }, 'Try again') : null);
}

export function toast(message, kind = 'ok') {
  const el = h('div', { class: 'toast', dataset: { kind } }, message);
  document.getElementById('toasts').append(el);
  setTimeout(() => el.remove(), kind === 'error' ? 8000 : 5000);
}

/** A modal confirmation; resolves to true when confirmed. */
export function confirm({ title, message, confirmLabel, danger = true }) {
  return new Promise(resolve => {
    const dialog = h('dialog', { class: 'narrow', id: 'confirm-dialog' },
      h('form', { method: 'dialog' },
        h('header', {}, h('h2', {}, title)),
        h('div', { class: 'body' }, h('p', {}, message)),
        h('footer', {},
          h('button', { value: 'no', type: 'submit' }, 'Keep it'),
          h('button', { value: 'yes', type: 'submit', class: danger ? 'danger solid' : 'primary',
            'data-action': 'confirm' }, confirmLabel))));
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'yes');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** Shows field errors of a problem next to the inputs; the rest in the dialog's alert box. */
export function showProblem(form, error, fieldFor) {
  form.querySelectorAll('.field.invalid').forEach(f => f.classList.remove('invalid'));
  form.querySelectorAll('.field .error').forEach(e => e.remove());
  const alert = form.querySelector('.alert');
  const unplaced = [];
  for (const { field, message } of error.fieldErrors) {
    const box = fieldFor(field);
    if (box) {
      box.classList.add('invalid');
      box.append(h('div', { class: 'error', 'data-field-error': field }, message));
      box.closest('details')?.setAttribute('open', '');
    } else {
      unplaced.push(`${field}: ${message}`);
    }
  }
  const placed = error.fieldErrors.length - unplaced.length;
  if (alert) {
    clear(alert, h('strong', {}, error.problem?.title || 'Request failed'),
      placed && !unplaced.length ? 'Please correct the highlighted fields.' : unplaced.join('; ') || error.message);
    alert.hidden = false;
  }
  form.querySelector('.field.invalid input, .field.invalid select, .field.invalid textarea')?.focus();
}

export function resetProblem(form) {
  form.querySelectorAll('.field.invalid').forEach(f => f.classList.remove('invalid'));
  form.querySelectorAll('.field .error').forEach(e => e.remove());
  const alert = form.querySelector('.alert');
  if (alert) {
    alert.hidden = true;
  }
}

/** A modal form dialog: header with a close button, a body to fill, Cancel and a submit button; removed on close. */
export function modalForm(id, title, submitLabel) {
  const body = h('div', { class: 'body' });
  const submit = h('button', { type: 'submit', class: 'primary', id: `${id}-submit` }, submitLabel);
  const dialog = h('dialog', { id, class: 'narrow', 'aria-label': title });
  const form = h('form', { method: 'dialog', novalidate: true },
    h('header', {}, h('h2', {}, title),
      h('button', { type: 'button', class: 'close', 'aria-label': 'Close', onclick: () => dialog.close() }, '×')),
    body,
    h('footer', {}, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'), submit));
  dialog.append(form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  return { dialog, form, body, submit };
}

/**
 * The multipart body of an upload form whose file input is {@code file}: null, with the problem shown on the
 * file's field, when no file is chosen.
 */
export function fileForm(form, file, boxes, message) {
  resetProblem(form);
  if (!file.files.length) {
    showProblem(form, { problem: { title: 'No file chosen' }, message, fieldErrors: [{ field: 'file', message }] },
      n => boxes[n]);
    return null;
  }
  const data = new FormData();
  data.append('file', file.files[0]);
  return data;
}

/**
 * An upload's progress bar: show(doneLabel) reveals it and answers the onProgress callback of api.upload (the
 * label turns to doneLabel once every byte is sent, while the server checks them); hide() resets it.
 */
export function uploadProgress(id) {
  const bar = h('span', { style: 'width:0%' });
  const label = h('div', { class: 'label' });
  const box = h('div', { class: 'progress', hidden: true, id }, h('div', { class: 'bar' }, bar), label);
  return {
    box,
    show(doneLabel) {
      box.hidden = false;
      label.textContent = 'Uploading…';
      return (sent, total) => {
        const pct = Math.round((sent / total) * 100);
        bar.style.width = `${pct}%`;
        label.textContent = sent < total ? `Uploading… ${pct}%` : doneLabel;
      };
    },
    hide() {
      box.hidden = true;
      bar.style.width = '0%';
    },
  };
}

export function field(label, input, hint, attrs = {}) {
  return h('div', { class: 'field', ...attrs }, h('label', { for: input.id }, label), input,
    hint ? h('div', { class: 'hint' }, hint) : null);
}

/** Changes the query of the current route without re-rendering (filters, pickers). */
export function replaceQuery(params) {
  const path = location.hash.replace(/^#/, '').split('?')[0] || '/jobs';
  const query = new URLSearchParams([...params].filter(([, v]) => v !== '' && v != null)).toString();
  history.replaceState(null, '', `#${path}${query ? '?' + query : ''}`);
}
