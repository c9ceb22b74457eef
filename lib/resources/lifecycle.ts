import type { InstanceState } from '@/db/schema';

/**
 * The simulated lifecycle: which request is allowed from which state, and the transitional
 * state it enters (settled later by lib/resources/settle.ts). Delete is allowed from any
 * state but destroying; every other request needs a settled state.
 */
export const INSTANCE_OPERATIONS = {
  start: { from: ['stopped'], to: 'starting', verb: 'started', needs: 'a stopped instance' },
  stop: { from: ['running'], to: 'stopping', verb: 'stopped', needs: 'a running instance' },
  reboot: { from: ['running'], to: 'rebooting', verb: 'rebooted', needs: 'a running instance' },
  delete: {
    from: ['starting', 'running', 'stopping', 'stopped', 'rebooting'],
    to: 'destroying',
    verb: 'deleted',
    needs: 'an instance that is not already being deleted',
  },
} as const satisfies Record<
  string,
  { from: readonly InstanceState[]; to: InstanceState; verb: string; needs: string }
>;

export type InstanceOperation = keyof typeof INSTANCE_OPERATIONS;

export const TRANSITIONAL_STATES: readonly InstanceState[] = [
  'starting',
  'stopping',
  'rebooting',
  'destroying',
];

export function isTransitional(state: InstanceState): boolean {
  return TRANSITIONAL_STATES.includes(state);
}

export function canApply(operation: InstanceOperation, state: InstanceState): boolean {
  return (INSTANCE_OPERATIONS[operation].from as readonly InstanceState[]).includes(state);
}
