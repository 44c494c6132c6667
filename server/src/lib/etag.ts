/** Entity tags for answers serialised once (GET /availability/slots, /availability/days). */
import { createHash } from 'node:crypto';

/** A strong tag naming exactly this content. */
export function contentTag(json: string): string {
  return `"${createHash('sha256').update(json).digest('base64url').slice(0, 22)}"`;
}

/** If-None-Match: a list of tags, or `*` (weak tags compare by their opaque part). */
export function matchesTag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}
