// GET /local-admin/mail: what the local demo's SMTP catcher received (the folder named by
// KANTA_DEMO_MAIL_DIR, one JSON file per mail), newest first, each with its text and HTML. Like the
// rest of the local admin, only for a loopback app URL and a loopback request.
import fs from "node:fs";
import path from "node:path";
import { env } from "../env.server";
import { escapeHtml } from "../flows/templates";
import { localAdminEnabled } from "./local-admin.server";

export type DemoMail = {
  file: string;
  receivedAt: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
};

const MAX_LISTED = 200;

/** The saved mails, newest first (at most 200); unreadable files are left out. */
export function listDemoMails(dir: string, limit = MAX_LISTED): { mails: DemoMail[]; total: number } {
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));
  } catch {
    return { mails: [], total: 0 };
  }
  const mails: DemoMail[] = [];
  for (const file of files) {
    try {
      const m = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as Partial<DemoMail>;
      mails.push({
        file, receivedAt: String(m.receivedAt ?? ""), from: String(m.from ?? ""), to: Array.isArray(m.to) ? m.to.map(String) : [],
        subject: String(m.subject ?? ""), text: String(m.text ?? ""), html: String(m.html ?? ""), headers: m.headers ?? {},
      });
    } catch {
      // a file being written right now, or not one of ours
    }
  }
  mails.sort((a, b) => (a.receivedAt === b.receivedAt ? b.file.localeCompare(a.file) : b.receivedAt.localeCompare(a.receivedAt)));
  return { mails: mails.slice(0, limit), total: mails.length };
}

const STYLE = `body{font-family:Helvetica,Arial,sans-serif;margin:24px;color:#1f2937}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top}
details{margin:0 0 12px;border:1px solid #e5e7eb;border-radius:6px;padding:8px 12px}summary{cursor:pointer}
pre{white-space:pre-wrap;background:#f9fafb;padding:12px;border-radius:6px;font-size:13px}
iframe{width:100%;height:560px;border:1px solid #e5e7eb;border-radius:6px;background:#fff}.meta{color:#6b7280;font-size:13px}`;

export function demoMailHtml(dir: string, list: { mails: DemoMail[]; total: number }): string {
  const e = escapeHtml;
  const items = list.mails.map((m) => {
    const unsubscribe = m.headers["list-unsubscribe"] ? `<div class="meta">List-Unsubscribe: ${e(m.headers["list-unsubscribe"])}</div>` : "";
    return `<details><summary><strong>${e(m.subject || "(no subject)")}</strong> <span class="meta">to ${e(m.to.join(", "))} · ${e(m.receivedAt)}</span></summary>
<div class="meta">From: ${e(m.from)}</div>${unsubscribe}
<h3>HTML</h3><iframe sandbox="" referrerpolicy="no-referrer" srcdoc="${e(m.html)}" title="${e(m.subject)}"></iframe>
<h3>Text</h3><pre>${e(m.text)}</pre></details>`;
  });
  const rows = list.mails.map((m) => `<tr><td>${e(m.receivedAt)}</td><td>${e(m.to.join(", "))}</td><td>${e(m.subject)}</td></tr>`);
  const shown = list.total > list.mails.length ? ` (the newest ${list.mails.length} of ${list.total})` : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Sent mail (local demo)</title><style>${STYLE}</style></head><body>
<h1>Sent mail</h1>
<p class="meta">What the demo's SMTP catcher received, newest first${e(shown)}. Saved in ${e(dir)}; nothing left this machine.</p>
${list.mails.length === 0 ? "<p>No mail yet. Flow mails are sent when they are due (the flows pass runs every 30 s).</p>" : `<table><thead><tr><th>Received</th><th>To</th><th>Subject</th></tr></thead><tbody>${rows.join("")}</tbody></table>
<h2>Mails</h2>${items.join("\n")}`}
</body></html>`;
}

export function demoMailPage(request: Request): Response {
  const dir = env().KANTA_DEMO_MAIL_DIR;
  if (!localAdminEnabled(request) || !dir) return new Response("Not Found", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return new Response(demoMailHtml(dir, listDemoMails(dir)), {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": "script-src 'none'; object-src 'none'" },
  });
}
