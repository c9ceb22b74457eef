import { UNITS_PER_MAJOR } from '@/lib/money';

/**
 * What can be created, and what it costs. Prices are integer units (1/10,000 CHF) per hour,
 * the ledger's unit, so the meter never rounds a price. They are copied onto each resource at
 * creation: a later price change applies to new resources only.
 */
export interface InstanceType {
  id: string;
  label: string;
  cpus: number;
  memoryGb: number;
  diskGb: number;
  /** Units per hour while the instance runs (and while it starts, reboots or stops). */
  hourlyRate: number;
}

/** A stopped instance still keeps its disk: this many units per GB and hour. */
export const STOPPED_DISK_RATE_PER_GB = 1;

/** A flat rate per bucket and hour (units), whatever it holds. */
export const BUCKET_HOURLY_RATE = 20;

const chf = (amount: number) => Math.round(amount * UNITS_PER_MAJOR);

export const INSTANCE_TYPES: readonly InstanceType[] = [
  { id: 'micro', label: 'Micro', cpus: 1, memoryGb: 1, diskGb: 10, hourlyRate: chf(0.01) },
  { id: 'small', label: 'Small', cpus: 2, memoryGb: 2, diskGb: 25, hourlyRate: chf(0.025) },
  { id: 'medium', label: 'Medium', cpus: 2, memoryGb: 4, diskGb: 50, hourlyRate: chf(0.05) },
  { id: 'large', label: 'Large', cpus: 4, memoryGb: 8, diskGb: 100, hourlyRate: chf(0.1) },
  { id: 'xlarge', label: 'Extra large', cpus: 8, memoryGb: 16, diskGb: 200, hourlyRate: chf(0.2) },
];

export const INSTANCE_TYPE_IDS = INSTANCE_TYPES.map((t) => t.id) as [string, ...string[]];

export function instanceType(id: string): InstanceType | undefined {
  return INSTANCE_TYPES.find((t) => t.id === id);
}

export function stoppedRate(type: InstanceType): number {
  return type.diskGb * STOPPED_DISK_RATE_PER_GB;
}

export const ZONES = [
  { id: 'ch-gva-2', label: 'Geneva (ch-gva-2)' },
  { id: 'ch-dk-2', label: 'Zürich (ch-dk-2)' },
  { id: 'de-fra-1', label: 'Frankfurt (de-fra-1)' },
  { id: 'de-muc-1', label: 'Munich (de-muc-1)' },
  { id: 'at-vie-1', label: 'Vienna (at-vie-1)' },
  { id: 'bg-sof-1', label: 'Sofia (bg-sof-1)' },
] as const;

export const ZONE_IDS = ZONES.map((z) => z.id) as unknown as readonly [
  (typeof ZONES)[number]['id'],
  ...(typeof ZONES)[number]['id'][],
];
