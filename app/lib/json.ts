// Lossless JSON for Shopify payloads: integers too long to be exact as JS numbers (Shopify's
// 18-digit ids) are kept exact, as digit strings. Long integers are quoted in one pass over the
// text (outside string literals), then the native JSON.parse does the rest.

export class JsonError extends Error {}

const QUOTE = 34; // "
const BACKSLASH = 92;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
/** 15 digits are always exact in a double; from 16 on, an integer may not be. */
const LONG = 16;

function quoteLongIntegers(text: string): string {
  let out: string[] | null = null;
  let last = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip a string literal, honouring escapes.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i += 2;
        else if (d === QUOTE) break;
        else i++;
      }
      i++;
      continue;
    }
    if ((c >= ZERO && c <= NINE) || c === MINUS) {
      const start = i;
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d < ZERO || d > NINE) break;
        i++;
      }
      const next = i < n ? text.charCodeAt(i) : 0;
      const isInteger = next !== 46 /* . */ && next !== 101 /* e */ && next !== 69; /* E */
      const digits = i - start - (c === MINUS ? 1 : 0);
      if (isInteger && digits >= LONG) {
        const literal = text.slice(start, i);
        if (!Number.isSafeInteger(Number(literal))) {
          out ??= [];
          out.push(text.slice(last, start), '"', literal, '"');
          last = i;
        }
      }
      if (!isInteger) {
        // Skip the rest of a decimal or exponent number.
        while (i < n) {
          const d = text.charCodeAt(i);
          if ((d >= ZERO && d <= NINE) || d === 46 || d === 101 || d === 69 || d === 43 || d === MINUS) i++;
          else break;
        }
      }
      continue;
    }
    i++;
  }
  if (!out) return text;
  out.push(text.slice(last));
  return out.join("");
}

/** Parses JSON keeping unsafe integers as digit strings. Throws JsonError on malformed input. */
export function parseLosslessJson(text: string): unknown {
  try {
    return JSON.parse(quoteLongIntegers(text));
  } catch (error) {
    throw new JsonError(`body is not valid JSON: ${(error as Error).message}`);
  }
}
