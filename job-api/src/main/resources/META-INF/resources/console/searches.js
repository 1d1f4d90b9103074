// Searches tab: the tenant's hyperparameter searches, and one search's trials with their status, hyperparameters
// and metric, the best so far, and the metric per trial on a chart; re-read every few seconds while it runs.
import { get, send } from './api.js';
import {
  h, clear, patch, time, formatNumber, formatValue, statusBadge, loading, empty, failure, toast, confirm,
} from './ui.js';
import { createScatter } from './charts.js';

const REFRESH_MS = 3000;
const searchUrl = id => `/api/v1/searches/${encodeURIComponent(id)}`;

export function searchesView(root) {
  const list = h('div', { class: 'table-wrap', id: 'searches-table' }, loading('Loading searches…'));
  root.append(h('section', { id: 'searches-view' },
    h('div', { class: 'view-head' }, h('h1', {}, 'Searches'), h('span', { class: 'spacer' }),
      h('span', { class: 'muted small' }, 'Start one with POST /api/v1/searches (README, “Hyperparameter search”).')),
    list));
  const load = async () => {
    let searches;
    try {
      searches = (await get('/api/v1/searches')).items;
    } catch (e) {
      clear(list, failure(e, load));
      return;
    }
    if (!searches.length) {
      clear(list, empty('No searches yet.'));
      return;
    }
    clear(list, h('table', { class: 'cards' },
      h('thead', {}, h('tr', {}, ['Search', 'Status', 'Strategy', 'Metric', 'Trials', 'Created']
        .map(t => h('th', {}, t)))),
      h('tbody', {}, searches.map(s => h('tr', { dataset: { searchId: s.id, status: s.status } },
        h('td', { 'data-label': 'Search' }, h('a', { href: `#/searches/${s.id}`, class: 'name' }, s.name),
          h('div', { class: 'muted small' }, s.model_family)),
        h('td', { 'data-label': 'Status' }, statusBadge(s.status)),
        h('td', { 'data-label': 'Strategy' }, s.strategy, s.early_stopping ? ' + ASHA' : ''),
        h('td', { 'data-label': 'Metric' }, `${s.metric} (${s.direction === 'lower_is_better' ? 'lower' : 'higher'} `
          + 'is better)'),
        h('td', { 'data-label': 'Trials', class: 'num' }, `max ${s.budget.max_trials}`),
        h('td', { 'data-label': 'Created', class: 'num' }, time(s.created_at)))))));
  };
  load();
  return () => {};
}

export function searchView(root, id) {
  const head = h('div', { class: 'view-head' }, h('h1', {}, 'Search'));
  const summary = h('div', { class: 'card', id: 'search-summary' }, loading('Loading the search…'));
  const trials = h('div', { class: 'table-wrap', id: 'search-trials' });
  const chartBox = h('div', { class: 'chart', id: 'chart-trials' });
  root.append(h('section', { id: 'search-view' }, head, summary, trials,
    h('div', { class: 'card chart-card' }, h('h2', {}, 'Metric per trial'), chartBox)));
  const chart = createScatter(chartBox);
  let timer = null;

  const cancel = async search => {
    const ok = await confirm({ title: `Cancel ${search.name}?`, message: 'Its running trials are cancelled; '
      + 'finished ones stay. This cannot be undone.', confirmLabel: 'Cancel search' });
    if (!ok) {
      return;
    }
    try {
      await send('POST', `${searchUrl(id)}/cancel`);
      toast(`Search ${search.name} cancelled`);
    } catch (e) {
      toast(e.message, 'error');
    }
    load();
  };

  const render = search => {
    clear(head, h('h1', {}, search.name), statusBadge(search.status), h('span', { class: 'spacer' }),
      search.status === 'running' ? h('button', { type: 'button', class: 'danger', 'data-action': 'cancel-search',
        onclick: () => cancel(search) }, 'Cancel search') : null);
    const best = search.best;
    patch(summary, h('div', { class: 'metric-tiles' },
      tile('Strategy', search.strategy + (search.early_stopping ? ' + ASHA' : '')),
      tile('Trials', `${search.trials_started} / ${search.budget.max_trials}`),
      tile('Running', search.trials_running),
      tile(`Best ${search.metric}`, best ? formatNumber(best.value) : '–', 'search-best'),
      tile('Best trial', best ? `#${best.number}` : '–'),
      tile('Model', search.best_model_version ? `${search.model_name} v${search.best_model_version} (best)`
        : search.model_name)),
    search.message ? h('p', { class: 'muted small' }, search.message) : null);
    const names = Object.keys(search.space);
    patch(trials, h('table', { class: 'cards', id: 'trials-table' },
      h('thead', {}, h('tr', {}, ['Trial', 'Status', ...names, search.metric, 'Epochs', '']
        .map(t => h('th', {}, t)))),
      h('tbody', {}, search.trials.map(t => h('tr', { 'data-key': t.number, dataset: { trial: t.number,
        best: String(best?.number === t.number) } },
        h('td', { 'data-label': 'Trial', class: 'num' }, `#${t.number}`, best?.number === t.number
          ? h('span', { class: 'tag' }, 'best') : null),
        h('td', { 'data-label': 'Status' }, t.status ? statusBadge(t.status) : '–',
          t.stopped_at_epoch ? h('div', { class: 'muted small' }, `stopped early at epoch ${t.stopped_at_epoch}`) : null),
        names.map(n => h('td', { 'data-label': n, class: 'mono' }, formatValue(t.params[n]))),
        h('td', { 'data-label': search.metric, class: 'num', 'data-metric': search.metric }, formatNumber(t.value)),
        h('td', { 'data-label': 'Epochs', class: 'num' }, t.epochs ?? '–'),
        h('td', {}, h('a', { href: `#/jobs/${t.job_id}`, class: 'small' }, 'Job')))))));
    chart.update({ xName: 'trial', yName: search.metric, points: search.trials.filter(t => t.value != null)
      .map(t => ({ name: `#${t.number}`, x: t.number, y: t.value })) });
  };

  const load = async () => {
    clearTimeout(timer);
    try {
      const search = await get(searchUrl(id));
      render(search);
      if (search.status === 'running') {
        timer = setTimeout(load, REFRESH_MS);
      }
    } catch (e) {
      clear(summary, failure(e, load));
    }
  };
  load();
  return () => {
    clearTimeout(timer);
    chart.dispose();
  };
}

function tile(k, v, id) {
  return h('div', { class: 'tile', id }, h('div', { class: 'k' }, k), h('div', { class: 'v' }, String(v)));
}
