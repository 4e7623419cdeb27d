import type { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { lazyModule, requireModule } from '../lazyModule';

/** Pushes are small; anything larger is no WeChat message. */
export const MESSAGE_MAX_BYTES = 64 * 1024;

export class MessageXmlError extends Error {}

const xmlTools = lazyModule(() => {
  const { XMLBuilder: Builder, XMLParser: Parser } = requireModule('fast-xml-parser') as { XMLBuilder: typeof XMLBuilder; XMLParser: typeof XMLParser };
  return {
    parser: new Parser({ processEntities: false, parseTagValue: false, ignoreDeclaration: true, ignoreAttributes: true, trimValues: true }),
    builder: new Builder({ cdataPropName: '#cdata', format: false, processEntities: false }),
  };
});

/**
 * The fields of a WeChat message (`<xml><Tag>…</Tag>…</xml>`), as strings. No DOCTYPE, no entity
 * declaration: they are refused before parsing, so no entity is ever resolved.
 */
export function parseMessage(xml: string): Record<string, string> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new MessageXmlError('DOCTYPE and entity declarations are refused');
  let parsed: unknown;
  try {
    parsed = xmlTools().parser.parse(xml, true);
  } catch {
    throw new MessageXmlError('malformed XML');
  }
  const root = (parsed as { xml?: unknown }).xml;
  if (!root || typeof root !== 'object') throw new MessageXmlError('no <xml> root');
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') fields[name] = String(value);
  }
  return fields;
}

type Tree = { [name: string]: string | number | Tree };

/** A message as WeChat reads it: string fields in CDATA, numbers bare. */
export function buildMessage(fields: Tree): string {
  const wrap = (tree: Tree): Record<string, unknown> =>
    Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, typeof v === 'string' ? { '#cdata': v } : typeof v === 'number' ? v : wrap(v)]));
  return xmlTools().builder.build({ xml: wrap(fields) }) as string;
}
