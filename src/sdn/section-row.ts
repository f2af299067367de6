/**
 * A section as the API reads it (`GET /cluster/sdn/<set>` and `…/{id}`,
 * with `running=1` or `pending=1`), as types derived from its kind's
 * tables: sdn/views.ts makes the rows, the handlers return them, the web
 * UI reads them through api/answers.ts. Types only, importing only the
 * model's type modules, so the UI's compiler (no Node types) reads them.
 */
import type { OneObject, PropertySchema } from '../model/property-schema.js';
import type { KindTables, RulesOf, SchemaIn } from '../model/section-kind.js';

/**
 * A property's value in a row, as the reference's read helpers give the
 * running config's (sdn/values.ts toRunning, apiValue): an integer a
 * number, a boolean 1 or 0, a repeated property (an array) its items, any
 * other its text — a list property such as `nodes` its comma text, an enum
 * one of its texts. What the kind's schema says: every section the API
 * writes passed it; a file edited by hand against it is answered as written
 * (its value in the text's shape) and the config's checks name it.
 */
export type AnswerValue<P extends PropertySchema> = P extends { readonly type: 'integer' }
  ? number
  : P extends { readonly type: 'boolean' }
    ? 0 | 1
    : P extends { readonly type: 'array' }
      ? readonly string[]
      : P extends { readonly enum: readonly (infer E extends string)[] }
        ? E
        : string;

/** a section's change in a `pending=1` read: not yet applied, changed since, or removed by the next apply */
export type RowState = 'new' | 'changed' | 'deleted';

/** One `dhcp-range` item of a subnet's row: its addresses as written. */
export interface DhcpRangeAnswer {
  readonly 'start-address': string;
  readonly 'end-address': string;
}

/** Any value a row holds: what every kind's rows have in common, for readers that take any kind (the web UI's tables and forms). */
export type RowValue = string | number | readonly string[] | readonly DhcpRangeAnswer[];
/** A `pending=1` read's changed values: each differing value, `'deleted'` for one removed. */
export type PendingValues = Readonly<Record<string, RowValue | undefined>>;

/**
 * A row of any kind: its type (absent in a fabric's row, which names its
 * protocol instead), its values, the digest of the file it was read from
 * (the edited config's reads), and a `pending=1` read's state and pending
 * values. Every kind's row (`KindRow`) is one.
 */
export type SectionRow = {
  readonly type?: string;
  readonly state?: RowState;
  readonly pending?: PendingValues;
  readonly digest?: string;
  readonly [key: string]: RowValue | PendingValues | undefined;
};

type RowValues<K extends KindTables, T extends keyof K['types']> = {
  readonly [N in keyof RulesOf<K, T>]: AnswerValue<SchemaIn<K, RulesOf<K, T>[N], N>>;
};

/**
 * A row of a section of type `T` of kind `K`: its type, its id under the
 * kind's id parameter (`zone`, `vnet`, …), each property of the type with
 * the value its schema gives (`AnswerValue`), and the read's marks. Every
 * property may be absent, required ones too: a `pending=1` read gives a new
 * section's values under `pending`, beside only its type (and a subnet's
 * VNet). A kind whose tables are not literal types (declared as a plain
 * `SectionKind`) names no keys: its rows are the generic `SectionRow`.
 */
export type KindRow<K extends KindTables & { readonly idProperty: string }, T extends keyof K['types'] & string = keyof K['types'] & string> = string extends K['idProperty']
  ? SectionRow
  : T extends unknown
    ? OneObject<
        { readonly type: T } & { readonly [I in K['idProperty']]: string } & Partial<RowValues<K, T>> & {
            readonly state?: RowState;
            readonly pending?: { readonly [N in keyof RowValues<K, T>]?: RowValues<K, T>[N] | 'deleted' };
            readonly digest?: string;
          }
      >
    : never;

/**
 * A subnet's row adds what the reference's subnet read derives from its id
 * (`<zone>-<network>-<mask>`), and gives its `dhcp-range` as address pairs
 * (a type, so it reads as a plain record).
 */
export type SubnetRowExtras = {
  readonly id: string;
  readonly zone: string;
  readonly network: string;
  readonly mask: string;
  readonly cidr: string;
  readonly 'dhcp-range'?: readonly DhcpRangeAnswer[];
};

/**
 * A fabric section's row (`GET /cluster/sdn/fabrics/…`): a
 * `<protocol>_fabric` or `<protocol>_node` section's row without its type,
 * which it gives as its protocol, and with its ids — a fabric's `id`, a
 * node's `fabric_id` and `node_id` (its section id is `<fabric>_<node>`).
 */
export type FabricRow<K extends KindTables & { readonly idProperty: string }, T extends keyof K['types'] & string = keyof K['types'] & string> = T extends `${infer P}_fabric`
  ? OneObject<Omit<KindRow<K, T>, 'type' | 'id'> & { readonly id: string; readonly protocol: P }>
  : T extends `${infer P}_node`
    ? OneObject<Omit<KindRow<K, T>, 'type' | 'id'> & { readonly fabric_id: string; readonly node_id: string; readonly protocol: P }>
    : never;
