// The first-paint script (assets/kanta.js, loaded deferred by every block): everything visible is
// already painted by Liquid, so this only makes the launcher open its dialog (keyboard, focus kept
// inside, Escape), converts the "earn points" figure when prices are shown in another currency,
// and loads kanta-panel.js — the live data, redeem, copy, history, referral, birthday — for a
// logged-in shopper (or a referred visitor) on the first interaction with the launcher or, for the
// inline panel, when the browser is idle.
import { estimateEarnPoints, pointsText } from "./format";

type PanelApi = { mount(panel: HTMLElement): void };
type KantaWindow = Window & {
  kantaPanel?: PanelApi;
  Shopify?: { currency?: { active?: string; rate?: string | number } };
};

const win = window as KantaWindow;
let panelScript: Promise<PanelApi> | null = null;

/** Loads kanta-panel.js once (again after a failure). */
function loadPanel(src: string | undefined): Promise<PanelApi> {
  if (win.kantaPanel) return Promise.resolve(win.kantaPanel);
  if (!panelScript) {
    panelScript = new Promise<PanelApi>((resolve, reject) => {
      if (!src) return reject(new Error("no panel script"));
      const script = document.createElement("script");
      script.src = src;
      script.async = true;
      script.onload = () => (win.kantaPanel ? resolve(win.kantaPanel) : reject(new Error("panel script did not register")));
      script.onerror = () => {
        panelScript = null;
        script.remove();
        reject(new Error("panel script failed to load"));
      };
      document.head.appendChild(script);
    });
  }
  return panelScript;
}

function referralCode(): string | null {
  try {
    return sessionStorage.getItem("kanta_ref");
  } catch {
    return null; // storage blocked: the friend's offer is simply not shown
  }
}

/** The panel script is needed by a logged-in shopper (live data) or a referred visitor (the offer). */
function mountPanel(host: HTMLElement): void {
  const panel = host.querySelector<HTMLElement>(".kanta-panel");
  if (panel && (panel.hasAttribute("data-customer") || referralCode())) {
    loadPanel(host.dataset.panelSrc).then((api) => api.mount(panel), () => undefined);
  }
}

function whenIdle(fn: () => void): void {
  const ric = (win as Window & { requestIdleCallback?: (cb: () => void, o: { timeout: number }) => number }).requestIdleCallback;
  if (ric) ric(fn, { timeout: 4000 });
  else setTimeout(fn, 300);
}

const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]):not([type="hidden"]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return Array.prototype.filter.call(
    root.querySelectorAll<HTMLElement>(FOCUSABLE),
    (el: HTMLElement) => !el.closest("[hidden]") && el.getClientRects().length > 0,
  ) as HTMLElement[];
}

class KantaLauncher extends HTMLElement {
  declare private button: HTMLButtonElement | null;
  declare private panel: HTMLElement | null;

  connectedCallback(): void {
    if (this.button) return;
    this.button = this.querySelector<HTMLButtonElement>(".kanta-launcher__button");
    this.panel = this.querySelector<HTMLElement>(".kanta-panel");
    const button = this.button;
    if (!button || !this.panel) return;
    const warm = () => mountPanel(this);
    button.addEventListener("pointerenter", warm, { once: true });
    button.addEventListener("focus", warm, { once: true });
    button.addEventListener("touchstart", warm, { once: true, passive: true });
    button.addEventListener("click", () => (this.isOpen() ? this.close(true) : this.open()));
    this.addEventListener("click", (event) => {
      if ((event.target as Element).closest('[data-kanta="close"]')) this.close(true);
    });
    document.addEventListener("keydown", (event) => this.onKey(event));
    document.addEventListener("pointerdown", (event) => {
      if (this.isOpen() && !this.contains(event.target as Node)) this.close(false);
    });
    document.addEventListener("focusin", (event) => {
      if (this.isOpen() && !this.panel!.contains(event.target as Node)) (focusables(this.panel!)[0] ?? this.panel!).focus();
    });
  }

  private isOpen(): boolean {
    return !!this.panel && !this.panel.hidden;
  }

  open(): void {
    const panel = this.panel!;
    panel.hidden = false;
    this.button!.setAttribute("aria-expanded", "true");
    (focusables(panel)[0] ?? panel).focus();
    mountPanel(this);
  }

  close(returnFocus: boolean): void {
    this.panel!.hidden = true;
    this.button!.setAttribute("aria-expanded", "false");
    if (returnFocus) this.button!.focus();
  }

  private onKey(event: KeyboardEvent): void {
    if (!this.isOpen()) return;
    if (event.key === "Escape") {
      event.preventDefault();
      this.close(true);
    } else if (event.key === "Tab") {
      const items = focusables(this.panel!);
      if (!items.length) return event.preventDefault();
      const first = items[0]!;
      const last = items[items.length - 1]!;
      const active = document.activeElement;
      if (event.shiftKey && (active === first || active === this.panel)) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && active === last) {
        event.preventDefault();
        first.focus();
      }
    }
  }
}

class KantaRewards extends HTMLElement {
  connectedCallback(): void {
    whenIdle(() => mountPanel(this));
  }
}

class KantaEarn extends HTMLElement {
  connectedCallback(): void {
    const d = this.dataset;
    if (d.converted === undefined) return;
    const rate = win.Shopify?.currency?.rate;
    const out = this.querySelector('[data-kanta="earn-points"]');
    if (rate === undefined || !out) return;
    const points = estimateEarnPoints(Number(d.price), rate, d.currency ?? "", { points: Number(d.points), perAmount: d.per ?? "" }, Number(d.bps));
    if (points !== null) out.textContent = pointsText(points, d.locale || "en", { one: d.tOne ?? "", other: d.tOther ?? "" });
  }
}

function define(name: string, element: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, element);
}

try {
  const ref = new URLSearchParams(location.search).get("kanta_ref");
  if (ref) sessionStorage.setItem("kanta_ref", ref);
} catch {
  // storage blocked
}
define("kanta-launcher", KantaLauncher);
define("kanta-rewards", KantaRewards);
define("kanta-earn", KantaEarn);
