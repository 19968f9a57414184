// A shop's mail settings: who mails come from, the postal address every mail carries, optional
// quiet hours, and the facts mails are written with (shop name, timezone, storefront).
import { isMailbox } from "../mail/address";
import type { SqlExecutor } from "./sql.server";

export type QuietHours = { startMinute: number; endMinute: number };

export type MailSettings = {
  shopName: string;
  /** The shop's own sender, else MAIL_FROM; null = no sender configured (nothing can be mailed). */
  from: string | null;
  /** From Shopify's shop facts unless the merchant set one; a marketing mail without it is not sent. */
  postalAddress: string | null;
  /** Minutes after midnight in the shop's timezone; null = quiet hours off. */
  quietHours: QuietHours | null;
  timezone: string;
  contactEmail: string | null;
  /** https://<primary domain, else the myshopify domain> */
  storefrontUrl: string;
};

type ShopMailRow = {
  domain: string; name: string | null; timezone: string | null; contact_email: string | null; primary_domain: string | null;
  mail_from: string | null; postal_address: string | null; quiet_start_minute: number | null; quiet_end_minute: number | null;
};

/** MAIL_FROM, when it is set and well formed (the environment check at boot reports a bad one). */
function defaultSender(): string | null {
  const value = process.env.MAIL_FROM?.trim();
  return value && isMailbox(value) ? value : null;
}

export async function loadMailSettings(db: SqlExecutor, shop: string): Promise<MailSettings | null> {
  const row = await db.get<ShopMailRow>(
    `SELECT domain, name, timezone, contact_email, primary_domain, mail_from, postal_address, quiet_start_minute, quiet_end_minute
     FROM shop WHERE domain = ?`,
    [shop],
  );
  if (!row) return null;
  const start = row.quiet_start_minute === null ? null : Number(row.quiet_start_minute);
  const end = row.quiet_end_minute === null ? null : Number(row.quiet_end_minute);
  return {
    shopName: row.name?.trim() || row.domain.replace(/\.myshopify\.com$/, ""),
    from: row.mail_from?.trim() || defaultSender(),
    postalAddress: row.postal_address?.trim() || null,
    quietHours: start !== null && end !== null ? { startMinute: start, endMinute: end } : null,
    timezone: row.timezone || "UTC",
    contactEmail: row.contact_email,
    storefrontUrl: `https://${row.primary_domain?.trim() || row.domain}`,
  };
}

export type MailSettingsInput = { from: string | null; postalAddress: string | null; quietHours: QuietHours | null };

export class MailSettingsError extends Error {
  override readonly name = "MailSettingsError";
  constructor(readonly field: "from" | "postalAddress" | "quietHours", message: string) {
    super(message);
  }
}

export const MAX_POSTAL_ADDRESS_LENGTH = 500;

/** Checks and normalizes the merchant's input; throws MailSettingsError naming the field. */
export function checkMailSettings(input: MailSettingsInput): MailSettingsInput {
  const from = input.from?.trim() || null;
  if (from !== null && !isMailbox(from)) throw new MailSettingsError("from", 'must be an email address or "Name <address>"');
  const postalAddress = input.postalAddress?.replace(/\r\n?/g, "\n").trim() || null;
  if (postalAddress !== null && postalAddress.length > MAX_POSTAL_ADDRESS_LENGTH) {
    throw new MailSettingsError("postalAddress", `must be at most ${MAX_POSTAL_ADDRESS_LENGTH} characters`);
  }
  const q = input.quietHours;
  if (q !== null) {
    const minute = (v: number) => Number.isInteger(v) && v >= 0 && v < 24 * 60;
    if (!minute(q.startMinute) || !minute(q.endMinute)) throw new MailSettingsError("quietHours", "must be times of day (00:00–23:59)");
    if (q.startMinute === q.endMinute) throw new MailSettingsError("quietHours", "must start and end at different times");
  }
  return { from, postalAddress, quietHours: q === null ? null : { startMinute: q.startMinute, endMinute: q.endMinute } };
}

/** Saves the merchant's mail settings (null clears a value: the sender falls back to MAIL_FROM). */
export async function saveMailSettings(db: SqlExecutor, shop: string, input: MailSettingsInput, now: Date): Promise<void> {
  const s = checkMailSettings(input);
  await db.run(
    `UPDATE shop SET mail_from = ?, postal_address = ?, quiet_start_minute = ?, quiet_end_minute = ?, updated_at = ? WHERE domain = ?`,
    [s.from, s.postalAddress, s.quietHours?.startMinute ?? null, s.quietHours?.endMinute ?? null, now.toISOString(), shop],
  );
}
