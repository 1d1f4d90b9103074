// Schedules tab: the tenant's schedules with their next tick, pause and resume, and each one's recent runs.
import { get, send } from './api.js';
import { h, clear, time, statusBadge, loading, empty, failure, toast } from './ui.js';

const scheduleUrl = id => `/api/v1/schedules/${encodeURIComponent(id)}`;

export function schedulesView(root, params) {
  const list = h('div', { class: 'table-wrap', id: 'schedules-table' }, loading('Loading schedules…'));
  const expanded = new Set(params.get('id') ? [params.get('id')] : []);
  root.append(h('section', { id: 'schedules-view' },
    h('div', { class: 'view-head' }, h('h1', {}, 'Schedules'), h('span', { class: 'spacer' }),
      h('span', { class: 'muted small' }, 'Create them with POST /api/v1/schedules (README, “Schedules”).')),
    list));

  const setPaused = async (schedule, paused) => {
    try {
      await send('PATCH', scheduleUrl(schedule.id), { paused });
      toast(`${schedule.name} ${paused ? 'paused' : 'resumed'}`);
    } catch (e) {
      toast(e.message, 'error');
    }
    load();
  };

  const load = async () => {
    let schedules;
    try {
      schedules = (await get('/api/v1/schedules')).items;
    } catch (e) {
      clear(list, failure(e, load));
      return;
    }
    if (!schedules.length) {
      clear(list, empty('No schedules yet. A schedule retrains on a cron expression on the newest version of a '
        + 'dataset; create one with POST /api/v1/schedules.'));
      return;
    }
    const rows = [];
    for (const s of schedules) {
      const open = expanded.has(s.id);
      rows.push(h('tr', { dataset: { scheduleId: s.id, paused: String(s.paused) } },
        h('td', { 'data-label': 'Schedule' }, h('span', { class: 'name' }, s.name),
          h('div', { class: 'muted small' }, s.job.model_family)),
        h('td', { 'data-label': 'When', class: 'mono' }, `${s.cron}`, h('div', { class: 'muted small' }, s.time_zone)),
        h('td', { 'data-label': 'Dataset' }, s.dataset, h('div', { class: 'muted small' }, 'newest version')),
        h('td', { 'data-label': 'Next tick', class: 'num' }, s.paused ? statusBadge('paused')
          : time(s.next_tick_at)),
        h('td', { 'data-label': 'Promotes' }, s.promote ? `${s.promote.alias} by ${s.promote.metric}`
          : h('span', { class: 'muted' }, '–')),
        h('td', { 'data-label': 'Missed ticks' }, s.missed_ticks.replace('_', ' ')),
        h('td', {}, h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'small', 'data-action': s.paused ? 'resume' : 'pause',
            onclick: () => setPaused(s, !s.paused) }, s.paused ? 'Resume' : 'Pause'),
          h('button', { type: 'button', class: 'small', 'aria-expanded': String(open), 'data-action': 'runs',
            onclick: () => {
              if (open) {
                expanded.delete(s.id);
              } else {
                expanded.add(s.id);
              }
              load();
            } }, open ? 'Hide runs' : 'Runs')))));
      if (open) {
        const cell = h('td', { colspan: 7 }, loading('Loading runs…'));
        rows.push(h('tr', { class: 'nested', dataset: { runsOf: s.id } }, cell));
        get(`${scheduleUrl(s.id)}/runs`).then(r => clear(cell, runsTable(r.items)), e => clear(cell, failure(e, load)));
      }
    }
    clear(list, h('table', { class: 'cards' },
      h('thead', {}, h('tr', {}, ['Schedule', 'When', 'Dataset', 'Next tick', 'Promotes', 'Missed ticks', '']
        .map(t => h('th', {}, t)))),
      h('tbody', {}, rows)));
  };
  load();
  return () => {};
}

function runsTable(runs) {
  if (!runs.length) {
    return empty('No ticks yet.');
  }
  return h('table', { class: 'cards' },
    h('thead', {}, h('tr', {}, ['Tick', 'Job', 'Status', 'Model version', 'Missed before', 'Promotion']
      .map(t => h('th', {}, t)))),
    h('tbody', {}, runs.map(r => h('tr', { dataset: { tick: r.tick_at } },
      h('td', { 'data-label': 'Tick', class: 'num' }, time(r.tick_at)),
      h('td', { 'data-label': 'Job' }, r.job_id ? h('a', { href: `#/jobs/${r.job_id}`, class: 'mono' },
        r.job_id.slice(0, 8)) : h('span', { class: 'muted' }, `skipped: ${r.skipped}`)),
      h('td', { 'data-label': 'Status' }, r.job_status ? statusBadge(r.job_status) : '–'),
      h('td', { 'data-label': 'Model version', class: 'num' }, r.model_version ? `v${r.model_version}` : '–'),
      h('td', { 'data-label': 'Missed before', class: 'num' }, r.missed_ticks || '–'),
      h('td', { 'data-label': 'Promotion' }, r.promotion ?? h('span', { class: 'muted' }, '–'))))));
}
