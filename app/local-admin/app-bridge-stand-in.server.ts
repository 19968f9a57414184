// The local admin's stand-in for Shopify's App Bridge script (cdn.shopify.com/shopifycloud/app-bridge.js),
// served at /local-admin/app-bridge.js only while the local admin is on (loopback SHOPIFY_APP_URL).
// It implements what Kanta's admin uses:
//   - window.shopify.idToken(): a fresh session token, minted by GET /local-admin/session-token;
//   - the app's own fetches (Remix data requests and form posts) get `Authorization: Bearer <token>`,
//     and a 401 carrying X-Shopify-Retry-Invalid-Session-Request is retried once with a new token;
//   - the bounce page (/auth/session-token?shopify-reload=…) reloads with a fresh id_token;
//   - shopify.toast.show/hide, shown at the bottom of the page (role="status");
//   - <ui-nav-menu> is shown as a plain bar of links above the page;
//   - addresses keep embedded=1, shop, host (and locale) so that a browser reload authenticates again.
// It adds no DOM node before the page is interactive (styles are an adopted style sheet), so React's
// hydration of the document is not disturbed.
export const APP_BRIDGE_STAND_IN = String.raw`(() => {
  "use strict";
  if (window.shopify) return;
  const script = document.currentScript;
  const apiKey = (script && script.dataset && script.dataset.apiKey) || "";
  const params = new URLSearchParams(location.search);
  const STORE = "kanta-local-admin";
  let saved = {};
  try {
    saved = JSON.parse(sessionStorage.getItem(STORE) || "{}") || {};
  } catch (_) {
    saved = {};
  }
  const claims = (jwt) => {
    try {
      return JSON.parse(atob(jwt.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))) || {};
    } catch (_) {
      return {};
    }
  };
  let token = params.get("id_token");
  let expiresAt = token ? (claims(token).exp || 0) * 1000 : 0;
  const context = {
    shop: params.get("shop") || saved.shop || "",
    host: params.get("host") || saved.host || "",
    locale: params.get("locale") || saved.locale || "",
    user: (token && claims(token).sub) || saved.user || "",
  };
  try {
    sessionStorage.setItem(STORE, JSON.stringify(context));
  } catch (_) {
    // private mode: the address keeps the context anyway
  }

  const nativeFetch = window.fetch.bind(window);
  let inflight = null;
  function idToken(force) {
    if (!force && token && expiresAt - Date.now() > 10000) return Promise.resolve(token);
    if (!inflight) {
      const query = new URLSearchParams({ shop: context.shop });
      if (context.user) query.set("user", context.user);
      inflight = nativeFetch("/local-admin/session-token?" + query, { headers: { Accept: "application/json" }, cache: "no-store" })
        .then(async (res) => {
          if (!res.ok) throw new Error("local admin: no session token (" + res.status + "): " + (await res.text()));
          const body = await res.json();
          token = body.token;
          expiresAt = (claims(token).exp || 0) * 1000;
          return token;
        })
        .finally(() => {
          inflight = null;
        });
    }
    return inflight;
  }

  const urlOf = (input) => new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url, location.href);
  window.fetch = async function (input, init) {
    const url = urlOf(input);
    if (url.origin !== location.origin || url.pathname.startsWith("/local-admin/")) return nativeFetch(input, init);
    const spare = input instanceof Request ? input.clone() : input;
    const send = async (request, force) => {
      const headers = new Headers((init && init.headers) || (request instanceof Request ? request.headers : undefined));
      headers.set("Authorization", "Bearer " + (await idToken(force)));
      return nativeFetch(request, Object.assign({}, init, { headers }));
    };
    const res = await send(input, false);
    if (res.status === 401 && res.headers.get("X-Shopify-Retry-Invalid-Session-Request")) return send(spare, true);
    return res;
  };

  // The bounce page: Kanta asks for a fresh token by redirecting here with the address to reload.
  const reload = params.get("shopify-reload");
  if (reload) {
    idToken(true).then((fresh) => {
      const wanted = new URL(reload, location.href);
      const target = new URL(wanted.pathname + wanted.search, location.origin);
      target.searchParams.set("id_token", fresh);
      location.replace(target.href);
    });
  }

  // Reloading a page of the app needs Shopify's parameters in its address.
  const keep = (url) => {
    if (url === undefined || url === null) return url;
    const next = new URL(String(url), location.href);
    if (next.origin !== location.origin || !next.pathname.startsWith("/app")) return url;
    for (const [key, value] of [["embedded", "1"], ["shop", context.shop], ["host", context.host], ["locale", context.locale]]) {
      if (value && !next.searchParams.has(key)) next.searchParams.set(key, value);
    }
    next.searchParams.delete("id_token");
    return next.pathname + next.search + next.hash;
  };
  for (const method of ["pushState", "replaceState"]) {
    const original = history[method].bind(history);
    history[method] = (state, title, url) => original(state, title, keep(url));
  }

  const sheet = new CSSStyleSheet();
  sheet.replaceSync([
    "ui-nav-menu { display: flex; flex-wrap: wrap; gap: 4px 20px; align-items: center; padding: 10px 20px; background: #1a1a1a; font: 500 13px/20px system-ui, sans-serif; }",
    "ui-nav-menu::before { content: 'Kanta · local admin'; color: #b5b5b5; margin-right: 12px; }",
    "ui-nav-menu a { color: #fff; text-decoration: none; }",
    "ui-nav-menu a:hover { text-decoration: underline; }",
    "#kanta-local-toasts { position: fixed; left: 50%; bottom: 24px; transform: translateX(-50%); display: flex; flex-direction: column; gap: 8px; z-index: 1000; }",
    ".kanta-local-toast { background: #1a1a1a; color: #fff; padding: 10px 16px; border-radius: 10px; font: 500 14px/20px system-ui, sans-serif; box-shadow: 0 4px 12px rgba(0,0,0,.25); }",
    ".kanta-local-toast[data-error] { background: #8e1f0b; }",
  ].join("\n"));
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];

  let toasts = 0;
  const toast = {
    show(message, options) {
      const id = "kanta-toast-" + ++toasts;
      let box = document.getElementById("kanta-local-toasts");
      if (!box) {
        box = document.createElement("div");
        box.id = "kanta-local-toasts";
        box.setAttribute("role", "status");
        box.setAttribute("aria-live", "polite");
        document.body.appendChild(box);
      }
      const item = document.createElement("div");
      item.className = "kanta-local-toast";
      item.dataset.toastId = id;
      if (options && options.isError) item.dataset.error = "true";
      item.textContent = String(message);
      box.appendChild(item);
      setTimeout(() => toast.hide(id), (options && options.duration) || 5000);
      return id;
    },
    hide(id) {
      const item = document.querySelector('[data-toast-id="' + id + '"]');
      if (item) item.remove();
    },
  };

  window.shopify = {
    config: { apiKey, shop: context.shop, host: context.host, locale: context.locale || "en" },
    environment: { embedded: true, mobile: false, pos: false },
    origin: location.origin,
    idToken: () => idToken(false),
    toast,
    loading: () => {},
  };
})();
`;
