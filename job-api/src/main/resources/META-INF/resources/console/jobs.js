// Jobs tab: the filtered, paged list and a job's detail view (timeline, logs, lineage, metrics).
import { get, send, modelFamilies } from './api.js';
import {
  h, clear, patch, statusBadge, priorityBadge, progress, time, duration, formatNumber, metricTiles, loading, empty,
  failure, toast, confirm, replaceQuery,
} from './ui.js';
import {
  watch, refresher, settle, throttled, applyEvent, quiet, metricsOf, byEpoch, TERMINAL,
} from './live.js';
import { openJobDialog } from './job-dialog.js';
import { openUploadDialog } from './dataset-dialog.js';
import { createChart, lossSeries } from './charts.js';

const STATUSES = ['queued', 'running', 'paused', 'succeeded', 'failed', 'cancelled'];
const ACTIVE = ['queued', 'running', 'paused'];
const jobUrl = id => `/api/v1/training/jobs/${encodeURIComponent(id)}`;

export function jobsView(root, params) {
  const filters = {
    status: params.get('status') || '',
    model_family: params.get('model_family') || '',
    q: params.get('q') || '',
    tag: params.get('tag') || '',
    page: Number(params.get('page')) || 1,
    page_size: Number(params.get('page_size')) || 20,
  };
  const chips = h('div', { class: 'chips', id: 'status-chips' });
  const statusSelect = h('select', { id: 'filter-status', 'aria-label': 'Status' },
    h('option', { value: '' }, 'All statuses'), STATUSES.map(s => h('option', { value: s }, s)));
  const familySelect = h('select', { id: 'filter-family', 'aria-label': 'Model family' },
    h('option', { value: '' }, 'All model families'));
  const search = h('input', { id: 'filter-q', type: 'search', placeholder: 'Name contains…',
    'aria-label': 'Name contains', value: filters.q });
  const tag = h('input', { id: 'filter-tag', type: 'search', placeholder: 'Tag', 'aria-label': 'Tag',
    value: filters.tag });
  statusSelect.value = filters.status;
  const table = h('div', { class: 'table-wrap', id: 'jobs-table' }, loading('Loading jobs…'));
  const pager = h('div', { class: 'pager', id: 'jobs-pager' });

  root.append(h('section', { id: 'jobs-view' },
    h('div', { class: 'view-head' }, h('h1', {}, 'Training jobs'), h('span', { class: 'spacer' }),
      h('button', { id: 'upload-dataset', type: 'button', onclick: () => openUploadDialog(() => {}) },
        '⇪ Upload dataset'),
      h('button', { class: 'primary', id: 'new-job', type: 'button',
        onclick: () => openJobDialog({ onCreated: () => refresh() }) }, '+ New training job')),
    chips,
    h('form', { class: 'filters', role: 'search', onsubmit: e => e.preventDefault() },
      statusSelect, familySelect, search, tag),
    table, pager));

  modelFamilies().then(({ items: families }) => {
    familySelect.append(...families.map(f => h('option', { value: f.name }, f.name)));
    familySelect.value = filters.model_family;
  }).catch(() => familySelect.append(h('option', { disabled: true }, 'families unavailable')));

  const apply = () => {
    filters.page = 1;
    replaceQuery(new URLSearchParams(Object.entries(filters).filter(([k, v]) =>
      !(k === 'page' && v === 1) && !(k === 'page_size' && v === 20)).map(([k, v]) => [k, String(v)])));
    clear(table, loading('Loading jobs…'));
    refresh();
  };
  statusSelect.addEventListener('change', () => { filters.status = statusSelect.value; apply(); });
  familySelect.addEventListener('change', () => { filters.model_family = familySelect.value; apply(); });
  let typing;
  for (const [input, key] of [[search, 'q'], [tag, 'tag']]) {
    input.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(() => { filters[key] = input.value.trim(); apply(); }, 300);
    });
  }
  const goTo = page => {
    filters.page = page;
    replaceQuery(new URLSearchParams(Object.entries(filters).map(([k, v]) => [k, String(v)])));
    refresh();
  };

  const renderChips = stats => {
    if (!stats) {
      chips.replaceChildren();
      return;
    }
    clear(chips, STATUSES.map(s => h('button', {
      type: 'button', class: 'chip', 'aria-pressed': String(filters.status === s), title: `Show ${s} jobs`,
      onclick: () => {
        filters.status = filters.status === s ? '' : s;
        statusSelect.value = filters.status;
        apply();
      },
    }, statusBadge(s), h('strong', {}, formatNumber(stats.jobs?.[s] ?? 0)))),
    h('span', { class: 'meta' }, `${stats.workers_alive} worker${stats.workers_alive === 1 ? '' : 's'} · `
      + `${stats.busy_slots}/${stats.capacity} slots busy`
      + (stats.mean_queue_wait_seconds != null ? ` · mean queue wait ${duration(stats.mean_queue_wait_seconds)}` : '')));
  };

  const renderRows = () => patch(table, h('table', { class: 'cards' },
    h('thead', {}, h('tr', {}, ['Name', 'Status', 'Priority', 'Family', 'Progress', 'Created', '']
      .map(t => h('th', {}, t)))),
    h('tbody', {}, [...shown.values()].map(jobRow))));

  const renderPage = page => {
    if (!page.items.length) {
      const filtered = filters.status || filters.model_family || filters.q || filters.tag;
      clear(table, filtered
        ? empty('No jobs match these filters.', h('button', { type: 'button', onclick: () => {
          Object.assign(filters, { status: '', model_family: '', q: '', tag: '' });
          statusSelect.value = familySelect.value = search.value = tag.value = '';
          apply();
        } }, 'Clear filters'))
        : empty('No training jobs yet.', h('button', { type: 'button', class: 'primary',
          onclick: () => openJobDialog({ onCreated: () => refresh() }) }, 'Create the first one')));
      pager.replaceChildren();
      return;
    }
    shown = new Map(page.items.map(job => [job.id, job]));
    renderRows();
    const first = (page.page - 1) * page.page_size + 1;
    const last = first + page.items.length - 1;
    const size = h('select', { 'aria-label': 'Jobs per page', onchange: e => {
      filters.page_size = Number(e.target.value);
      goTo(1);
    } }, [10, 20, 50, 100].map(n => h('option', { value: n, selected: n === page.page_size }, `${n} per page`)));
    clear(pager, h('span', {}, `${first}–${last} of ${page.total_is_estimate ? 'about ' : ''}${page.total}`),
      h('div', { class: 'controls' }, size,
        h('button', { type: 'button', class: 'small', disabled: page.page <= 1, onclick: () => goTo(page.page - 1),
          'aria-label': 'Previous page' }, '‹ Prev'),
        h('span', {}, `Page ${page.page}`),
        h('button', { type: 'button', class: 'small', disabled: last >= page.total,
          onclick: () => goTo(page.page + 1), 'aria-label': 'Next page' }, 'Next ›')));
  };

  const load = async () => {
    try {
      const [page, stats] = await Promise.all([
        get('/api/v1/training/jobs', filters),
        get('/api/v1/training/stats').catch(() => null),
      ]);
      renderChips(stats);
      renderPage(page);
    } catch (e) {
      clear(table, failure(e, () => refresh()));
      pager.replaceChildren();
    }
  };
  const refresh = refresher(load);
  let shown = new Map();
  onJobAction(table, id => shown.get(id), refresh);
  refresh();
  // A shown job's progress is redrawn from its events. Any other event changes a job's status, and with it the
  // per-status counts and which jobs the filters match, which no event carries: the page and stats are re-read.
  return watch('/api/v1/training/stream', events => {
    if (!events || !events.every(quiet)) {
      refresh();
    }
    const mine = (events ?? []).filter(e => shown.has(e.job_id));
    mine.forEach(e => applyEvent(shown.get(e.job_id), e));
    if (mine.length) {
      renderRows();
    }
  });
}

function jobRow(job) {
  return h('tr', { dataset: { key: job.id, jobId: job.id, status: job.status } },
    h('td', { 'data-label': 'Name' }, h('div', {},
      h('a', { class: 'name', href: `#/jobs/${job.id}` }, job.name),
      job.tags?.length ? h('div', {}, job.tags.map(t => h('span', { class: 'tag' }, t))) : null)),
    h('td', { 'data-label': 'Status' }, h('div', {}, statusBadge(job.status), requested(job))),
    h('td', { 'data-label': 'Priority' }, priorityBadge(job.priority) || h('span', { class: 'muted' }, '–')),
    h('td', { 'data-label': 'Family' }, job.model_family),
    h('td', { 'data-label': 'Progress' }, progress(job)),
    h('td', { 'data-label': 'Created', class: 'num' }, time(job.created_at)),
    h('td', {}, jobActions(job)));
}

function requested(job) {
  if (job.cancel_requested && ACTIVE.includes(job.status)) {
    return h('div', { class: 'muted small' }, 'cancelling…');
  }
  if (job.pause_requested && job.status === 'running') {
    return h('div', { class: 'muted small' }, 'pausing…');
  }
  return null;
}

/** The transitions the job's status allows, as buttons that onJobAction handles. */
function jobActions(job) {
  const button = (label, action, cls = '', disabled = false) => h('button', {
    type: 'button', class: `small ${cls}`, disabled, 'data-action': action, 'data-job-id': job.id,
  }, label);
  const buttons = [];
  if (job.status === 'running') {
    buttons.push(button('Pause', 'pause', '', job.pause_requested || job.cancel_requested));
  }
  if (job.status === 'paused') {
    buttons.push(button('Resume', 'resume'));
  }
  if (ACTIVE.includes(job.status)) {
    buttons.push(button('Cancel', 'cancel', 'danger', job.cancel_requested));
  }
  if (job.status === 'failed' || job.status === 'cancelled') {
    buttons.push(button('Retry', 'retry'));
  }
  if (job.status === 'succeeded' || job.status === 'running') {
    buttons.push(h('a', { class: 'button small', href: `#/metrics?a=${job.id}` }, 'Metrics'));
  }
  return h('div', { class: 'actions' }, buttons);
}

const OUTCOME = {
  cancel: (job, status) => status === 202
    ? `Cancellation of “${job.name}” requested: the worker stops it within seconds.`
    : `“${job.name}” cancelled.`,
  pause: job => `Pause of “${job.name}” requested: it stops after the current batch and keeps a checkpoint.`,
  resume: job => `“${job.name}” resumed: queued again, it continues from its checkpoint.`,
  retry: (job, status, created) => `“${job.name}” queued again as a new job (${created.id.slice(0, 8)}).`,
};

/**
 * One listener for every action button under container. It acts on the job as last rendered (jobOf(id)),
 * so a row kept by patch() never acts on the state of an earlier render; the outcome shows in a toast.
 */
function onJobAction(container, jobOf, after) {
  container.addEventListener('click', e => {
    const button = e.target.closest('button[data-action][data-job-id]');
    const job = button && jobOf(button.dataset.jobId);
    if (job && OUTCOME[button.dataset.action]) {
      act(job, button.dataset.action, after);
    }
  });
}

async function act(job, action, after) {
  if (action === 'cancel' && !await confirm({
    title: `Cancel “${job.name}”?`,
    message: job.status === 'running'
      ? 'The worker stops the job after the current batch. No model is registered and this cannot be undone.'
      : 'The job is cancelled at once and will not run. This cannot be undone.',
    confirmLabel: 'Cancel job',
  })) {
    return;
  }
  try {
    const { status, data } = await send('POST', `${jobUrl(job.id)}/${action}`);
    toast(OUTCOME[action](job, status, data));
  } catch (e) {
    toast(`Could not ${action} “${job.name}”: ${e.message}`, 'error');
  }
  after();
}

export function jobDetailView(root, id) {
  const head = h('div', { class: 'detail-head' }, loading('Loading job…'));
  const summary = h('div', { class: 'card', id: 'job-summary' });
  const timeline = h('div', {}, loading());
  const logs = h('div', {}, loading());
  const lineage = h('div', {}, loading());
  const chartBox = h('div', { class: 'chart', id: 'detail-loss-chart' });
  const chartState = h('div', {});
  const level = h('select', { 'aria-label': 'Lowest log level' },
    ['DEBUG', 'INFO', 'WARN', 'ERROR'].map(l => h('option', { value: l, selected: l === 'INFO' }, l)));
  root.append(h('section', { id: 'job-detail' },
    h('p', {}, h('a', { href: '#/jobs' }, '‹ All jobs')),
    head, summary,
    h('div', { class: 'detail-grid' },
      h('div', { class: 'card' }, h('div', { class: 'section-head' }, h('h2', {}, 'Loss'),
        h('a', { href: `#/metrics?a=${id}` }, 'All charts ›')), chartState, chartBox),
      h('div', { class: 'card' }, h('h2', {}, 'Event timeline'), timeline),
      h('div', { class: 'card wide' }, h('div', { class: 'section-head' }, h('h2', {}, 'Logs'), level), logs),
      h('div', { class: 'card wide' }, h('h2', {}, 'Lineage'), lineage))));
  const chart = createChart(chartBox, { yName: 'loss' });

  let job;
  let points = [];
  let early = [];  // events that came before the job's first read answered
  let live = false;  // the last change came over the stream (not a poll)
  let settling = null;
  let stopWatching = () => {};
  const drawChart = () => {
    clear(chartState, points.length ? null : empty('No epoch has finished yet.'));
    chartBox.hidden = !points.length;
    chart.update(lossSeries(points));
  };
  // One re-reader per resource, each resolving to true once it shows what the job's state calls for.
  const read = {
    job: refresher(async () => {
      try {
        job = await get(jobUrl(id));
      } catch (e) {
        clear(head, failure(e, () => readAll()));
        summary.hidden = true;
        return false;
      }
      early?.forEach(e => applyEvent(job, e));
      early = null;
      summary.hidden = false;
      renderHead(head, job);
      renderSummary(summary, job);
      return true;
    }),
    timeline: refresher(() => get(`${jobUrl(id)}/events`)
      .then(r => renderTimeline(timeline, r.items), e => clear(timeline, failure(e)))),
    logs: refresher(() => get(`${jobUrl(id)}/logs`, { tail: 200, level: level.value })
      .then(r => renderLogs(logs, r.items), e => clear(logs, failure(e)))),
    lineage: refresher(() => get(`${jobUrl(id)}/lineage`).then(run => {
      renderLineage(lineage, run);
      return lineageShows(run, job);
    }, e => {
      clear(lineage, e.status === 404 ? empty('No lineage recorded yet: it appears once the worker starts the run.')
        : failure(e));
      return false;
    })),
    metrics: refresher(() => get(`${jobUrl(id)}/metrics`).then(r => {
      points = byEpoch(points, r.items);
      drawChart();
    }, e => clear(chartState, failure(e)))),
  };
  const readAll = async () => {
    if (!await read.job()) {
      return;
    }
    await Promise.all([read.timeline(), read.logs(), read.lineage(), read.metrics()]);
    if (TERMINAL.includes(job.status)) {
      // Without the stream, polling ends here and a few more full reads catch the other services' read models up.
      if (!live) {
        stopWatching();
      }
      settling ??= settle(live ? read.lineage : readAll, job.finished_at);
    }
  };
  // The timeline and the logs travel in no event: while events come, they are re-read every few seconds.
  const journal = throttled(() => {
    read.timeline();
    read.logs();
  });
  const onChange = events => {
    live = Boolean(events);
    if (!events) {
      readAll();
      return;
    }
    const epochs = metricsOf(events);
    if (epochs.length) {
      points = byEpoch(points, epochs);
      drawChart();
    }
    if (!job) {
      early?.push(...events);
      return;
    }
    const transitions = events.filter(e => applyEvent(job, e));
    renderHead(head, job);
    renderSummary(summary, job);
    if (!transitions.length) {
      journal.ask();
      return;
    }
    // The event has the new status; the job's timestamps, worker and checkpoint and the timeline are read once,
    // the logs now and a little later (their lines travel apart), the lineage until lineage-service caught up.
    read.job();
    read.timeline();
    read.logs();
    journal.ask();
    settling?.();
    settling = settle(read.lineage, transitions.at(-1).occurred_at);
  };
  level.addEventListener('change', () => read.logs());
  onJobAction(head, () => job, readAll);
  readAll();
  stopWatching = watch(`${jobUrl(id)}/stream`, onChange);
  return () => {
    stopWatching();
    journal.cancel();
    settling?.();
    chart.dispose();
  };
}

// The lineage shows the job's state once lineage-service has projected the run event that follows it: the run
// (started), its end, and for a trained model the version the registry gave it.
const LINEAGE_END = { succeeded: 'COMPLETE', failed: 'FAIL', cancelled: 'ABORT' };
function lineageShows(run, job) {
  if (job?.status === 'succeeded') {
    return Boolean(run.outputs?.some(o => o.facets?.trainyard_model_version));
  }
  return !LINEAGE_END[job?.status] || run.state === LINEAGE_END[job.status];
}

function renderHead(head, job) {
  patch(head, h('h1', {}, job.name), statusBadge(job.status), priorityBadge(job.priority), requested(job),
    h('span', { class: 'spacer', style: 'flex:1' }), jobActions(job));
}

function renderSummary(card, job) {
  const facts = [
    ['Job id', h('span', { class: 'mono' }, job.id)],
    ['Model family', job.model_family],
    ['Model', job.model_version ? h('a', { href: `#/models?name=${encodeURIComponent(job.model_name)}` },
      `${job.model_name} v${job.model_version}`) : job.model_name],
    ['Dataset', [h('span', { class: 'mono' }, job.dataset_id),
      job.dataset_version ? h('span', { class: 'muted' }, ` version ${job.dataset_version}`) : null]],
    job.test_rows ? ['Rows (train / validation / test)', `${formatNumber(job.train_rows)} / `
      + `${formatNumber(job.val_rows)} / ${formatNumber(job.test_rows)}`]
      : ['Rows (train / validation)', `${formatNumber(job.train_rows)} / ${formatNumber(job.val_rows)}`],
    ['Priority', job.priority || 'normal'],
    ['Worker', job.worker_id ? `${job.worker_id}${job.attempts > 1 ? ` (attempt ${job.attempts})` : ''}` : '–'],
    ['Device', job.device || '–'],
    ['Parameters', formatNumber(job.parameter_count)],
    ['Best epoch', job.best_epoch ?? '–'],
    ['Stop reason', job.stop_reason || '–'],
    ['Estimated duration', job.estimated_duration_seconds != null ? duration(job.estimated_duration_seconds) : '–'],
    ['Created', time(job.created_at)],
    ['Started', time(job.started_at)],
    ['Finished', time(job.finished_at)],
  ];
  if (job.retry_of) {
    facts.push(['Retry of', h('a', { href: `#/jobs/${job.retry_of}` }, job.retry_of.slice(0, 8))]);
  }
  if (job.retried_as?.length) {
    facts.push(['Retried as', job.retried_as.map(r => h('a', { href: `#/jobs/${r}`, class: 'mono' },
      r.slice(0, 8), ' '))]);
  }
  if (job.checkpoint) {
    facts.push(['Checkpoint', `after epoch ${job.checkpoint.epoch}`]);
  }
  if (job.tags?.length) {
    facts.push(['Tags', job.tags.map(t => h('span', { class: 'tag' }, t))]);
  }
  patch(card,
    progress(job),
    job.error_message ? h('div', { class: 'alert', style: 'margin-top:1rem' }, h('strong', {}, 'Training failed'),
      job.error_message) : null,
    job.description ? h('p', {}, job.description) : null,
    h('dl', { class: 'facts', style: 'margin-top:1rem' }, facts.map(([k, v]) =>
      h('div', {}, h('dt', {}, k), h('dd', {}, v)))),
    h('h3', { style: 'margin-top:1rem' }, 'Final metrics'), metricTiles(job.final_metrics),
    h('details', {}, h('summary', {}, 'Hyperparameters'),
      h('dl', { class: 'facts' }, Object.entries(job.hyperparameters || {}).map(([k, v]) =>
        h('div', {}, h('dt', {}, k), h('dd', { class: 'mono' }, Array.isArray(v) ? `[${v.join(', ')}]` : String(v)))))));
}

/** Consecutive progress reports ("running" events) are folded into one entry to keep the timeline short. */
function renderTimeline(box, events) {
  if (!events.length) {
    clear(box, empty('No events yet.'));
    return;
  }
  const entries = [];
  for (const event of events) {
    const previous = entries[entries.length - 1];
    if (previous && event.type === 'running' && previous.event.type === 'running') {
      previous.folded += 1;
      previous.last = event;
    } else {
      entries.push({ event, last: event, folded: 1 });
    }
  }
  patch(box, h('ol', { class: 'timeline', id: 'job-timeline' }, entries.map(({ event, last, folded }) =>
    h('li', { dataset: { status: event.status || event.type } },
      h('strong', {}, event.type.replaceAll('_', ' ')),
      folded > 1 ? h('span', { class: 'muted small' }, ` · ${folded} progress reports`) : null,
      last.message ? h('div', {}, last.message) : null,
      h('div', { class: 'when' }, time(event.occurred_at), folded > 1 ? ` – ${time(last.occurred_at)}` : '')))));
}

function renderLogs(box, lines) {
  if (!lines.length) {
    clear(box, empty('No log lines yet: the worker ships them once it picks the job up.'));
    return;
  }
  const pre = h('pre', { class: 'logs', id: 'job-logs' }, lines.map(l => h('span', { class: `lvl-${l.level}` },
    `${new Date(l.occurred_at).toLocaleTimeString()} ${l.level.padEnd(5)} ${l.message}\n`)));
  const atBottom = !box.firstChild || box.firstChild.scrollTop + box.firstChild.clientHeight
    >= box.firstChild.scrollHeight - 4;
  patch(box, pre);
  if (atBottom) {
    box.firstChild.scrollTop = box.firstChild.scrollHeight;
  }
}

function renderLineage(box, run) {
  const node = (kind, title, detail) => h('div', { class: 'node' }, h('div', { class: 'k' }, kind),
    h('div', {}, title), detail ? h('div', { class: 'muted small' }, detail) : null);
  const inputs = run.inputs?.length ? run.inputs.map(d => node('input dataset', d.name, d.namespace))
    : [node('input dataset', '–')];
  const outputs = run.outputs?.length ? run.outputs.map(d => {
    const version = d.facets?.trainyard_model_version;
    return node('output model', d.name, version ? `${version.name ?? ''} version ${version.version}` : d.namespace);
  }) : [node('output model', 'none yet')];
  patch(box, h('div', { class: 'lineage', id: 'job-lineage' },
    h('div', { style: 'flex:1; display:flex; flex-direction:column; gap:.5rem' }, inputs),
    h('span', { class: 'arrow' }, '→'),
    node('run', `${run.job?.namespace ?? ''}/${run.job?.name ?? ''}`, `${run.state} · ${time(run.started_at)}`),
    h('span', { class: 'arrow' }, '→'),
    h('div', { style: 'flex:1; display:flex; flex-direction:column; gap:.5rem' }, outputs)),
    run.error_message ? h('p', { class: 'alert' }, run.error_message) : null);
}
