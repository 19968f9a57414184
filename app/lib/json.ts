// Lossless JSON for Shopify payloads: integers beyond 2^53 (18-digit ids) stay exact as strings.
import { parse } from "lossless-json";

function parseNumber(text: string): number | string {
  if (/^-?\d+$/.test(text)) {
    const n = Number(text);
    return Number.isSafeInteger(n) ? n : text;
  }
  return Number(text);
}

export class JsonError extends Error {}

/** Parses JSON keeping unsafe integers as digit strings. Throws JsonError on malformed input. */
export function parseLosslessJson(text: string): unknown {
  try {
    return parse(text, null, parseNumber);
  } catch (error) {
    throw new JsonError(`body is not valid JSON: ${(error as Error).message}`);
  }
}
