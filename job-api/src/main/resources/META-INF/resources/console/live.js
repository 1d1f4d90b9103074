// Live updates: the job API's server-sent events when it offers them, otherwise polling. A stream event
// only says "something changed"; the views then re-read the REST resources instead of computing state here.

const POLL_MS = 3000;
const COALESCE_MS = 400;
// A job's metrics and lineage are projected by other services, and the registry's lineage event follows the
// outcome through the outbox: they settle a few seconds after the job's last stream event.
const SETTLE_MS = [1000, 3000, 6000, 10000];
const RECENT_MS = 60000;
const EVENT_TYPES = ['training_started', 'training_progress', 'training_metric', 'training_completed',
  'training_failed', 'training_cancelled', 'training_paused', 'training_requeued'];

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
 * Calls onChange (with the parsed event, or nothing when polling) whenever the resource behind streamUrl
 * may have changed, at most every COALESCE_MS. Returns a function that stops watching.
 */
export function watch(streamUrl, onChange) {
  let stopped = false;
  let timer = null;
  let pending = null;
  let lastEvent;
  const self = {};
  const fire = event => {
    lastEvent = event;
    if (pending || stopped) {
      return;
    }
    pending = setTimeout(() => {
      pending = null;
      if (!stopped) {
        onChange(lastEvent);
      }
    }, COALESCE_MS);
  };
  const poll = () => {
    showMode(self, 'polling');
    timer ??= setInterval(() => !stopped && onChange(), POLL_MS);
  };
  let source = null;
  if (typeof EventSource === 'function') {
    source = new EventSource(streamUrl);
    const handle = e => {
      let event;
      try {
        event = JSON.parse(e.data);
      } catch (ignored) {
        event = undefined;
      }
      fire(event);
    };
    EVENT_TYPES.forEach(type => source.addEventListener(type, handle));
    source.onmessage = handle;
    source.onopen = () => {
      clearInterval(timer);
      timer = null;
      showMode(self, 'sse');
    };
    // CLOSED: the API has no stream here (or refused it): poll for good. CONNECTING: the browser is
    // reconnecting by itself; poll meanwhile so nothing is missed.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        source.close();
      }
      poll();
    };
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
 * Runs load() now and again on every change, never twice at once (a change during a load runs it once
 * more afterwards). Returns {refresh, stop}.
 */
export function refresher(load) {
  let running = false;
  let again = false;
  const refresh = async () => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await load();
    } finally {
      running = false;
      if (again) {
        again = false;
        refresh();
      }
    }
  };
  return refresh;
}

/**
 * For a job that finished within the last minute, calls refresh a few more times while the read models
 * of the other services catch up (no stream event tells when). Returns a function that cancels them.
 */
export function settle(refresh, finishedAt) {
  const age = Date.now() - Date.parse(finishedAt);
  const timers = age < RECENT_MS ? SETTLE_MS.map(ms => setTimeout(refresh, ms)) : [];
  return () => timers.forEach(clearTimeout);
}
