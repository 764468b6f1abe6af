import { CAPACITY_DEFINITION } from '../../contract/capacity-entities.ts';
import { type CapacityDefinitionRecord } from '../../contract/capacity-results.ts';
import knowledge2x24 from '../../../resources/capacity/knowledge-2x24.json' with { type: 'json' };
import rule16 from '../../../resources/capacity/rule-of-five-16-cores.json' with { type: 'json' };
import rule36 from '../../../resources/capacity/rule-of-five-36-cores.json' with { type: 'json' };
import rule48 from '../../../resources/capacity/rule-of-five-48-cores.json' with { type: 'json' };
import multiMedium from '../../../resources/capacity/multi-session-medium.json' with { type: 'json' };
import multiDepth from '../../../resources/capacity/multi-session-depth-first.json' with { type: 'json' };
import memoryStarved from '../../../resources/capacity/memory-starved.json' with { type: 'json' };
import storageStarved from '../../../resources/capacity/storage-starved.json' with { type: 'json' };
import protocolBlast from '../../../resources/capacity/protocol-blast.json' with { type: 'json' };
import protocolRdp from '../../../resources/capacity/protocol-rdp.json' with { type: 'json' };

/**
 * The example definitions of resources/capacity, bundled (imported, so the
 * packaged app has them without a resources folder). A new example file is
 * added here too; a unit test checks that every file in the folder is listed.
 */
export const EXAMPLE_FILES: Record<string, unknown> = {
  'knowledge-2x24': knowledge2x24,
  'rule-of-five-16-cores': rule16,
  'rule-of-five-36-cores': rule36,
  'rule-of-five-48-cores': rule48,
  'multi-session-medium': multiMedium,
  'multi-session-depth-first': multiDepth,
  'memory-starved': memoryStarved,
  'storage-starved': storageStarved,
  'protocol-blast': protocolBlast,
  'protocol-rdp': protocolRdp,
};

let cache: CapacityDefinitionRecord[] | null = null;

/** The examples as read-only definition records (id "example:<file>"). */
export function capacityExamples(): CapacityDefinitionRecord[] {
  cache ??= Object.entries(EXAMPLE_FILES).map(([file, json]) => {
    const definition = CAPACITY_DEFINITION.parse(json);
    return { id: `example:${file}`, source: 'example' as const, name: definition.name, definition, savedAt: null };
  });
  return cache.map((r) => structuredClone(r));
}
