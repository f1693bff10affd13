/** Every byte string in a Temporal history (payload data and metadata), as text: what a reader of the history could see. */
export function allePayloadBytes(v: unknown, ut: string[] = []): string {
  if (v instanceof Uint8Array) ut.push(Buffer.from(v).toString('utf8'));
  else if (Array.isArray(v)) v.forEach((x) => allePayloadBytes(x, ut));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => allePayloadBytes(x, ut));
  return ut.join('\n');
}
