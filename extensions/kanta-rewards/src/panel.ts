// The panel script (assets/kanta-panel.js), loaded by kanta.js on interaction or idle: the live
// data from /apps/kanta/me over the Liquid-painted panel, and what the shopper does there — redeem
// with a one-click code (copy, apply to cart), recent history, referral link, birthday, and a
// referred friend's offer. Texts come from the panel's data-t-* attributes (the locale files) and,
// for the history's labels and the errors, from the App Proxy in the storefront's language.
import type { HistoryEntry, MeResponse, PublicReward, RedeemResponse, ReferralClaimResponse } from "../../../app/proxy/schema";
import { fill, formatPoints, pointsText, progressPercent, remainingText, type Plural } from "./format";

type Panel = {
  root: HTMLElement;
  t: DOMStringMap;
  locale: string;
  proxy: string;
  points: Plural;
};

type Failure = { message: string; retry: boolean };

const panels: Panel[] = [];
let me: Promise<MeResponse | null> | null = null;
const minimum: Record<string, number> = {};

const $ = <T extends Element = HTMLElement>(root: ParentNode, what: string): T | null => root.querySelector<T>(`[data-kanta="${what}"]`);
const $$ = <T extends Element = HTMLElement>(root: ParentNode, what: string): T[] =>
  Array.prototype.slice.call(root.querySelectorAll<T>(`[data-kanta="${what}"]`)) as T[];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string, kanta?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  if (kanta) node.setAttribute("data-kanta", kanta);
  return node;
}

function randomKey(): string {
  const c = (window as Window & { crypto?: Crypto }).crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID();
  return `k${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

async function call<T>(p: Panel, path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { credentials: "same-origin", headers: { Accept: "application/json" } };
  if (body !== undefined) {
    init.method = "POST";
    init.headers = { Accept: "application/json", "Content-Type": "application/json" };
    init.body = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(`${p.proxy}/${path}?locale=${encodeURIComponent(p.locale)}`, init);
  } catch {
    throw { message: p.t.error, retry: true } as Failure;
  }
  let data: { error?: { message?: string } | string } | null = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok || !data) {
    const error = data?.error;
    const message = error && typeof error === "object" && error.message ? error.message : p.t.error;
    throw { message, retry: res.status === 429 || res.status >= 500 } as Failure;
  }
  return data as T;
}

/** The referral code of the link the visitor came with (kept by kanta.js), if any. */
function storedReferral(): string | null {
  try {
    return sessionStorage.getItem("kanta_ref");
  } catch {
    return null;
  }
}

function showError(p: Panel, message: string): void {
  const box = $(p.root, "error");
  if (!box) return;
  box.textContent = message;
  if (message && box.scrollIntoView) box.scrollIntoView({ block: "nearest" });
}

/** Busy without `disabled`, which would drop the keyboard focus from the button just pressed. */
function busy(node: HTMLElement, on: boolean): boolean {
  if (on && node.getAttribute("aria-busy")) return false;
  if (on) node.setAttribute("aria-busy", "true");
  else node.removeAttribute("aria-busy");
  return true;
}

function announce(p: Panel, message: string): void {
  const box = $(p.root, "status");
  if (box) box.textContent = message;
}

/** The new balance everywhere: every panel, the launcher badge, each reward's redeem button. */
function setBalance(points: number): void {
  const p = panels[0];
  const text = formatPoints(points, p ? p.locale : "en");
  for (const node of $$(document, "balance").concat($$(document, "launcher-points"))) node.textContent = text;
  for (const button of $$<HTMLButtonElement>(document, "redeem")) {
    const reward = button.closest<HTMLElement>('[data-kanta="reward"]');
    const id = reward?.dataset.rewardId ?? "";
    const cost = minimum[id] ?? Number(reward?.dataset.cost);
    if (!button.getAttribute("aria-busy")) button.disabled = !(points >= cost);
  }
}

function rewardItem(p: Panel, r: PublicReward): HTMLElement {
  const li = el("li", "kanta-reward", undefined, "reward");
  li.setAttribute("data-reward-id", r.id);
  li.setAttribute("data-kind", r.kind);
  li.setAttribute("data-cost", String(r.pointsCost));
  li.append(el("span", "kanta-reward__name", r.name), el("span", "kanta-reward__cost", pointsText(r.pointsCost, p.locale, p.points)));
  if (r.kind === "variable") {
    const input = el("input", "kanta-input kanta-reward__amount", undefined, "amount");
    input.type = "number";
    input.inputMode = "numeric";
    input.setAttribute("aria-label", p.t.amount ?? "");
    li.append(input);
  }
  const button = el("button", "kanta-button kanta-reward__redeem", p.t.redeem, "redeem");
  button.type = "button";
  li.append(button);
  return li;
}

function applyRewards(p: Panel, rewards: PublicReward[]): void {
  const list = $(p.root, "rewards");
  if (!list) return;
  const items: Record<string, HTMLElement> = {};
  for (const li of $$(list, "reward")) items[li.dataset.rewardId ?? ""] = li;
  let before: Element | null = list.firstElementChild;
  for (const r of rewards) {
    minimum[r.id] = r.variable ? r.variable.minPoints : r.pointsCost;
    let li = items[r.id];
    delete items[r.id];
    if (!li) {
      li = rewardItem(p, r);
      list.insertBefore(li, before);
    }
    before = li.nextElementSibling;
    const amount = $<HTMLInputElement>(li, "amount");
    if (amount && r.variable) {
      amount.min = String(r.variable.minPoints);
      amount.step = String(r.variable.step);
      if (r.variable.maxSpend > 0) amount.max = String(r.variable.maxSpend);
      if (!amount.value || Number(amount.value) < r.variable.minPoints) amount.value = String(r.variable.minPoints);
    }
  }
  // Rewards the shop switched off since the page was painted.
  for (const id in items) items[id]!.remove();
  // The "no rewards yet" line, once there are some.
  if (rewards.length) for (const empty of Array.prototype.slice.call(list.children) as Element[]) if (empty.classList.contains("kanta-muted")) empty.remove();
}

function applyHistory(p: Panel, entries: HistoryEntry[] | undefined): void {
  const list = $(p.root, "history");
  if (!list) return;
  list.textContent = "";
  if (!entries || !entries.length) {
    list.append(el("li", "kanta-muted", p.t.historyEmpty));
    return;
  }
  const dates = new Intl.DateTimeFormat(p.locale, { year: "numeric", month: "short", day: "numeric" });
  for (const e of entries.slice(0, 10)) {
    const what = el("span", "kanta-history__label", e.label);
    const when = new Date(e.date);
    if (!isNaN(when.getTime())) what.append(el("span", "kanta-history__date", dates.format(when)));
    const li = el("li", "kanta-history__item");
    const sign = e.points > 0 ? "+" : e.points < 0 ? "−" : "";
    li.append(what, el("span", "kanta-history__points", sign + formatPoints(Math.abs(e.points), p.locale)));
    list.append(li);
  }
}

function birthdaySaved(p: Panel, form: HTMLElement): void {
  form.textContent = "";
  form.append(el("p", "kanta-muted", p.t.birthdaySaved));
}

function apply(p: Panel, data: MeResponse): void {
  if (data.points) setBalance(data.points.balance);
  const tier = $(p.root, "tier");
  if (tier && data.tier !== undefined) tier.textContent = data.tier ? data.tier.name : "";
  const progress = $(p.root, "progress");
  if (progress && data.progress) {
    const next = data.progress.next;
    const amount = remainingText(data.progress, p.locale, p.points);
    progress.textContent = next ? (amount ? fill(p.t.progress ?? "", { amount, tier: next.name }) : data.progress.message) : (p.t.topTier ?? "");
    const bar = $(p.root, "progress-bar");
    if (bar) bar.style.setProperty("--kanta-progress", `${progressPercent(data.progress)}%`);
  }
  applyRewards(p, data.rewards);
  applyHistory(p, data.history);
  const link = $<HTMLInputElement>(p.root, "referral-link");
  if (link) {
    link.value = data.referral ? data.referral.link : "";
    const section = link.closest("section");
    if (section) section.hidden = !data.referral;
  }
  const form = $(p.root, "birthday-form");
  if (form && data.birthday && data.birthday.set) birthdaySaved(p, form);
}

function loadMe(p: Panel): Promise<MeResponse | null> {
  if (!me) {
    me = call<MeResponse>(p, "me").catch((failure: Failure) => {
      me = null;
      for (const q of panels) showError(q, failure.message);
      return null;
    });
  }
  return me;
}

async function copy(p: Panel, text: string, button: HTMLButtonElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el("textarea", "kanta-visually-hidden", text);
    p.root.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
  const label = button.textContent;
  button.textContent = p.t.copied ?? "";
  announce(p, p.t.copied ?? "");
  setTimeout(() => (button.textContent = label), 2000);
}

/** The code, a copy button and the "apply to cart" link, under the reward (or in the claim form). */
function showCode(p: Panel, where: HTMLElement, code: string, applyUrl: string): void {
  const old = where.querySelector(".kanta-reward__result");
  if (old) old.remove();
  const box = el("div", "kanta-reward__result");
  const copyButton = el("button", "kanta-button kanta-button--quiet", p.t.copy, "copy");
  copyButton.type = "button";
  const applyLink = el("a", "kanta-button", p.t.apply, "apply");
  // Relative to the storefront root, like the proxy path ("/fi/apps/kanta" → "/fi/discount/…").
  applyLink.href = p.proxy.replace(/\/apps\/kanta$/, "") + applyUrl;
  box.append(el("span", "kanta-muted", p.t.code), el("code", "kanta-code", code, "code"), copyButton, applyLink);
  where.append(box);
  announce(p, `${p.t.code ?? ""}: ${code}`);
  copyButton.focus();
}

async function redeem(p: Panel, button: HTMLButtonElement): Promise<void> {
  const li = button.closest<HTMLElement>('[data-kanta="reward"]');
  if (!li || !busy(button, true)) return;
  showError(p, "");
  // The same key until a definite answer, so a retry after a lost answer never redeems twice.
  const key = button.dataset.key || randomKey();
  button.dataset.key = key;
  const amount = $<HTMLInputElement>(li, "amount");
  const body: { rewardId: string; idempotencyKey: string; amount?: number } = { rewardId: li.dataset.rewardId ?? "", idempotencyKey: key };
  if (amount) body.amount = Number(amount.value);
  button.textContent = p.t.redeeming ?? "";
  try {
    const answer = await call<RedeemResponse>(p, "redeem", body);
    delete button.dataset.key;
    busy(button, false);
    button.textContent = p.t.redeem ?? "";
    setBalance(answer.points.balance);
    showCode(p, li, answer.code, answer.applyUrl);
    // The history and the rewards as the server now sees them (its cache was cleared by the redeem).
    me = null;
    void loadMe(p).then((data) => data && panels.forEach((q) => apply(q, data)));
  } catch (failure) {
    const f = failure as Failure;
    if (!f.retry) delete button.dataset.key;
    busy(button, false);
    button.textContent = p.t.redeem ?? "";
    showError(p, f.message);
  }
}

async function submit(p: Panel, form: HTMLFormElement): Promise<void> {
  const kind = form.dataset.kanta;
  if (!busy(form, true)) return;
  showError(p, "");
  try {
    if (kind === "birthday-form") {
      const value = (form.elements.namedItem("birthday") as HTMLInputElement).value;
      await call(p, "birthday", { birthday: value });
      birthdaySaved(p, form);
      announce(p, p.t.birthdaySaved ?? "");
    } else if (kind === "referral-claim") {
      const email = (form.elements.namedItem("email") as HTMLInputElement).value;
      const answer = await call<ReferralClaimResponse>(p, "referral", { code: storedReferral() ?? "", email });
      form.textContent = "";
      showCode(p, form, answer.code, answer.applyUrl);
    }
  } catch (failure) {
    showError(p, (failure as Failure).message);
  } finally {
    busy(form, false);
  }
}

function mount(root: HTMLElement): void {
  if (root.dataset.kantaMounted) return;
  root.dataset.kantaMounted = "true";
  const data = root.dataset;
  // data-t-points-one → dataset.tPointsOne → texts.pointsOne: the locale file's texts for the scripts.
  const t: DOMStringMap = {};
  for (const name in data) {
    if (/^t[A-Z]/.test(name)) t[name.charAt(1).toLowerCase() + name.slice(2)] = data[name];
  }
  const p: Panel = {
    root, t, locale: data.locale || "en", proxy: (data.proxy || "/apps/kanta").replace(/\/$/, ""),
    points: { one: t.pointsOne ?? "", other: t.pointsOther ?? "" },
  };
  panels.push(p);
  root.addEventListener("click", (event) => {
    const target = (event.target as Element).closest<HTMLButtonElement>("button");
    if (!target || !root.contains(target)) return;
    const what = target.dataset.kanta;
    if (what === "redeem") void redeem(p, target);
    else if (what === "copy") void copy(p, target.parentElement?.querySelector('[data-kanta="code"]')?.textContent ?? "", target);
    else if (what === "copy-referral") void copy(p, $<HTMLInputElement>(root, "referral-link")?.value ?? "", target);
  });
  root.addEventListener("submit", (event) => {
    event.preventDefault();
    void submit(p, event.target as HTMLFormElement);
  });
  if (data.customer !== undefined) {
    void loadMe(p).then((data) => data && apply(p, data));
  } else {
    const claim = $(root, "referral-claim");
    if (claim && storedReferral()) claim.hidden = false;
  }
}

(window as Window & { kantaPanel?: { mount(panel: HTMLElement): void } }).kantaPanel = { mount };
