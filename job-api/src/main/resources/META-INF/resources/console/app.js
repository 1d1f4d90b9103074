// The console's router: #/jobs, #/jobs/<id>, #/metrics?a=<id>&b=<id>, #/experiments, #/experiments/<id>,
// #/searches, #/searches/<id>, #/schedules, #/models. Each view renders into
// <main> and returns a function that stops its timers and streams when the user navigates away.
import { jobsView, jobDetailView } from './jobs.js';
import { metricsView } from './metrics.js';
import { modelsView } from './models.js';
import { experimentsView, experimentView } from './experiments.js';
import { schedulesView } from './schedules.js';
import { searchesView, searchView } from './searches.js';
import { askForToken, showIdentity, takeTokenFromUrl, token } from './auth.js';

const main = document.getElementById('view');
let stopCurrent = () => {};

function parseHash() {
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  return { parts, params: new URLSearchParams(query) };
}

function route() {
  stopCurrent();
  const { parts, params } = parseHash();
  const tab = ['jobs', 'metrics', 'experiments', 'searches', 'schedules', 'models'].includes(parts[0]) ? parts[0] : 'jobs';
  document.querySelectorAll('.tabs a').forEach(a => {
    if (a.dataset.tab === tab) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  });
  main.replaceChildren();
  if (tab === 'jobs' && parts[1]) {
    stopCurrent = jobDetailView(main, parts[1]);
  } else if (tab === 'jobs') {
    stopCurrent = jobsView(main, params);
  } else if (tab === 'metrics') {
    stopCurrent = metricsView(main, params);
  } else if (tab === 'experiments' && parts[1]) {
    stopCurrent = experimentView(main, parts[1], params);
  } else if (tab === 'experiments') {
    stopCurrent = experimentsView(main);
  } else if (tab === 'searches' && parts[1]) {
    stopCurrent = searchView(main, parts[1]);
  } else if (tab === 'searches') {
    stopCurrent = searchesView(main);
  } else if (tab === 'schedules') {
    stopCurrent = schedulesView(main, params);
  } else {
    stopCurrent = modelsView(main, params);
  }
  document.title = `${tab[0].toUpperCase()}${tab.slice(1)} · Trainyard`;
}

takeTokenFromUrl();
showIdentity();
if (!token()) {
  askForToken();
}
window.addEventListener('hashchange', route);
if (!location.hash) {
  history.replaceState(null, '', '#/jobs');
}
route();
