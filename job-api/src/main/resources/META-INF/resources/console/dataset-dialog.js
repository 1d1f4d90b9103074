// The dataset upload dialog: a CSV with its name, target column, task type and optional time column, uploaded with a progress bar; the
// API's validation messages land on the fields they name (the file's own problems on the file).
import { upload } from './api.js';
import { h, field, toast, showProblem, modalForm, uploadProgress, fileForm } from './ui.js';

export function openUploadDialog(onUploaded) {
  const { dialog, form, body, submit } = modalForm('dataset-dialog', 'Upload a dataset', 'Upload');
  const file = h('input', { type: 'file', id: 'dataset-file', name: 'file', accept: '.csv,text/csv' });
  const name = h('input', { id: 'dataset-name', name: 'name', autocomplete: 'off',
    placeholder: 'the file name' });
  const target = h('input', { id: 'dataset-target', name: 'target_column', autocomplete: 'off' });
  const time = h('input', { id: 'dataset-time', name: 'time_column', autocomplete: 'off',
    placeholder: 'none' });
  const task = h('select', { id: 'dataset-task', name: 'task_type' },
    h('option', { value: 'classification' }, 'classification'), h('option', { value: 'regression' }, 'regression'));
  const progress = uploadProgress('dataset-progress');
  const boxes = {
    file: field('CSV file', file, 'A header row, then one row per example; checked in full before it is stored.',
      { 'data-field': 'file' }),
    name: field('Name', name, 'A name you used before registers the next version of it.', { 'data-field': 'name' }),
    target_column: field('Target column', target, 'The column the models predict.',
      { 'data-field': 'target_column' }),
    task_type: field('Task', task, null, { 'data-field': 'task_type' }),
    time_column: field('Time column (optional)', time, 'For time-ordered data: dates or timestamps; splits are then '
      + 'chronological and the forecaster families can train on it.', { 'data-field': 'time_column' }),
  };
  body.append(h('div', { class: 'alert', role: 'alert', hidden: true, id: 'dataset-error' }),
    boxes.file, boxes.name, boxes.target_column, boxes.task_type, boxes.time_column,
    progress.box);
  file.addEventListener('change', () => {
    if (file.files.length && !name.value.trim()) {
      name.value = file.files[0].name;
    }
  });
  dialog.showModal();

  form.onsubmit = async event => {
    event.preventDefault();
    const data = fileForm(form, file, boxes, 'choose a CSV file to upload');
    if (!data) {
      return;
    }
    data.append('name', name.value.trim() || file.files[0].name);
    data.append('target_column', target.value.trim());
    data.append('task_type', task.value);
    if (time.value.trim()) {
      data.append('time_column', time.value.trim());
    }
    submit.disabled = true;
    try {
      const dataset = await upload('/api/v1/datasets', data, progress.show('Checking every row…'));
      dialog.close();
      toast(`Registered ${dataset.name} version ${dataset.version}: ${dataset.row_count.toLocaleString()} rows.`);
      onUploaded(dataset);
    } catch (e) {
      progress.hide();
      showProblem(form, e, n => boxes[n.split(/[.[]/)[0]]);
      submit.disabled = false;
    }
  };
}
