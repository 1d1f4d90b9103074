// Models tab: the registry with its versions, and the export and import dialogs for .trainyard bundles.
import { get, upload, download } from './api.js';
import {
  h, clear, field, time, formatNumber, loading, empty, failure, toast, showProblem, resetProblem, modalForm,
  uploadProgress, fileForm,
} from './ui.js';

const modelUrl = name => `/api/v1/models/${encodeURIComponent(name)}`;

export function modelsView(root, params) {
  const list = h('div', { class: 'table-wrap', id: 'models-table' }, loading('Loading the model registry…'));
  const expanded = new Set(params.get('name') ? [params.get('name')] : []);
  root.append(h('section', { id: 'models-view' },
    h('div', { class: 'view-head' }, h('h1', {}, 'Model registry'), h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'primary', id: 'import-model',
        onclick: () => openImportDialog(imported => {
          expanded.add(imported.name);
          load();
        }) }, '⇪ Import bundle')),
    list));

  const load = async () => {
    let models;
    try {
      models = (await get('/api/v1/models')).items;
    } catch (e) {
      clear(list, failure(e, load));
      return;
    }
    if (!models.length) {
      clear(list, empty('No models registered yet. Every succeeded training job registers one; you can also '
        + 'import a .trainyard bundle.'));
      return;
    }
    const rows = [];
    for (const model of models) {
      const open = expanded.has(model.name);
      const latest = model.latest;
      rows.push(h('tr', { dataset: { model: model.name } },
        h('td', { 'data-label': 'Model' }, h('div', {}, h('span', { class: 'name' }, model.name),
          Object.keys(model.aliases || {}).length ? h('div', {}, Object.entries(model.aliases).map(([a, v]) =>
            h('span', { class: 'tag' }, `${a} → v${v}`))) : null)),
        h('td', { 'data-label': 'Latest', class: 'num' }, `v${model.latest_version}`),
        h('td', { 'data-label': 'Versions', class: 'num' }, formatNumber(model.version_count)),
        h('td', { 'data-label': 'Family' }, latest?.model_family ?? '–'),
        h('td', { 'data-label': 'Parameters', class: 'num' }, formatNumber(latest?.parameter_count)),
        h('td', { 'data-label': 'Final metrics' }, metricsText(latest?.metrics)),
        h('td', { 'data-label': 'Updated', class: 'num' }, time(model.updated_at)),
        h('td', {}, h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'small', 'aria-expanded': String(open), 'data-action': 'versions',
            onclick: () => {
              if (open) {
                expanded.delete(model.name);
              } else {
                expanded.add(model.name);
              }
              load();
            } }, open ? 'Hide versions' : 'Versions'),
          latest ? h('button', { type: 'button', class: 'small', 'data-action': 'export',
            onclick: () => openExportDialog(latest) }, 'Export') : null))));
      if (open) {
        const cell = h('td', { colspan: 8 }, loading('Loading versions…'));
        rows.push(h('tr', { class: 'nested', dataset: { versionsOf: model.name } }, cell));
        get(`${modelUrl(model.name)}/versions`).then(r => clear(cell, versionsTable(r.items)),
          e => clear(cell, failure(e, load)));
      }
    }
    clear(list, h('table', { class: 'cards' },
      h('thead', {}, h('tr', {}, ['Model', 'Latest', 'Versions', 'Family', 'Parameters', 'Final metrics', 'Updated', '']
        .map(t => h('th', {}, t)))),
      h('tbody', {}, rows)));
  };
  load();
  return () => {};
}

function metricsText(metrics) {
  const entries = Object.entries(metrics || {});
  return entries.length
    ? h('span', { class: 'small' }, entries.map(([k, v]) => `${k} ${formatNumber(v)}`).join(' · '))
    : h('span', { class: 'muted' }, '–');
}

function versionsTable(versions) {
  if (!versions.length) {
    return empty('No versions.');
  }
  return h('table', { class: 'cards' },
    h('thead', {}, h('tr', {}, ['Version', 'Source', 'Job', 'Parameters', 'Metrics', 'Device', 'Created', '']
      .map(t => h('th', {}, t)))),
    h('tbody', {}, versions.map(v => h('tr', { dataset: { version: v.version } },
      h('td', { 'data-label': 'Version', class: 'num' }, `v${v.version}`,
        v.aliases?.map(a => h('span', { class: 'tag' }, a))),
      h('td', { 'data-label': 'Source' }, v.source ?? '–'),
      h('td', { 'data-label': 'Job' }, v.job_id ? h('a', { href: `#/jobs/${v.job_id}`, class: 'mono' },
        v.job_id.slice(0, 8)) : '–'),
      h('td', { 'data-label': 'Parameters', class: 'num' }, formatNumber(v.parameter_count)),
      h('td', { 'data-label': 'Metrics' }, metricsText(v.metrics)),
      h('td', { 'data-label': 'Device' }, v.device ?? '–'),
      h('td', { 'data-label': 'Created', class: 'num' }, time(v.created_at)),
      h('td', {}, h('div', { class: 'actions' }, h('button', { type: 'button', class: 'small', 'data-action': 'export',
        onclick: () => openExportDialog(v) }, 'Export')))))));
}

function openExportDialog(version) {
  const { dialog, form, body, submit } = modalForm('export-dialog', `Export ${version.name} v${version.version}`,
    'Download bundle');
  const check = (id, label, hint, checked) => {
    const input = h('input', { type: 'checkbox', id, name: id, checked });
    const box = h('div', { class: 'field', 'data-field': id },
      h('label', { class: 'check', for: id }, input, h('span', {}, label, h('span', { class: 'hint' }, hint))));
    return { input, box };
  };
  const config = check('include_config', 'Configuration', 'Family, hyperparameters, dataset and job.', true);
  const metrics = check('include_metrics', 'Metrics', 'Final metrics and the evaluation.', true);
  const normalization = check('include_normalization', 'Normalisation',
    'Feature standardisation and categories; an import needs them to predict.', true);
  const samples = check('include_samples', 'Samples', 'Rows of the training data with this version’s predictions.',
    false);
  const count = h('input', { type: 'number', id: 'num_samples', name: 'num_samples', min: 1, max: 10, step: 1,
    placeholder: 'server default', disabled: true });
  samples.input.addEventListener('change', () => { count.disabled = !samples.input.checked; });
  const description = h('textarea', { id: 'export-description', rows: 2, maxlength: 2000,
    placeholder: 'Saved in the bundle’s manifest' });
  const boxes = {
    include_config: config.box, include_metrics: metrics.box, include_normalization: normalization.box,
    include_samples: samples.box, num_samples: field('Number of samples (1–10)', count, null,
      { 'data-field': 'num_samples' }),
    description: field('Description', description, null, { 'data-field': 'description' }),
  };
  body.append(h('div', { class: 'alert', role: 'alert', hidden: true }),
    h('fieldset', {}, h('legend', {}, 'Include in the bundle'), config.box, metrics.box, normalization.box,
      samples.box, boxes.num_samples),
    boxes.description);
  dialog.showModal();

  form.onsubmit = async event => {
    event.preventDefault();
    resetProblem(form);
    const query = new URLSearchParams({
      include_config: config.input.checked, include_metrics: metrics.input.checked,
      include_normalization: normalization.input.checked, include_samples: samples.input.checked,
    });
    if (samples.input.checked && count.value !== '') {
      query.set('num_samples', count.value);
    }
    if (description.value.trim()) {
      query.set('description', description.value.trim());
    }
    submit.disabled = true;
    submit.textContent = 'Preparing…';
    try {
      const file = await download(`${modelUrl(version.name)}/versions/${version.version}/export?${query}`,
        `${version.name}-v${version.version}.trainyard`);
      dialog.close();
      toast(`Downloaded ${file}.`);
    } catch (e) {
      showProblem(form, e, name => boxes[name]);
      submit.disabled = false;
      submit.textContent = 'Download bundle';
    }
  };
}

function openImportDialog(onImported) {
  const { dialog, form, body, submit } = modalForm('import-dialog', 'Import a model bundle', 'Import');
  const file = h('input', { type: 'file', id: 'import-file', name: 'file', accept: '.trainyard,.zip' });
  const name = h('input', { id: 'import-name', name: 'name', placeholder: 'the name in the bundle', autocomplete: 'off' });
  const description = h('textarea', { id: 'import-description', rows: 2, maxlength: 2000 });
  const progress = uploadProgress('import-progress');
  const boxes = {
    file: field('Bundle (.trainyard)', file, 'A bundle exported from Trainyard. It is verified before anything '
      + 'is stored.', { 'data-field': 'file' }),
    name: field('Register as', name, 'Optional; a new version of this name.', { 'data-field': 'name' }),
    description: field('Description', description, null, { 'data-field': 'description' }),
  };
  body.append(h('div', { class: 'alert', role: 'alert', hidden: true, id: 'import-error' }),
    boxes.file, boxes.name, boxes.description, progress.box);
  dialog.showModal();

  form.onsubmit = async event => {
    event.preventDefault();
    const data = fileForm(form, file, boxes, 'choose a .trainyard bundle to import');
    if (!data) {
      return;
    }
    if (name.value.trim()) {
      data.append('name', name.value.trim());
    }
    if (description.value.trim()) {
      data.append('description', description.value.trim());
    }
    submit.disabled = true;
    try {
      const version = await upload('/api/v1/models/import', data, progress.show('Verifying the bundle…'));
      dialog.close();
      toast(`Imported as ${version.name} v${version.version}.`);
      onImported(version);
    } catch (e) {
      progress.hide();
      showProblem(form, e, n => boxes[n]);
      if (e.status === 422 || e.fieldErrors.some(f => f.field === 'file')) {
        // Say plainly that the file itself was refused, and why, above the form.
        const reason = e.message.replace(/^file: /, '');
        clear(form.querySelector('.alert'), h('strong', {}, 'This bundle was rejected; nothing was imported.'),
          `${reason[0].toUpperCase()}${reason.slice(1)}.`);
      }
      submit.disabled = false;
    }
  };
}
