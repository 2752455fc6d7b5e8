const SHANGHAI_OFFSET_MS = 8 * 3600_000; // China has no DST since 1991.

/** YYYYMMDD of an instant in Asia/Shanghai. */
export function shanghaiDay(at: Date): string {
  const d = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const y = d.getUTCFullYear();
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const day = String(d.getUTCDate()).padStart(2, '0');
  return `${y}${m}${day}`;
}

/** 20261122 + 000042: unique per day, sortable, readable over the phone. */
export function formatTicketNo(day: string, seq: number): string {
  return `${day}${String(seq).padStart(6, '0')}`;
}

export const TICKET_NO_PATTERN = /^\d{14}$/;

const QUERY_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'; // no 0/O, 1/I/L: read out over the phone

/** Six characters the citizen types with the ticket number to see its status. */
export function newQueryCode(random: (n: number) => Uint8Array): string {
  const bytes = random(6);
  let out = '';
  for (const b of bytes) out += QUERY_CODE_ALPHABET[b % QUERY_CODE_ALPHABET.length];
  return out;
}
