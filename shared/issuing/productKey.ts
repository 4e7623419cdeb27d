/** "ean13:6900873042720" → its code standard and code; null when it is not of that form. */
export function parseProductKey(text: string): { keystandard: string; keystr: string } | null {
  const match = /^([a-z0-9-]+):(\S+)$/i.exec(text.trim());
  return match ? { keystandard: match[1]!.toLowerCase(), keystr: match[2]! } : null;
}
