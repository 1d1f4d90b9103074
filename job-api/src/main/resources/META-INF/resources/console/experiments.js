// Experiments tab: the tenant's experiments with a create form, and one experiment's runs side by side from
// GET /training/compare: metric columns that rank the whole experiment on the server, the chosen runs' curves
// overlaid, and a scatter of a hyperparameter against a final metric.
import { get, send } from './api.js';
import {
  h, clear, field, time, duration, formatNumber, formatValue, statusBadge, loading, empty, failure, toast,
  showProblem, resetProblem, replaceQuery,
} from './ui.js';
import { createChart, createScatter } from './charts.js';

const OVERLAID_BY_DEFAULT = 5;

export function experimentsView(root) {
  const list = h('div', { class: 'table-wrap', id: 'experiments-table' }, loading('Loading experiments…'));
  const name = h('input', { id: 'experiment-name', required: true, maxlength: 128, autocomplete: 'off' });
  const description = h('input', { id: 'experiment-description', maxlength: 2000, autocomplete: 'off' });
  const tags = h('input', { id: 'experiment-tags', autocomplete: 'off', placeholder: 'comma-separated' });
  const fields = {
    name: field('Name', name, 'Unique in your team', { 'data-field': 'name' }),
    description: field('Description', description, null, { 'data-field': 'description' }),
    tags: field('Tags', tags, null, { 'data-field': 'tags' }),
  };
  const form = h('form', { class: 'card inline-form', id: 'experiment-form', novalidate: true },
    h('div', { class: 'alert', role: 'alert', hidden: true }),
    h('div', { class: 'fields' }, Object.values(fields)),
    h('button', { type: 'submit', class: 'primary', id: 'create-experiment' }, 'Create experiment'));
  root.append(h('section', { id: 'experiments-view' },
    h('div', { class: 'view-head' }, h('h1', {}, 'Experiments')), form, list));

  form.addEventListener('submit', async event => {
    event.preventDefault();
    resetProblem(form);
    const body = { name: name.value.trim(), description: description.value.trim() || undefined,
      tags: tags.value.split(',').map(t => t.trim()).filter(Boolean) };
    try {
      const { data } = await send('POST', '/api/v1/experiments', body);
      toast(`Experiment ${data.name} created`);
      form.reset();
      load();
    } catch (e) {
      showProblem(form, e, path => fields[path.split(/[.[]/)[0]]);
    }
  });

  const load = async () => {
    let experiments;
    try {
      experiments = (await get('/api/v1/experiments')).items;
    } catch (e) {
      clear(list, failure(e, load));
      return;
    }
    if (!experiments.length) {
      clear(list, empty('No experiments yet. Create one, then name it in a job (experiment or experiment_id).'));
      return;
    }
    clear(list, h('table', { class: 'cards' },
      h('thead', {}, h('tr', {}, ['Experiment', 'Description', 'Tags', 'Runs', 'Latest run', 'Created']
        .map(t => h('th', {}, t)))),
      h('tbody', {}, experiments.map(x => h('tr', { dataset: { experimentId: x.id } },
        h('td', { 'data-label': 'Experiment' }, h('a', { href: `#/experiments/${x.id}`, class: 'name' }, x.name)),
        h('td', { 'data-label': 'Description' }, x.description || h('span', { class: 'muted' }, '–')),
        h('td', { 'data-label': 'Tags' }, x.tags.map(t => h('span', { class: 'tag' }, t))),
        h('td', { 'data-label': 'Runs', class: 'num' }, formatNumber(x.runs)),
        h('td', { 'data-label': 'Latest run', class: 'num' }, time(x.latest_run_at)),
        h('td', { 'data-label': 'Created', class: 'num' }, time(x.created_at)))))));
  };
  load();
  return () => {};
}

export function experimentView(root, id, params) {
  const head = h('div', { class: 'view-head' }, h('h1', {}, 'Experiment'));
  const table = h('div', { class: 'table-wrap', id: 'experiment-runs' }, loading('Loading runs…'));
  const curveMetric = h('select', { id: 'curve-metric', 'aria-label': 'Metric per epoch' });
  const scatterParameter = h('select', { id: 'scatter-parameter', 'aria-label': 'Hyperparameter' });
  const scatterMetric = h('select', { id: 'scatter-metric', 'aria-label': 'Final metric' });
  const curves = h('div', { class: 'chart', id: 'chart-curves' });
  const scatter = h('div', { class: 'chart', id: 'chart-scatter' });
  root.append(h('section', { id: 'experiment-view' }, head, table,
    h('div', { class: 'charts' },
      h('div', { class: 'card chart-card' }, h('h2', {}, 'Chosen runs per epoch'),
        field('Metric', curveMetric), curves),
      h('div', { class: 'card chart-card' }, h('h2', {}, 'Hyperparameter against a final metric'),
        h('div', { class: 'pickers' }, field('Hyperparameter', scatterParameter), field('Final metric', scatterMetric)),
        scatter))));
  const curveChart = createChart(curves, { yName: '' });
  const scatterChart = createScatter(scatter);

  let sortBy = params.get('sort_by') || '';
  let order = params.get('order') || '';
  let comparison = null;
  let chosen = null;  // the job ids whose curves are overlaid; the first few runs until the user picks

  const names = () => new Map(comparison.runs.map(r => [r.job_id, r.name]));

  const drawCurves = () => {
    const metric = curveMetric.value;
    const series = comparison?.series;
    if (!series || !metric) {
      curveChart.update([]);
      return;
    }
    const byJob = names();
    curveChart.update(series.runs.filter(r => chosen.has(r.job_id)).map(r => ({
      name: byJob.get(r.job_id),
      data: series.epochs.map((epoch, i) => [epoch, r.metrics[metric]?.[i] ?? null]).filter(([, v]) => v != null),
    })), { percent: metric.includes('accuracy') });
  };

  const drawScatter = () => {
    const parameter = comparison?.hyperparameters.find(p => p.name === scatterParameter.value);
    const metric = scatterMetric.value;
    if (!parameter || !metric) {
      scatterChart.update({ xName: '', yName: '', points: [] });
      return;
    }
    scatterChart.update({ xName: parameter.name, yName: metric, points: comparison.runs.map((run, i) => ({
      name: run.name, x: parameter.values[i], y: run.final_metrics?.[metric] })).filter(p => p.x != null && p.y != null) });
  };

  const options = (select, values, preferred) => {
    const keep = values.includes(select.value) ? select.value : values.includes(preferred) ? preferred : values[0];
    clear(select, values.map(v => h('option', { value: v }, v)));
    select.value = keep ?? '';
  };

  const sortButton = metric => {
    const active = comparison.sort_by === metric;
    const arrow = !active ? '' : comparison.direction === 'lower_is_better' ? ' ▲' : ' ▼';
    return h('button', { type: 'button', class: 'link', 'data-sort': metric, 'aria-pressed': String(active),
      title: `Rank the whole experiment by ${metric}`,
      onclick: () => {
        // A second click on the active column turns its order round; a new column starts in its own direction.
        order = active ? (comparison.direction === 'lower_is_better' ? 'desc' : 'asc') : '';
        sortBy = metric;
        replaceQuery(new URLSearchParams({ sort_by: sortBy, order }));
        load();
      } }, metric + arrow);
  };

  const renderTable = () => {
    const metrics = [...new Set(comparison.runs.flatMap(r => Object.keys(r.final_metrics || {})))].sort();
    const differing = comparison.hyperparameters.filter(p => p.differs);
    const toggle = (jobId, on) => {
      if (on) {
        chosen.add(jobId);
      } else {
        chosen.delete(jobId);
      }
      drawCurves();
    };
    clear(table, h('table', { class: 'cards', id: 'runs-table' },
      h('thead', {}, h('tr', {}, h('th', {}, 'Overlay'), h('th', {}, 'Rank'), h('th', {}, 'Run'), h('th', {}, 'Status'),
        differing.map(p => h('th', {}, p.name)), metrics.map(m => h('th', { class: 'num' }, sortButton(m))),
        h('th', { class: 'num' }, 'Best epoch'), h('th', { class: 'num' }, 'Duration'))),
      h('tbody', {}, comparison.runs.map((run, i) => h('tr', { dataset: { jobId: run.job_id } },
        h('td', {}, h('input', { type: 'checkbox', 'aria-label': `Overlay ${run.name}`, checked: chosen.has(run.job_id),
          onchange: e => toggle(run.job_id, e.target.checked) })),
        h('td', { 'data-label': 'Rank', class: 'num' }, run.rank ?? '–'),
        h('td', { 'data-label': 'Run' }, h('a', { href: `#/jobs/${run.job_id}`, class: 'name' }, run.name),
          h('div', { class: 'muted small' }, run.model_family)),
        h('td', { 'data-label': 'Status' }, statusBadge(run.status)),
        differing.map(p => h('td', { 'data-label': p.name, class: 'mono' }, formatValue(p.values[i]))),
        metrics.map(m => h('td', { 'data-label': m, 'data-metric': m, class: 'num' },
          formatNumber(run.final_metrics?.[m]))),
        h('td', { 'data-label': 'Best epoch', class: 'num' }, run.best_epoch ?? '–'),
        h('td', { 'data-label': 'Duration', class: 'num' }, duration(run.duration_seconds)))))),
    h('p', { class: 'muted small' }, comparison.runs_considered > comparison.runs.length
      ? `The best ${comparison.runs.length} of ${comparison.runs_considered} runs` + (comparison.sort_by
        ? ` by ${comparison.sort_by}.` : '; rank them by a metric to see the best.')
      : `${comparison.runs.length} runs.`,
    comparison.series_error ? ` Curves unavailable: ${comparison.series_error}` : ''));
    options(curveMetric, Object.keys(comparison.series?.runs[0]?.metrics || {}).sort(), comparison.sort_by || 'val_loss');
    options(scatterParameter, comparison.hyperparameters.filter(p => p.differs).map(p => p.name));
    options(scatterMetric, metrics, comparison.sort_by || metrics.find(m => m.startsWith('val_')) || metrics[0]);
    drawCurves();
    drawScatter();
  };

  const load = async () => {
    try {
      const [experiment, answer] = await Promise.all([get(`/api/v1/experiments/${encodeURIComponent(id)}`),
        get('/api/v1/training/compare', { experiment_id: id, sort_by: sortBy, order: sortBy ? order : '' })]);
      clear(head, h('h1', {}, experiment.name), experiment.tags.map(t => h('span', { class: 'tag' }, t)),
        h('span', { class: 'spacer' }), h('span', { class: 'muted' }, experiment.description || ''));
      comparison = answer;
    } catch (e) {
      clear(table, failure(e, load));
      return;
    }
    if (!comparison.runs.length) {
      clear(table, empty('No runs in this experiment yet: name it when you create a job.'));
      return;
    }
    const ids = new Set(comparison.runs.map(r => r.job_id));
    chosen = chosen ? new Set([...chosen].filter(j => ids.has(j)))
      : new Set(comparison.runs.slice(0, OVERLAID_BY_DEFAULT).map(r => r.job_id));
    renderTable();
  };
  curveMetric.addEventListener('change', drawCurves);
  scatterParameter.addEventListener('change', drawScatter);
  scatterMetric.addEventListener('change', drawScatter);
  load();
  return () => {
    curveChart.dispose();
    scatterChart.dispose();
  };
}
