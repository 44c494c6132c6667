/**
 * Acknowledgements that carry JSON serialised once for many sockets (a
 * salon-day's snapshot goes to every watcher of that day). Socket.IO
 * serialises each packet with JSON.stringify, and `JSON.rawJSON` takes
 * primitives only, so the server's packet encoder (`rawJsonParser`, given to
 * the Socket.IO server) splices the text in: a value wrapped with `rawJson`
 * in an acknowledgement's top-level object is written as the JSON it holds.
 * The wire format is Socket.IO's own; clients decode it with the default
 * parser.
 */
import { Decoder, Encoder, type Packet, PacketType } from 'socket.io-parser';

class RawJson {
  readonly json: string;
  constructor(json: string) {
    this.json = json;
  }
}

/**
 * A value whose JSON text is already known, typed as what it encodes. Only
 * for fields of an acknowledgement's top-level object, and only with text
 * produced by JSON.stringify.
 */
export function rawJson<T>(json: string): T {
  // The one place a value stands in for another type: the encoder below writes it as T's JSON.
  return new RawJson(json) as unknown as T;
}

// A NUL cannot occur in validated input, nor in anything the server writes:
// the placeholder cannot collide with real data.
const marker = (i: number) => `\u0000raw-json-${i}\u0000`;

class RawJsonEncoder extends Encoder {
  override encode(packet: Packet): ReturnType<Encoder['encode']> {
    const body: unknown = Array.isArray(packet.data) ? packet.data[0] : undefined;
    if (packet.type !== PacketType.ACK || !body || typeof body !== 'object') return super.encode(packet);
    const raws: string[] = [];
    const swapped: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
      if (v instanceof RawJson) {
        swapped[k] = marker(raws.length);
        raws.push(v.json);
      } else swapped[k] = v;
    }
    if (raws.length === 0) return super.encode(packet);
    const encoded = super.encode({ ...packet, data: [swapped, ...(packet.data as unknown[]).slice(1)] });
    return encoded.map((part) => {
      if (typeof part !== 'string') return part;
      let out = part;
      raws.forEach((json, i) => {
        out = out.replace(JSON.stringify(marker(i)), () => json);
      });
      return out;
    });
  }
}

/** Socket.IO's parser with the encoder above (the `parser` option of the server). */
export const rawJsonParser = { Encoder: RawJsonEncoder, Decoder };
