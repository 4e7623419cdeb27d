/**
 * What the brand's page receives when a shopper follows a product page's link (seed 001): the
 * wxticket, and the extinfo of the code scanned. Accepts the bare ticket or the whole URL.
 */
export function wxticketFrom(input: string): { ticket: string; extinfo: string | null } | null {
  const value = input.trim();
  if (!value) return null;
  if (/^https?:\/\//i.test(value)) {
    try {
      const url = new URL(value);
      // A base64 ticket put in a link unescaped keeps its "+", which a query string reads as a space.
      const ticket = url.searchParams.get('wxticket')?.replace(/ /g, '+');
      return ticket ? { ticket, extinfo: url.searchParams.get('wxextinfo') } : null;
    } catch {
      return null;
    }
  }
  return /^[A-Za-z0-9+/=_-]{1,512}$/.test(value) ? { ticket: value, extinfo: null } : null;
}
