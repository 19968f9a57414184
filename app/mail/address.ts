// Mail addresses as the settings take them: "rewards@example.com" or "Name <rewards@example.com>".
// Pure: used by the environment check and the mail settings.

const ADDRESS = /^[^\s@<>"(),;:]+@[^\s@<>"(),;:]+\.[^\s@<>"(),;:]+$/;

/** A bare address (no name, no angle brackets). */
export function isAddress(value: string): boolean {
  return ADDRESS.test(value.trim());
}

/** An address, or a display name followed by an address in angle brackets (the name may be quoted). */
export function isMailbox(value: string): boolean {
  const v = value.trim();
  if (/[\r\n]/.test(v)) return false;
  const named = /^(.*?)\s*<([^<>]+)>$/.exec(v);
  if (named) return ADDRESS.test(named[2]!.trim()) && !/[<>]/.test(named[1]!);
  return ADDRESS.test(v);
}
