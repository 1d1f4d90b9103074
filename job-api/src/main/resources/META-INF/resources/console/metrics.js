// Metrics tab: one job's curves, or two jobs compared; redrawn while a job runs.
import { get } from './api.js';
import { h, clear, patch, statusBadge, progress, time, loading, empty, failure, replaceQuery, metricTiles } from './ui.js';
import { watch, refresher, settle, applyEvent, metricsOf, byEpoch, TERMINAL } from './live.js';
import { createChart, lossSeries, qualitySeries, learningRateSeries } from './charts.js';

const jobUrl = id => `/api/v1/training/jobs/${encodeURIComponent(id)}`;

export function metricsView(root, params) {
  const picked = [params.get('a') || '', params.get('b') || ''];
  const selects = [
    h('select', { id: 'metrics-job-a', 'aria-label': 'Job' }),
    h('select', { id: 'metrics-job-b', 'aria-label': 'Compare with' }),
  ];
  const infos = [h('div', { class: 'picked', id: 'metrics-info-a' }), h('div', { class: 'picked', id: 'metrics-info-b' })];
  const message = h('div', {});
  const card = (id, title) => {
    const heading = h('h2', {}, title);
    const state = h('div', {});
    const box = h('div', { class: 'chart', id });
    return { heading, state, box, el: h('div', { class: 'card chart-card' }, heading, state, box) };
  };
  const cards = {
    loss: card('chart-loss', 'Loss (train / validation)'),
    quality: card('chart-accuracy', 'Accuracy (train / validation)'),
    lr: card('chart-lr', 'Learning rate (log scale)'),
  };
  const chartsBox = h('div', { class: 'charts', id: 'metrics-charts' }, Object.values(cards).map(c => c.el));
  const summaries = h('div', { class: 'pickers', id: 'metrics-summaries' });
  root.append(h('section', { id: 'metrics-view' },
    h('div', { class: 'view-head' }, h('h1', {}, 'Metrics')),
    h('div', { class: 'card pickers' },
      h('div', { class: 'field' }, h('label', { for: selects[0].id }, 'Job'), selects[0], infos[0]),
      h('div', { class: 'field' }, h('label', { for: selects[1].id }, 'Compare with (optional)'), selects[1], infos[1])),
    message, chartsBox, summaries));
  const charts = {
    loss: createChart(cards.loss.box, { yName: 'loss' }),
    quality: createChart(cards.quality.box, { yName: '' }),
    lr: createChart(cards.lr.box, { yName: 'rate', log: true }),
  };

  let watchers = [];
  let settling = null;
  let live = false;  // the last change came over the stream (not a poll)
  // Per picked job: the job, its epochs, and the events that came before the job's first read answered.
  let tracked = new Map();
  const stopWatching = () => {
    watchers.forEach(stop => stop());
    watchers = [];
  };

  const render = () => {
    const shown = [...tracked.values()].filter(t => t.job);
    const compare = shown.length > 1;
    shown.forEach(({ job }, i) => patch(infos[picked.indexOf(job.id)] ?? infos[i], statusBadge(job.status),
      progress(job), job.status === 'succeeded' ? null : h('span', { class: 'muted' }, `created ${time(job.created_at)}`)));
    const series = { loss: [], quality: [], lr: [] };
    shown.forEach(({ job, items }, i) => {
      const label = compare ? `${job.name} · ` : '';
      series.loss.push(...lossSeries(items, label, i));
      series.quality.push(...qualitySeries(items, label, i));
      series.lr.push(...learningRateSeries(items, label, i));
    });
    const withAccuracy = shown.filter(t => t.items.some(p => p.val_accuracy != null)).length;
    const anyEpochs = shown.some(t => t.items.length);
    cards.quality.heading.textContent = withAccuracy === shown.length ? 'Accuracy (train / validation)'
      : withAccuracy === 0 && anyEpochs ? 'Validation error (RMSE / MAE)' : 'Accuracy / validation error';
    const waiting = shown.some(t => !TERMINAL.includes(t.job.status));
    for (const [key, c] of Object.entries(cards)) {
      patch(c.state, anyEpochs ? null : empty(waiting ? 'No epoch has finished yet; the curves appear as training '
        + 'goes.' : 'This job recorded no epochs.'));
      c.box.hidden = !anyEpochs;
      charts[key].update(series[key], { percent: key === 'quality' && withAccuracy === shown.length });
    }
    patch(summaries, shown.map(({ job }) => h('div', { class: 'card' },
      h('h3', {}, h('a', { href: `#/jobs/${job.id}` }, job.name), ' · final metrics'), metricTiles(job.final_metrics))));
  };

  const load = async () => {
    const current = tracked;
    const picks = [...current.entries()];
    if (!picks.length) {
      chartsBox.hidden = true;
      summaries.replaceChildren();
      clear(message, empty('Pick a job to see its loss, accuracy and learning-rate curves.'));
      return;
    }
    let results;
    try {
      results = await Promise.all(picks.map(([id]) => Promise.all([get(jobUrl(id)), get(`${jobUrl(id)}/metrics`)])));
    } catch (e) {
      chartsBox.hidden = true;
      clear(message, failure(e, () => refresh()));
      return;
    }
    if (current !== tracked) {
      return;  // other jobs were picked meanwhile: the next run reads them
    }
    results.forEach(([job, metrics], i) => {
      const t = picks[i][1];
      t.early?.forEach(e => applyEvent(job, e));
      Object.assign(t, { job, items: byEpoch(t.items, metrics.items), early: null });
    });
    message.replaceChildren();
    chartsBox.hidden = false;
    render();
    // With the stream, the epochs and final metrics come in events. Without it, polling ends here and a few
    // more reads catch metrics-service's read model up.
    if (!live && results.every(([job]) => TERMINAL.includes(job.status))) {
      stopWatching();
      const lastFinished = results.map(([job]) => job.finished_at).sort().at(-1);
      settling ??= settle(refresh, lastFinished);
    }
  };
  const refresh = refresher(load);
  const onChange = id => events => {
    live = Boolean(events);
    const t = tracked.get(id);
    if (!events) {
      refresh();
      return;
    }
    t.items = byEpoch(t.items, metricsOf(events));
    if (t.job) {
      events.forEach(e => applyEvent(t.job, e));
      render();
    } else {
      t.early.push(...events);
    }
  };

  const restart = () => {
    stopWatching();
    settling?.();
    settling = null;
    live = false;
    replaceQuery(new URLSearchParams({ a: picked[0], b: picked[1] }));
    infos.forEach((info, i) => picked[i] || info.replaceChildren());
    tracked = new Map(picked.filter(Boolean).map(id => [id, { job: null, items: [], early: [] }]));
    refresh();
    watchers = [...tracked.keys()].map(id => watch(`${jobUrl(id)}/stream`, onChange(id)));
  };
  selects.forEach((select, i) => select.addEventListener('change', () => {
    picked[i] = select.value;
    restart();
  }));

  const loadOptions = async () => {
    selects.forEach(s => clear(s, h('option', { value: '' }, 'Loading jobs…')));
    try {
      const page = await get('/api/v1/training/jobs', { page_size: 100 });
      const jobs = page.items;
      // A job picked by link may be older than the newest hundred.
      for (const id of picked.filter(id => id && !jobs.some(j => j.id === id))) {
        jobs.push(await get(jobUrl(id)).catch(() => ({ id, name: `unknown job ${id.slice(0, 8)}`, status: '?' })));
      }
      const options = jobs.map(j => h('option', { value: j.id }, `${j.name} · ${j.status} · ${time(j.created_at)}`));
      clear(selects[0], h('option', { value: '' }, jobs.length ? 'Choose a job…' : 'No jobs yet'), options);
      clear(selects[1], h('option', { value: '' }, 'Nothing'), options.map(o => o.cloneNode(true)));
      selects.forEach((s, i) => { s.value = picked[i]; });
    } catch (e) {
      clear(message, failure(e, loadOptions));
    }
  };
  loadOptions();
  restart();
  return () => {
    stopWatching();
    settling?.();
    Object.values(charts).forEach(c => c.dispose());
  };
}
