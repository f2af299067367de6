/** The section kinds' schemas the server publishes at `/sdn-schema.json` (forms are generated from them). */
import { useQuery } from '@tanstack/react-query';
import type { PropertySchema } from '../../../src/model/property-schema';
import type { SchemaKind, SdnSchema } from '../../../src/model/sdn-schema';

export type { SchemaKind };

async function fetchSchema(): Promise<SdnSchema> {
  const res = await fetch('/sdn-schema.json', { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`the server did not give its schema (/sdn-schema.json: HTTP ${res.status}); reload the page`);
  return (await res.json()) as SdnSchema;
}

export function useSdnSchema() {
  return useQuery({ queryKey: ['sdn-schema'], queryFn: fetchSchema, staleTime: Infinity });
}

/** An API method's parameters (`POST /cluster/sdn/vnets/{vnet}/ips`); missing: versions differ, as for kinds. */
export function methodParams(schema: SdnSchema, method: string): Readonly<Record<string, PropertySchema>> {
  const params = schema.methods[method];
  if (!params) throw new Error(`the server's schema has no method '${method}': the web UI and the server are from different versions; rebuild with npm start`);
  return params;
}

/** The kind a panel edits; a missing one means the UI and the server are from different versions. */
export function kindOf(schema: SdnSchema, name: string): SchemaKind {
  const kind = schema.kinds[name];
  if (!kind) throw new Error(`the server's schema has no section kind '${name}': the web UI and the server are from different versions; rebuild with npm start`);
  return kind;
}
