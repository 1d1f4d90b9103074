// Live updates: the job API's server-sent events when it offers them, otherwise polling. An event carries the
// job's new state (status, progress, epoch, ETA, outcome) or an epoch's metrics: views apply it as it comes and
// re-read over REST only what no event carries.
import { send } from './api.js';

const POLL_MS = 3000;
// First wait before a refused stream is tried again with a new ticket, doubling up to the most.
const RETRY_MS = 2000;
const MAX_RETRY_MS = 60000;
const COALESCE_MS = 400;
// Gaps between re-reads of a read model that follows a transition a few seconds late: lineage-service projects
// run events that the worker and the registry send through Kafka and the outbox, after the job's own event.
const SETTLE_MS = [1000, 2000, 3000, 4000];
const RECENT_MS = 60000;
const PROGRESS = 'training_progress';
const METRIC = 'training_metric';
const EVENT_TYPES = ['training_started', PROGRESS, METRIC, 'training_completed', 'training_failed',
  'training_cancelled', 'training_paused', 'training_requeued'];
export const TERMINAL = ['succeeded', 'failed', 'cancelled'];

// What each event says about its job, in the job resource's field names (undefined: it does not say).
const JOB_FIELDS = {
  training_started: d => ({ status: 'running', current_epoch: d.epoch, total_epochs: d.total_epochs || undefined,
    device: d.device, queue_position: null }),
  training_progress: d => ({ status: 'running', progress_percent: d.percent, current_epoch: d.epoch,
    total_epochs: d.total_epochs || undefined, eta_seconds: d.eta_seconds ?? null, device: d.device }),
  training_paused: d => ({ status: 'paused', progress_percent: d.percent, current_epoch: d.epoch, eta_seconds: null,
    pause_requested: false }),
  training_completed: d => ({ status: 'succeeded', progress_percent: 100, current_epoch: d.epoch,
    total_epochs: d.total_epochs || undefined, eta_seconds: null, final_metrics: d.final_metrics,
    model_uri: d.model_uri, model_name: d.model_name, model_version: d.model_version, best_epoch: d.best_epoch,
    stop_reason: d.stop_reason }),
  training_failed: d => ({ status: 'failed', current_epoch: d.epoch, eta_seconds: null, error_message: d.error }),
  training_cancelled: d => ({ status: 'cancelled', current_epoch: d.epoch, eta_seconds: null }),
  training_requeued: () => ({ status: 'queued', eta_seconds: null }),
};

/**
 * Merges what a live event says into job (as GET /jobs/{id} shows it); true when its status changed, so that
 * the view re-reads what the event does not say (timestamps, worker, counts). A finished job stays finished,
 * as on the server: an event replayed or delivered late does not move it back.
 */
export function applyEvent(job, event) {
  const fields = JOB_FIELDS[event.type]?.(event.data ?? {});
  if (!fields || TERMINAL.includes(job.status)) {
    return false;
  }
  const before = job.status;
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) {
      job[key] = value;
    }
  }
  return job.status !== before;
}

/** Whether the event changes no job's status (a report while running, or an epoch's metrics). */
export const quiet = event => event.type === PROGRESS || event.type === METRIC;

/** The epochs that training_metric events report, shaped as the items of GET /jobs/{id}/metrics. */
export const metricsOf = events => events.filter(e => e.type === METRIC).map(e => e.data);

/** Points merged by epoch, later lists winning (a run resumed from a checkpoint repeats epochs), in epoch order. */
export function byEpoch(...lists) {
  const points = new Map(lists.flat().map(p => [p.epoch, p]));
  return [...points.values()].sort((a, b) => a.epoch - b.epoch);
}

// What the header shows: live while any watcher has its stream, polling while any polls, nothing otherwise.
const modes = new Map();

function showMode(watcher, mode) {
  if (mode) {
    modes.set(watcher, mode);
  } else {
    modes.delete(watcher);
  }
  const el = document.getElementById('live-indicator');
  const all = [...modes.values()];
  const shown = all.includes('polling') ? 'polling' : all.length ? 'sse' : '';
  if (el) {
    el.dataset.mode = shown;
    el.textContent = shown === 'sse' ? 'Live' : shown === 'polling' ? 'Refreshing every 3 s' : '';
  }
}

/**
 * Calls onChange(events) with the live events that came since its last call, at most every COALESCE_MS, and
 * onChange(null) every POLL_MS while the stream is unavailable: then the view re-reads what it shows.
 * Returns a function that stops watching.
 */
export function watch(streamUrl, onChange) {
  let stopped = false;
  let timer = null;
  let pending = null;
  let received = [];
  const self = {};
  const fire = event => {
    received.push(event);
    if (pending || stopped) {
      return;
    }
    pending = setTimeout(() => {
      pending = null;
      const events = received;
      received = [];
      if (!stopped) {
        onChange(events);
      }
    }, COALESCE_MS);
  };
  const poll = () => {
    showMode(self, 'polling');
    timer ??= setInterval(() => !stopped && onChange(null), POLL_MS);
  };
  let source = null;
  let lastId = null;
  let retryMs = RETRY_MS;
  // EventSource cannot send the bearer token: it opens the stream with a short-lived ticket instead, and a new
  // one (resuming after the last event it got) whenever the browser gives up on the old stream.
  const connect = async () => {
    let ticket;
    try {
      ticket = (await send('POST', '/api/v1/live/tickets')).data.ticket;
    } catch (e) {
      poll();
      return;
    }
    if (stopped) {
      return;
    }
    const url = new URL(streamUrl, location.href);
    url.searchParams.set('ticket', ticket);
    if (lastId) {
      url.searchParams.set('last_event_id', lastId);
    }
    source = new EventSource(url);
    const handle = e => {
      let event;
      try {
        event = JSON.parse(e.data);
      } catch (ignored) {
        return;
      }
      lastId = e.lastEventId || lastId;
      fire(event);
    };
    EVENT_TYPES.forEach(type => source.addEventListener(type, handle));
    source.onmessage = handle;
    source.onopen = () => {
      clearInterval(timer);
      timer = null;
      retryMs = RETRY_MS;
      showMode(self, 'sse');
    };
    // CONNECTING: the browser is reconnecting by itself (with Last-Event-ID, so no event is lost); poll
    // meanwhile. CLOSED: the stream was refused (an expired ticket, or no stream here): poll, and try again
    // later with a new ticket, less often each time.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(() => !stopped && connect(), retryMs);
        retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
      }
      poll();
    };
  };
  if (typeof EventSource === 'function') {
    connect();
  } else {
    poll();
  }
  return () => {
    stopped = true;
    showMode(self, null);
    source?.close();
    clearInterval(timer);
    clearTimeout(pending);
  };
}

/**
 * Wraps load so that it never runs twice at once: a call during a run runs it once more afterwards. A call
 * resolves to what the run that covers it resolved to.
 */
export function refresher(load) {
  let running = null;
  let queued = null;
  const refresh = () => {
    if (!running) {
      running = Promise.resolve().then(load).finally(() => {
        running = null;
      });
      return running;
    }
    const next = () => {
      queued = null;
      return refresh();
    };
    queued ??= running.then(next, next);
    return queued;
  };
  return refresh;
}

/** Calls fn at most once every POLL_MS however often it is asked to. Returns {ask, cancel}. */
export function throttled(fn) {
  let timer = null;
  return {
    ask() {
      timer ??= setTimeout(() => {
        timer = null;
        fn();
      }, POLL_MS);
    },
    cancel: () => clearTimeout(timer),
  };
}

/**
 * After a transition at `since` (if within the last minute), calls reread a few times while another service's
 * read model catches up (no event tells when it has), until reread resolves to true. Returns a function that
 * cancels the rest.
 */
export function settle(reread, since) {
  let cancelled = false;
  let timer;
  const gaps = Date.now() - Date.parse(since) < RECENT_MS ? SETTLE_MS : [];
  const step = i => {
    if (!cancelled && i < gaps.length) {
      timer = setTimeout(async () => !cancelled && !await reread() && step(i + 1), gaps[i]);
    }
  };
  step(0);
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}
