import type { Vocabulary } from '../../contract/entities.ts';

/**
 * The console's words in each vendor's vocabulary. The console is written once, in its own
 * (Horizon-based) wording, and the API and the server's messages keep those names; a rule here
 * says which of those words a Citrix or Azure Virtual Desktop admin would use instead, and also
 * where the console's wording borrowed another vendor's word (a "host pool" in the scaling plan, a
 * generic "session host") that a Horizon admin says differently.
 *
 * `from` lists the console's phrasings (matched whole-word, any case); each vocabulary gives the
 * word it puts in their place (the case of the first letter follows the text it replaces).
 * Longer phrases win over shorter ones ("desktop pools" before "desktop"), and text this table
 * wrote is never read again, so "host pool" in AVD terms is not turned into "host host pool".
 *
 * Sources (vendor documentation, read 2026-12):
 *  - H: Omnissa Horizon 8 Administration (desktop pools, instant / full clones, entitlements,
 *       push image, Connection Server, Horizon Agent, Horizon Help Desk Tool, RDS hosts, farms).
 *  - C: Citrix Virtual Apps and Desktops / DaaS, Web Studio and Director (machine catalogs, delivery
 *       groups, "Update machines" on an MCS catalog, master image, maintenance mode, VDA, Delivery
 *       Controller, static / random allocation, Autoscale with its capacity buffer, MCS full clone).
 *  - A: Microsoft Learn, Azure Virtual Desktop (host pools, session hosts, drain mode, personal /
 *       pooled host pools, Azure Compute Gallery image definitions and image versions, session host
 *       update, application group assignments, scaling plans, AVD Insights, the AVD Agent).
 */
export interface TermRule {
  /** What the rule is about, for the reader and the tests. */
  concept: string;
  /** The console's phrasings this rule replaces (lower case, matched whole-word in any case). */
  from: readonly string[];
  to: Readonly<Record<Vocabulary, string>>;
  /** H / C / A: which vendor documentation gives the words (see above). */
  source: string;
}

const same = (word: string): Readonly<Record<Vocabulary, string>> => ({ horizon: word, citrix: word, avd: word });

export const TERM_RULES: readonly TermRule[] = [
  // ---- words that stay as they are in every vocabulary (longer phrases protect their parts) ----
  { concept: 'generic: a virtual desktop', from: ['virtual desktop'], to: same('virtual desktop'), source: 'H C A' },
  { concept: 'generic: virtual desktops', from: ['virtual desktops'], to: same('virtual desktops'), source: 'H C A' },
  { concept: 'generic: remote desktop', from: ['remote desktop'], to: same('remote desktop'), source: 'H C A' },
  { concept: 'generic: a virtual machine', from: ['virtual machine'], to: same('virtual machine'), source: 'H C A' },
  { concept: 'generic: virtual machines', from: ['virtual machines'], to: same('virtual machines'), source: 'H C A' },
  { concept: 'this console as a desktop application', from: ['desktop app', 'desktop application'], to: same('desktop app'), source: '-' },
  { concept: 'an endpoint security product', from: ['security agent'], to: same('security agent'), source: '-' },
  { concept: 'a physical / capacity-test machine', from: ['test machine'], to: same('test machine'), source: '-' },

  // ---- products and components ----
  {
    concept: 'the client users run',
    from: ['horizon client'],
    to: { horizon: 'Horizon Client', citrix: 'Citrix Workspace app', avd: 'Windows App' },
    source: 'H C A',
  },
  { concept: 'the agent in the desktop', from: ['horizon agent'], to: { horizon: 'Horizon Agent', citrix: 'VDA', avd: 'AVD Agent' }, source: 'H C A' },
  { concept: 'the agent', from: ['agent'], to: { horizon: 'agent', citrix: 'VDA', avd: 'AVD Agent' }, source: 'H C A' },
  { concept: 'the agents', from: ['agents'], to: { horizon: 'agents', citrix: 'VDAs', avd: 'AVD Agents' }, source: 'H C A' },
  {
    concept: 'the broker',
    from: ['connection server'],
    to: { horizon: 'Connection Server', citrix: 'Delivery Controller', avd: 'AVD broker' },
    source: 'H C A',
  },
  {
    concept: 'the brokers',
    from: ['connection servers'],
    to: { horizon: 'Connection Servers', citrix: 'Delivery Controllers', avd: 'AVD brokers' },
    source: 'H C A',
  },
  {
    concept: 'the help desk tool',
    from: ['horizon help desk', 'help desk'],
    to: { horizon: 'Help Desk', citrix: 'Director', avd: 'AVD Insights' },
    source: 'H C A',
  },
  { concept: 'the product', from: ['horizon'], to: { horizon: 'Horizon', citrix: 'Citrix', avd: 'AVD' }, source: 'H C A' },

  // ---- pools ----
  {
    concept: 'a desktop pool',
    from: ['desktop pool', 'host pool'],
    to: { horizon: 'desktop pool', citrix: 'delivery group', avd: 'host pool' },
    source: 'H C A',
  },
  {
    concept: 'desktop pools',
    from: ['desktop pools', 'host pools'],
    to: { horizon: 'desktop pools', citrix: 'delivery groups', avd: 'host pools' },
    source: 'H C A',
  },
  { concept: 'a pool (short)', from: ['pool'], to: { horizon: 'pool', citrix: 'delivery group', avd: 'host pool' }, source: 'H C A' },
  { concept: 'pools (short)', from: ['pools'], to: { horizon: 'pools', citrix: 'delivery groups', avd: 'host pools' }, source: 'H C A' },
  {
    concept: "a pool's provisioning type",
    from: ['pool type'],
    to: { horizon: 'pool type', citrix: 'machine catalog type', avd: 'host pool type' },
    source: 'H C A',
  },
  {
    concept: 'pool kind: instant clone',
    from: ['instant clone', 'instant-clone'],
    to: { horizon: 'instant clone', citrix: 'MCS non-persistent', avd: 'pooled VM' },
    source: 'H C A',
  },
  {
    concept: 'instant clones',
    from: ['instant clones', 'instant-clones'],
    to: { horizon: 'instant clones', citrix: 'MCS non-persistent machines', avd: 'pooled VMs' },
    source: 'H C A',
  },
  {
    concept: 'pool kind: linked clone',
    from: ['linked clone', 'linked-clone'],
    to: { horizon: 'linked clone', citrix: 'MCS persistent', avd: 'persistent VM' },
    source: 'H C A',
  },
  {
    concept: 'linked clones',
    from: ['linked clones', 'linked-clones'],
    to: { horizon: 'linked clones', citrix: 'MCS persistent machines', avd: 'persistent VMs' },
    source: 'H C A',
  },
  {
    concept: 'pool kind: full clone',
    from: ['full clone', 'full-clone'],
    to: { horizon: 'full clone', citrix: 'MCS full clone', avd: 'full VM' },
    source: 'H C A',
  },
  { concept: 'full clones', from: ['full clones', 'full-clones'], to: { horizon: 'full clones', citrix: 'MCS full clones', avd: 'full VMs' }, source: 'H C A' },
  {
    concept: 'instant-clone guest customization',
    from: ['cloneprep'],
    to: { horizon: 'ClonePrep', citrix: 'MCS image preparation', avd: 'Sysprep' },
    source: 'H C A',
  },
  { concept: 'assignment: dedicated', from: ['dedicated'], to: { horizon: 'dedicated', citrix: 'static', avd: 'personal' }, source: 'H C A' },
  { concept: 'assignment: floating', from: ['floating'], to: { horizon: 'floating', citrix: 'random', avd: 'pooled' }, source: 'H C A' },
  {
    concept: 'an AVD pooled host pool',
    from: ['pooled host pool'],
    to: { horizon: 'floating desktop pool', citrix: 'random delivery group', avd: 'pooled host pool' },
    source: 'H C A',
  },
  {
    concept: 'an AVD personal host pool',
    from: ['personal host pool'],
    to: { horizon: 'dedicated desktop pool', citrix: 'static delivery group', avd: 'personal host pool' },
    source: 'H C A',
  },
  {
    concept: 'who may use a pool',
    from: ['entitlement'],
    to: { horizon: 'entitlement', citrix: 'user assignment', avd: 'app group assignment' },
    source: 'H C A',
  },
  {
    concept: 'who may use pools',
    from: ['entitlements'],
    to: { horizon: 'entitlements', citrix: 'user assignments', avd: 'app group assignments' },
    source: 'H C A',
  },
  { concept: 'to give access', from: ['entitle'], to: { horizon: 'entitle', citrix: 'assign', avd: 'assign' }, source: 'H C A' },
  { concept: 'given access', from: ['entitled'], to: { horizon: 'entitled', citrix: 'assigned', avd: 'assigned' }, source: 'H C A' },
  {
    concept: 'schedule-based power management',
    from: ['scaling plan'],
    to: { horizon: 'scaling plan', citrix: 'Autoscale schedule', avd: 'scaling plan' },
    source: 'C A',
  },
  {
    concept: 'schedule-based power management (plural)',
    from: ['scaling plans'],
    to: { horizon: 'scaling plans', citrix: 'Autoscale schedules', avd: 'scaling plans' },
    source: 'C A',
  },
  {
    concept: "Horizon's power policy",
    from: ['remote machine power policy'],
    to: { horizon: 'remote machine power policy', citrix: 'power management', avd: 'power management' },
    source: 'H C A',
  },
  { concept: 'no new sessions on a pool', from: ['drain mode'], to: { horizon: 'drain mode', citrix: 'maintenance mode', avd: 'drain mode' }, source: 'H C A' },

  // ---- images ----
  {
    concept: 'the base image',
    from: ['golden image', 'master image', 'base image'],
    to: { horizon: 'golden image', citrix: 'master image', avd: 'image definition' },
    source: 'H C A',
  },
  {
    concept: 'base images',
    from: ['golden images', 'master images', 'base images'],
    to: { horizon: 'golden images', citrix: 'master images', avd: 'image definitions' },
    source: 'H C A',
  },
  {
    concept: 'rolling an image out',
    from: ['push image', 'push-image'],
    to: { horizon: 'push image', citrix: 'update machines', avd: 'session host update' },
    source: 'H C A',
  },
  // "Push image" is Horizon's command and its name for the rollout; Citrix's command, "Update machines", is
  // a verb phrase that cannot stand as a noun ("No update machines tasks", "Cancel the update machines of"):
  // where the console uses push image as a noun, Citrix says a machine update, AVD a session host update.
  {
    concept: 'the tasks of an image rollout',
    from: ['push image tasks', 'push-image tasks'],
    to: { horizon: 'push image tasks', citrix: 'machine update tasks', avd: 'session host update tasks' },
    source: 'H C A',
  },
  {
    concept: 'the task of an image rollout',
    from: ['push image task', 'push-image task'],
    to: { horizon: 'push image task', citrix: 'machine update task', avd: 'session host update task' },
    source: 'H C A',
  },
  {
    concept: 'the image rollout of a pool',
    from: ['push image of'],
    to: { horizon: 'push image of', citrix: 'machine update of', avd: 'session host update of' },
    source: 'H C A',
  },
  {
    concept: 'an image rollout (with its article)',
    from: ['a push image'],
    to: { horizon: 'a push image', citrix: 'a machine update', avd: 'a session host update' },
    source: 'H C A',
  },
  { concept: 'start an image rollout now', from: ['push now'], to: { horizon: 'push now', citrix: 'update now', avd: 'update now' }, source: 'H C A' },
  { concept: 'an image rollout', from: ['image push', 'push'], to: { horizon: 'push', citrix: 'machine update', avd: 'session host update' }, source: 'H C A' },
  {
    concept: 'image rollouts',
    from: ['image pushes', 'pushes'],
    to: { horizon: 'pushes', citrix: 'machine updates', avd: 'session host updates' },
    source: 'H C A',
  },

  // ---- machines ----
  { concept: 'a VDI desktop (the VM)', from: ['desktop'], to: { horizon: 'desktop', citrix: 'machine', avd: 'session host' }, source: 'H C A' },
  { concept: 'VDI desktops (the VMs)', from: ['desktops'], to: { horizon: 'desktops', citrix: 'machines', avd: 'session hosts' }, source: 'H C A' },
  { concept: "a pool's machine", from: ['machine'], to: { horizon: 'machine', citrix: 'machine', avd: 'session host' }, source: 'H C A' },
  { concept: "a pool's machines", from: ['machines'], to: { horizon: 'machines', citrix: 'machines', avd: 'session hosts' }, source: 'H C A' },
  {
    concept: 'a multi-session machine',
    from: ['session host', 'rds host'],
    to: { horizon: 'RDS host', citrix: 'multi-session machine', avd: 'session host' },
    source: 'H C A',
  },
  {
    concept: 'multi-session hosting as a kind (an RDSH farm)',
    from: ['rdsh'],
    to: { horizon: 'RDSH', citrix: 'multi-session OS', avd: 'multi-session' },
    source: 'H C A',
  },
  {
    concept: 'multi-session machines',
    from: ['session hosts', 'rds hosts'],
    to: { horizon: 'RDS hosts', citrix: 'multi-session machines', avd: 'session hosts' },
    source: 'H C A',
  },
  {
    concept: 'machine state code: agent not reporting',
    from: ['agent_unreachable'],
    to: { horizon: 'agent_unreachable', citrix: 'unregistered', avd: 'unavailable' },
    source: 'H C A',
  },
  {
    concept: 'machine state code: waiting for the agent',
    from: ['wait_for_agent'],
    to: { horizon: 'wait_for_agent', citrix: 'wait_for_registration', avd: 'wait_for_avd_agent' },
    source: 'H C A',
  },
  {
    concept: 'rolling an image out to a pool',
    from: ['push image to'],
    to: { horizon: 'push image to', citrix: 'update machines in', avd: 'session host update for' },
    source: 'H C A',
  },
  {
    concept: 'machine state: agent not reporting',
    from: ['agent unreachable'],
    to: { horizon: 'Agent unreachable', citrix: 'Unregistered', avd: 'Unavailable' },
    source: 'H C A',
  },
];

/**
 * Words only one vendor uses: a page in another vocabulary must show none of them (the leak check).
 * "Azure" alone is a cloud, not AVD's word (a capacity test may say it was sized on Azure).
 */
export const EXCLUSIVE_TERMS: Readonly<Record<Vocabulary, readonly string[]>> = {
  horizon: [
    'desktop pool',
    'Horizon',
    'Connection Server',
    'instant clone',
    'linked clone',
    'push image',
    'golden image',
    'entitlement',
    'entitled',
    'ClonePrep',
    'Help Desk',
    'RDS host',
  ],
  citrix: [
    'delivery group',
    'machine catalog',
    'Citrix',
    'VDA',
    'Delivery Controller',
    'Director',
    'Studio',
    'master image',
    'update machines',
    'MCS',
    'Autoscale',
    'Workspace app',
    'Unregistered',
  ],
  avd: ['host pool', 'session host', 'Azure Virtual Desktop', 'AVD', 'image definition', 'app group', 'application group', 'Windows App', 'Insights'],
};

/**
 * Names of products, protocols and APIs that are facts rather than console vocabulary: a pool's
 * protocol can be Citrix HDX, a capacity test can run on Citrix XenServer, the lab serves a
 * Horizon-compatible REST API. They keep their names in every vocabulary.
 */
export const PROPER_NAMES: readonly string[] = [
  'Citrix HDX',
  'Citrix XenServer',
  "Citrix's rule of five and ten",
  "Citrix's rule of five",
  'VMware Blast',
  'Microsoft RDP',
  'Horizon REST',
  'Horizon-compatible REST',
  'Horizon-style REST',
  'Horizon Server REST',
];

export const VOCABULARY_NAMES: Readonly<Record<Vocabulary, string>> = {
  horizon: 'Omnissa Horizon',
  citrix: 'Citrix (Studio / Director)',
  avd: 'Azure Virtual Desktop',
};
