// Which link targets a reply may carry. Only absolute http(s) and mailto URLs pass: the URL parser
// reads the scheme the way the browser will (dropping the tabs, newlines and leading control
// characters that "java\tscript:" hides behind), and the href used is the parser's own
// serialisation of what was checked. Everything else (javascript:, vbscript:, data:, file:,
// relative paths that would act on this app's origin) is shown as text.

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

export function safeHref(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return ALLOWED_PROTOCOLS.has(url.protocol) ? url.href : null;
}
