import type { deliveryMethods } from '../../contract/capacity-delivery.ts';
import { compareDelivery } from '../../core/capacity/delivery-models.ts';
import type { Handlers } from '../context.ts';

/** Containers vs VMs (issue 19): pure arithmetic over the model's parameters, no lab state. */
export const deliveryHandlers: Pick<Handlers, keyof typeof deliveryMethods> = {
  'capacity-delivery-compare': (input) => compareDelivery(input),
};
