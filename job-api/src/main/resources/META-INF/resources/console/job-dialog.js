// The "New training job" dialog. Its hyperparameter form is built from GET /model-families (types, ranges,
// defaults); the backend validates everything and its field errors are shown on the fields they name.
import { ApiError, get, send, modelFamilies } from './api.js';
import { h, clear, field, loading, failure, toast, showProblem, resetProblem, formatNumber } from './ui.js';

const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
// Shown folded under "More hyperparameters"; everything else (and every family-specific one) stays visible.
const ADVANCED = new Set(['momentum', 'weight_decay', 'lr_schedule', 'lr_step_size', 'lr_gamma', 'seed',
  'early_stopping_patience', 'checkpoint_every_n_epochs', 'max_runtime_seconds']);

export function openJobDialog({ onCreated }) {
  const body = h('div', { class: 'body' }, loading('Loading datasets and model families…'));
  const submit = h('button', { type: 'submit', class: 'primary', id: 'create-job', disabled: true }, 'Create job');
  const form = h('form', { method: 'dialog', novalidate: true },
    h('header', {}, h('h2', {}, 'New training job'),
      h('button', { type: 'button', class: 'close', 'aria-label': 'Close', onclick: () => dialog.close() }, '×')),
    body,
    h('footer', {}, h('button', { type: 'button', onclick: () => dialog.close() }, 'Cancel'), submit));
  const dialog = h('dialog', { id: 'job-dialog', 'aria-label': 'New training job' }, form);
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();

  const load = () => {
    clear(body, loading('Loading datasets and model families…'));
    Promise.all([get('/api/v1/datasets'), modelFamilies()])
      .then(([datasets, catalog]) => build(form, body, submit, datasets.items, catalog, dialog, onCreated))
      .catch(e => clear(body, failure(e, load)));
  };
  load();
}

function build(form, body, submit, datasets, { items: families, job_defaults: defaults }, dialog, onCreated) {
  const input = (id, attrs = {}) => h('input', { id, name: id, ...attrs });
  const name = input('job-name', { required: true, maxlength: 200, placeholder: 'e.g. iris-baseline', autocomplete: 'off' });
  const dataset = h('select', { id: 'job-dataset', required: true },
    datasets.length ? null : h('option', { value: '' }, 'No datasets registered'),
    datasets.map(d => h('option', { value: d.id },
      `${d.name} v${d.version} · ${d.task_type} · ${formatNumber(d.row_count)} rows · target ${d.target_column}`
        + (d.time_column ? ` · ordered by ${d.time_column}` : ''))));
  const family = h('select', { id: 'job-family', required: true },
    families.map(f => h('option', { value: f.name }, `${f.name} (${f.task_type})`)));
  const familyHint = h('div', { class: 'hint' });
  const priority = h('select', { id: 'job-priority' }, PRIORITIES.map(p => h('option', { value: p }, p)));
  priority.value = defaults.priority;
  const split = input('job-validation-split', { type: 'number', step: 'any', min: 0, max: 1,
    value: String(defaults.validation_split), inputmode: 'decimal' });
  const modelName = input('job-model-name', { placeholder: 'derived from the job name', autocomplete: 'off' });
  const tags = input('job-tags', { placeholder: 'comma separated, e.g. iris, baseline', autocomplete: 'off' });
  const description = h('textarea', { id: 'job-description', rows: 2, maxlength: 2000 });
  const hyper = h('div', {});
  const boxes = new Map();
  const top = (key, label, control, hint) => {
    const box = field(label, control, hint, { 'data-field': key });
    boxes.set(key, box);
    return box;
  };

  const firstMatching = () => {
    // Preselect a family of the chosen dataset's task; the backend still checks the pair.
    const task = datasets.find(d => d.id === dataset.value)?.task_type;
    return families.find(f => f.task_type === task)?.name;
  };
  let specs = [];
  const renderHyperparameters = () => {
    const chosen = families.find(f => f.name === family.value);
    familyHint.textContent = chosen?.description || '';
    specs = chosen?.hyperparameters || [];
    for (const key of [...boxes.keys()].filter(k => k.startsWith('hyperparameters.'))) {
      boxes.delete(key);
    }
    const fields = specs.map(spec => {
      const box = hyperparameterField(spec, chosen.defaults[spec.name]);
      boxes.set(`hyperparameters.${spec.name}`, box);
      return box;
    });
    clear(hyper, h('fieldset', {}, h('legend', {}, 'Hyperparameters'),
      h('div', { class: 'form-grid' }, fields.filter(f => !ADVANCED.has(f.dataset.name))),
      h('details', {}, h('summary', {}, 'More hyperparameters'),
        h('div', { class: 'form-grid' }, fields.filter(f => ADVANCED.has(f.dataset.name))))));
  };
  dataset.addEventListener('change', () => {
    family.value = firstMatching() ?? family.value;
    renderHyperparameters();
  });
  family.addEventListener('change', renderHyperparameters);
  family.value = firstMatching() ?? families[0]?.name;
  renderHyperparameters();

  const alert = h('div', { class: 'alert', role: 'alert', hidden: true, id: 'job-dialog-error' });
  const familyBox = top('model_family', 'Model family', family);
  familyBox.append(familyHint);
  clear(body, alert,
    h('div', { class: 'form-grid' },
      top('name', 'Job name', name),
      top('dataset_id', 'Dataset', dataset),
      familyBox,
      top('priority', 'Priority', priority, 'Higher priorities are started first.'),
      top('validation_split', 'Validation split', split, 'Share of rows held out for validation (0–1).'),
      top('model_name', 'Model name', modelName, 'Registry name the trained model is saved under.'),
      h('div', { class: 'wide' }, top('tags', 'Tags', tags)),
      h('div', { class: 'wide' }, top('description', 'Description', description))),
    hyper);
  submit.disabled = !datasets.length;
  name.focus();

  let idempotencyKey = crypto.randomUUID();
  form.onsubmit = async event => {
    event.preventDefault();
    resetProblem(form);
    const request = {
      name: name.value.trim(),
      dataset_id: dataset.value,
      model_family: family.value,
      hyperparameters: Object.fromEntries(specs.map(spec => [spec.name,
        readHyperparameter(spec, form.querySelector(`[name="hp-${spec.name}"]`))])
        .filter(([, v]) => v !== undefined)),
    };
    if (split.value !== '') {
      request.validation_split = Number(split.value);
    }
    if (modelName.value.trim()) {
      request.model_name = modelName.value.trim();
    }
    if (description.value.trim()) {
      request.description = description.value.trim();
    }
    const tagList = tags.value.split(',').map(t => t.trim()).filter(Boolean);
    if (tagList.length) {
      request.tags = tagList;
    }
    if (priority.value) {
      request.priority = priority.value;
    }
    submit.disabled = true;
    submit.textContent = 'Creating…';
    try {
      const { data } = await send('POST', '/api/v1/training/jobs', request, { 'Idempotency-Key': idempotencyKey });
      dialog.close();
      toast(`Job “${data.name}” queued: ${formatNumber(data.train_rows)} training, `
        + `${formatNumber(data.val_rows)} validation` + (data.test_rows ? ` and ${formatNumber(data.test_rows)} test`
        : '') + ' rows.');
      onCreated(data);
    } catch (e) {
      if (e instanceof ApiError && e.status > 0) {
        // The server answered, so no job was created under this key: the corrected request gets a new one.
        idempotencyKey = crypto.randomUUID();
      }
      showProblem(form, e, fieldName => boxes.get(fieldName)
        ?? boxes.get(fieldName.replace(/\[\d+]$/, ''))
        ?? boxes.get(`hyperparameters.${fieldName}`));
    } finally {
      submit.disabled = false;
      submit.textContent = 'Create job';
    }
  };
}

function hyperparameterField(spec, fallback) {
  const id = `hp-${spec.name}`;
  let control;
  const range = spec.minimum != null ? `${spec.minimum}–${spec.maximum}` : '';
  if (spec.type === 'string' && spec.allowed_values) {
    control = h('select', { id, name: id }, spec.allowed_values.map(v => h('option', { value: v }, v)));
    control.value = fallback ?? spec.allowed_values[0];
  } else if (spec.type === 'integer_list') {
    control = h('input', { id, name: id, value: Array.isArray(fallback) ? fallback.join(', ') : '',
      placeholder: 'none', autocomplete: 'off' });
  } else {
    control = h('input', { id, name: id, type: 'number', step: spec.type === 'integer' ? 1 : 'any',
      value: fallback ?? '', placeholder: 'family default' });
  }
  const hint = [spec.description, spec.type === 'integer_list'
    ? `comma separated, each ${range}, at most ${spec.max_items}` : range ? `range ${range}` : '']
    .filter(Boolean).join(' ');
  const box = field(spec.name, control, hint, { 'data-field': `hyperparameters.${spec.name}` });
  box.dataset.name = spec.name;
  return box;
}

/** The input as the JSON value the API expects; what is not a number is sent as typed, for the API to name. */
function readHyperparameter(spec, control) {
  const raw = control.value.trim();
  if (spec.type === 'integer_list') {
    return raw === '' ? [] : raw.split(/[\s,]+/).filter(Boolean).map(v => (Number.isFinite(Number(v)) ? Number(v) : v));
  }
  if (raw === '') {
    return undefined;
  }
  if (spec.type === 'integer' || spec.type === 'number') {
    return Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return raw;
}
