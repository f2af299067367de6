/**
 * Controllers (`controllers.cfg`): what every controller type shares, the
 * kind's file and id. The types (evpn, bgp, isis) are modules in
 * `controllers/`, each with its options, and the kind is assembled there
 * (`controllers/kind.ts`).
 */
export const controllerKindBase = {
  name: 'controllers',
  file: 'controllers.cfg',
  idProperty: 'controller',
  idSchema: {
    type: 'string',
    description: 'The SDN controller object identifier.',
    pattern: '[a-zA-Z][a-zA-Z0-9_-]*[a-zA-Z0-9]',
    minLength: 2,
    maxLength: 64,
  },
} as const;
