// Containers vs VMs in the capacity tool (issue 19): this part of the method map (spread into `methods` in methods.ts).

import { z } from 'zod';
import { method } from './define.ts';

export const DELIVERY_WORKLOADS = ['task', 'knowledge', 'power'] as const;
export type DeliveryWorkload = (typeof DELIVERY_WORKLOADS)[number];
export const DELIVERY_MODELS = ['single-session', 'multi-session', 'container'] as const;
export type DeliveryModel = (typeof DELIVERY_MODELS)[number];

export interface DeliveryModelRow {
  model: DeliveryModel;
  /** Users one host carries: the smaller of the CPU and the memory figure. */
  usersPerHost: number;
  byCpu: number;
  byMemory: number;
  limitedBy: 'cpu' | 'memory';
  /** Hosts for the whole population (null when a host carries nobody). */
  hostsNeeded: number | null;
  /** Host memory per user, and the part of it that is not the user's own applications (guest OS, hypervisor, runtime). */
  memoryPerUserMb: number;
  overheadPerUserMb: number;
  /** Seconds from asking to a usable desktop or app, and what that time is. */
  startSec: number;
  startText: string;
  isolation: string;
  /** 3 strongest (own kernel) … 1 weakest (shared kernel). */
  isolationRank: number;
}

export interface DeliveryComparison {
  input: { users: number; workload: DeliveryWorkload; host: { sockets: number; coresPerSocket: number; ramGb: number } };
  rows: DeliveryModelRow[];
  /** The seed's comparison table, beside the model's numbers. */
  seed: {
    vmsPerHost: [number, number];
    containersPerHost: [number, number];
    vmStart: string;
    containerStart: string;
    vmMemory: string;
    containerMemory: string;
  };
  /** Whether the model's numbers fall where the seed's table says. */
  checks: {
    vmsInSeedRange: boolean;
    containersInSeedRange: boolean;
    vmStartsInMinutes: boolean;
    containerStartsInSeconds: boolean;
    vmOverheadInGb: boolean;
    containerOverheadInMb: boolean;
  };
}

export const deliveryMethods = {
  'capacity-delivery-compare': method<DeliveryComparison>()({
    description:
      'Containers vs VMs: the same user population as single-session VMs, multi-session VMs and containers — users per host (CPU and memory), memory and overhead per user, start time and isolation, from the model, beside the seed comparison table.',
    input: z.strictObject({
      users: z.number().int().min(1).max(1_000_000),
      workload: z.enum(DELIVERY_WORKLOADS).default('knowledge'),
      host: z
        .strictObject({
          sockets: z.number().int().min(1).max(8),
          coresPerSocket: z.number().int().min(1).max(256),
          ramGb: z.number().min(16).max(24_576),
        })
        .default({ sockets: 2, coresPerSocket: 20, ramGb: 768 }),
    }),
    mutates: false,
    permission: 'read',
  }),
};
