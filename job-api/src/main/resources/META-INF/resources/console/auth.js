// The console's identity: a bearer token kept for this tab only (sessionStorage), taken from #token=... when
// ./run-local.sh's link opens the console (a fragment never reaches the server or its logs), or pasted into the
// sign-in form. Every API call sends it; a 401 asks for a new one.
const KEY = 'trainyard.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

/** What the token says about its holder, for display only: the API checks the signature, not this. */
export function who() {
  const t = token();
  try {
    const payload = JSON.parse(atob(t.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return { user: payload.upn || payload.preferred_username || payload.sub, tenant: payload.tenant,
      roles: payload.groups || [] };
  } catch (e) {
    return null;
  }
}

export function authorization() {
  const t = token();
  return t ? { Authorization: `Bearer ${t}` } : {};
}

/** Takes a token from the URL fragment (#token=...), then removes it from the address bar and history. */
export function takeTokenFromUrl() {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem(KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname + '#/jobs');
  }
}

function signOut() {
  sessionStorage.removeItem(KEY);
  showIdentity();
  askForToken('Signed out. Paste a bearer token to sign in again.');
}

/** The header's "user · tenant" with a sign-out button, or a sign-in button. */
export function showIdentity() {
  const el = document.getElementById('identity');
  const me = token() && who();
  el.replaceChildren();
  if (me) {
    const label = Object.assign(document.createElement('span'), {
      textContent: `${me.user} · ${me.tenant || 'all tenants'}`, title: `roles: ${me.roles.join(', ') || 'member'}` });
    const out = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Sign out',
      className: 'link-button' });
    out.addEventListener('click', signOut);
    el.append(label, out);
  } else {
    const signIn = Object.assign(document.createElement('button'), { type: 'button', textContent: 'Sign in',
      className: 'link-button' });
    signIn.addEventListener('click', () => askForToken());
    el.append(signIn);
  }
}

let dialog = null;
/** Opens the sign-in form; resolves once a token is stored (the page then reloads its view). */
export function askForToken(message) {
  if (dialog) {
    return;
  }
  dialog = document.createElement('dialog');
  dialog.className = 'sign-in';
  dialog.innerHTML = `<form method="dialog">
      <h2>Sign in</h2>
      <p class="hint"></p>
      <label>Bearer token <textarea name="token" rows="4" required spellcheck="false"
        placeholder="eyJ... (./run-local.sh prints one; or ask your identity provider)"></textarea></label>
      <div class="actions"><button type="submit" class="primary">Sign in</button></div>
    </form>`;
  dialog.querySelector('.hint').textContent = message
    || 'Trainyard needs a bearer token (JWT) naming you and your tenant.';
  dialog.querySelector('form').addEventListener('submit', () => {
    const value = dialog.querySelector('textarea').value.trim().replace(/^Bearer\s+/i, '');
    sessionStorage.setItem(KEY, value);
    dialog.remove();
    dialog = null;
    showIdentity();
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
  document.body.append(dialog);
  dialog.showModal();
}
