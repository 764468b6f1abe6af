// The fault catalogue (issue 17): every kind of fault an instructor can inject, its target type, its
// parameters (units, bounds, defaults and their sources) and what it does through the models. The
// methods that inject, list and clear faults: fault-methods.ts (which re-exports all of this).

/** What a fault is aimed at: one host, one datastore, one desktop pool, one client network profile, or the whole estate. */
export const FAULT_TARGET_TYPES = ['host', 'datastore', 'pool', 'network', 'global'] as const;
export type FaultTargetType = (typeof FAULT_TARGET_TYPES)[number];

/** One numeric parameter of a fault kind: bounds, default, unit and where the default comes from. */
export interface FaultParamSpec {
  label: string;
  unit: string;
  min: number;
  max: number;
  default: number;
  /** Where the default comes from, or "estimate" with the reasoning. */
  source: string;
}

export interface FaultKindSpec {
  label: string;
  target: FaultTargetType;
  severity: 'warning' | 'error' | 'critical';
  /** What admins would recognise: the symptom and its usual cause. */
  description: string;
  /** Which model figure it moves. */
  acts: string;
  params: Record<string, FaultParamSpec>;
}

const factor = (label: string, def: number, max: number, source: string): FaultParamSpec => ({ label, unit: '×', min: 1, max, default: def, source });

/** The host failures of the catalogue: each runs the cluster's vSphere HA model, and its end (or clear) is a host repair. */
export const HOST_FAILURE_FAULTS = { 'host-power-loss': 'power-loss', 'host-isolation': 'isolation', 'host-psod': 'psod' } as const;

/**
 * The catalogue. Every number is a named parameter with its source (or marked as an estimate).
 * Every kind here is run by the engine; the host failures go through the cluster's HA model exactly
 * as the `host-fail` / `host-repair` methods do (docs/FAULTS.md).
 */
export const FAULT_CATALOGUE = {
  'host-power-loss': {
    label: 'Host power loss',
    target: 'host',
    severity: 'critical',
    description:
      'The host loses power (both PSUs, a PDU or a blade chassis): every VM on it stops at once and its sessions drop. vSphere HA declares it dead and restarts the VMs on the other hosts, by restart priority, as admission control allows.',
    acts: "Runs the cluster's HA model: the host stops, its sessions are lost, an HA failover task restarts its VMs elsewhere after the declare time. The fault's end (or a clear, or the trainee's host repair) powers the host back on: ESXi boots, then it rejoins the cluster.",
    params: {},
  },
  'host-isolation': {
    label: 'Host network isolation',
    target: 'host',
    severity: 'error',
    description:
      'The host loses its management network (a switch port, a VLAN change, a bad uplink): it still runs its VMs, but vCenter and its HA peers cannot see it, and the users cannot reach their desktops. HA applies the isolation response.',
    acts: "Runs the cluster's HA model in isolation mode: sessions on the host drop, the VMs are restarted elsewhere per the isolation response. The fault's end (or a clear, or a repair) restores the network: the host connects again.",
    params: {},
  },
  'host-psod': {
    label: 'Host purple screen (PSOD)',
    target: 'host',
    severity: 'critical',
    description:
      'ESXi halts with a purple diagnostic screen (a driver or firmware bug, a hardware machine-check): the VMs on it stop. To vSphere HA a host that stopped responding with its VMs down: they restart on the other hosts.',
    acts: "Runs the cluster's HA model like a power loss (the host stops answering, VMs restart elsewhere). The fault's end, a clear or a repair reboots the host (ESXi boot time, then it rejoins).",
    params: {},
  },
  'datastore-latency-spike': {
    label: 'Datastore latency spike',
    target: 'datastore',
    severity: 'warning',
    description:
      'The array answers slowly (a busy neighbour on shared storage, a rebuild, a failing disk group): every I/O on the datastore takes longer, so logons and user actions slow down.',
    acts: "Multiplies the datastore's service time in the storage queue model: latency rises, and with it the storage-bound logon phases and response times.",
    params: {
      serviceFactor: factor(
        'Service time multiplier',
        6,
        50,
        'Estimate: a flash array at ~0.5 ms going to 3 ms is the "latency spike" vendors alert on (Pure1 / vROps default alert at > 3 ms for 5 min)',
      ),
    },
  },
  'datastore-outage': {
    label: 'Datastore outage (All Paths Down)',
    target: 'datastore',
    severity: 'critical',
    description:
      'The hosts lose every path to the datastore (APD: a fabric or array outage). I/O queues up and nothing completes; VMs on it hang until the paths come back.',
    acts: "Cuts the datastore's IOPS capacity to a trickle in the storage queue model: the backlog grows, latency climbs to seconds, boots and logons on it stall.",
    params: {
      residualPct: {
        label: 'Capacity left',
        unit: '%',
        min: 0.01,
        max: 10,
        default: 0.1,
        source:
          'Estimate: APD serves nothing; a trickle keeps the queue model finite (ESXi retries I/O for 140 s before declaring APD timeout, VMware KB 2004684)',
      },
    },
  },
  'array-controller-failover': {
    label: 'Array controller failover',
    target: 'datastore',
    severity: 'error',
    description:
      'One storage controller fails and its partner takes over: a short pause while paths fail over, then the array runs on one controller at reduced performance until the other is replaced.',
    acts: 'Pauses I/O (capacity to a trickle) for the failover, then runs the datastore at a reduced IOPS capacity in the storage queue model.',
    params: {
      pauseSec: {
        label: 'Failover pause',
        unit: 's',
        min: 1,
        max: 300,
        default: 20,
        source: 'Vendor figures for ALUA path failover: a few seconds to ~30 s (NetApp ONTAP takeover ≤ 60 s, Pure ≤ 30 s)',
      },
      capacityPct: {
        label: 'Capacity on one controller',
        unit: '%',
        min: 10,
        max: 100,
        default: 50,
        source: 'Active/active dual-controller arrays: one controller carries half the front-end capacity (estimate)',
      },
    },
  },
  'datastore-fill': {
    label: 'Datastore filling up',
    target: 'datastore',
    severity: 'warning',
    description:
      'A thin-provisioned datastore fills up (a runaway log or update cache in the guests, thin disks overcommitted): used space climbs, the "Datastore usage on disk" alarm warns at 75 % and goes critical at 85 %, and once the datastore is full ESXi stuns every VM on it that writes a new block ("There is no more space for virtual disk … freeing disk space … Retry"): users see a frozen desktop until space is freed (delete or consolidate snapshots, move or delete machines) or the cause is removed.',
    acts: "Allocates new blocks to the datastore's powered-on VMs' folders at the rate (shared equally among them, never past the datastore's free space). A full datastore (any cause) stuns its running VMs: their sessions stay but freeze and get no response, the VMs demand no CPU or I/O, the broker places no new logon on them, no snapshot delta grows there, new clones fail for lack of space. The fault's end or clear returns the blocks it allocated (guest files deleted, UNMAP).",
    params: {
      rateGbPerHour: {
        label: 'Growth rate',
        unit: 'GB/h',
        min: 0.1,
        max: 100_000,
        default: 200,
        source:
          'Estimate: a logging or update-cache runaway writing ~2 GB/h in each of ~100 desktops on a datastore (a Windows feature update stages 3–4 GB per guest in well under an hour)',
      },
    },
  },
  'snapshot-growth': {
    label: 'Snapshot left to grow',
    target: 'pool',
    severity: 'warning',
    description:
      "A backup job snapshotted machines of the pool and failed to remove its snapshots (a proxy crash, a timeout): each delta disk keeps every new block the guest writes, so it grows hour after hour, eats the datastore's free space, and the VM's I/O walks a longer chain. The snapshot-size alarm fires, then the datastore's free-space alarm. The fix: delete (consolidate) the snapshots; reverting would throw away the users' work.",
    acts: "When it starts, takes a disk-only snapshot named like a backup job's of that many machines of the pool, running ones first, as a snapshot taken by an admin would be. While it lasts, each of those machines' active delta grows at the rate (while it runs) on top of its own writes: the space comes from its datastore, the writes add to its I/O, and the VM's I/O latency rises with the delta's size. It ends by itself once none of them holds a snapshot; a clear stops the extra growth and leaves the snapshots.",
    params: {
      machines: {
        label: 'Machines left with a snapshot',
        unit: 'machines',
        min: 1,
        max: 500,
        default: 3,
        source: 'The instructor sets it (a backup job covering part of a persistent pool)',
      },
      rateGbPerHour: {
        label: 'Delta growth per machine',
        unit: 'GB/h',
        min: 0.01,
        max: 1000,
        default: 5,
        source:
          'Estimate: a busy desktop writes ~20 IOPS of new 16 KB blocks in an office hour (DOMAIN.md: 4–10 IOPS steady, 80–90 % writes, more under updates and scans) ≈ 1–5 GB/h',
      },
    },
  },
  'host-memory-hog': {
    label: 'Memory-hungry VM on a host',
    target: 'host',
    severity: 'warning',
    description:
      "A large server VM with a full memory reservation lands on a VDI host (a database server vMotioned in by hand, DRS in manual mode): the host's memory is over-committed, ESXi reclaims from the desktops (ballooning, then compression and swapping) and everyone on the host slows down. The fix: move the desktops (or the VM) off the host, e.g. maintenance mode's evacuation, or get the VM removed.",
    acts: "Adds the VM's reserved memory to the host's consumed memory in the memory model: free memory falls through ESXi's states (soft: ballooning; hard: compression and swapping; low: allocations blocked), the desktops on the host balloon and swap, their response times climb.",
    params: {
      reservedGb: {
        label: 'Reserved memory',
        unit: 'GB',
        min: 1,
        max: 16_384,
        default: 256,
        source:
          'The instructor sizes it to the host; reserving all of a business-critical VM\'s memory is vSphere best practice for SQL Server and SAP HANA VMs (VMware "Architecting Microsoft SQL Server on vSphere")',
      },
    },
  },
  'host-nic-degraded': {
    label: 'Host uplinks degraded',
    target: 'host',
    severity: 'warning',
    description:
      'An uplink of the host fails or negotiates down (a bad cable or optic, a port flapping to 1 GbE): display traffic through the host shares what is left and queues.',
    acts: "Scales the host's uplink line rate in the host uplink model: sessions on the host get less bandwidth and more round trip.",
    params: {
      capacityPct: {
        label: 'Line rate left',
        unit: '%',
        min: 0.1,
        max: 100,
        default: 10,
        source: 'A 10 GbE uplink falling back to 1 GbE leaves 10 % (estimate for a typical autonegotiation fault)',
      },
    },
  },
  'network-impairment': {
    label: 'Client network impairment',
    target: 'network',
    severity: 'warning',
    description:
      'The users on one kind of client network (a branch office WAN, home broadband, hotel Wi-Fi) see more latency, packet loss and less bandwidth: a congested MPLS link, an ISP problem.',
    acts: 'Adds round trip and loss and scales the bandwidth of the network profile for every session on it: display quality, frame rate and the protocol handshake follow.',
    params: {
      addRttMs: {
        label: 'Added round trip',
        unit: 'ms',
        min: 0,
        max: 2000,
        default: 150,
        source: 'DOMAIN.md: RTT over 200 ms is poor; +150 ms takes a branch WAN there',
      },
      addLossPct: {
        label: 'Added packet loss',
        unit: '%',
        min: 0,
        max: 50,
        default: 3,
        source: 'Blast degrades visibly from ~3 % loss (VMware Blast Extreme optimization guide)',
      },
      bandwidthPct: { label: 'Bandwidth left', unit: '%', min: 1, max: 100, default: 30, source: 'Estimate: a saturated shared link' },
    },
  },
  'broker-outage': {
    label: 'Connection Server outage',
    target: 'global',
    severity: 'critical',
    description:
      'The Connection Servers do not answer (service down, load balancer health check failing): nobody can start or reconnect a session; sessions already running go on.',
    acts: 'The broker refuses every connection request with the failure reason "broker-unavailable"; simulated users retry as they do after any failure.',
    params: {},
  },
  'broker-slowness': {
    label: 'Connection Server slow',
    target: 'global',
    severity: 'warning',
    description: 'The Connection Servers answer slowly (ADAM replication, a busy LDAP, an overloaded server): the brokering phase of every logon lengthens.',
    acts: 'Multiplies the brokering phase of the logon model for logons that start while it lasts.',
    params: { factor: factor('Brokering time multiplier', 10, 100, 'Estimate: brokering 0.8 s → 8 s, the "spinning wheel" users report') },
  },
  'directory-slowness': {
    label: 'Directory (Active Directory) slow',
    target: 'global',
    severity: 'warning',
    description: 'Domain controllers answer slowly (a DC down, replication trouble, Kerberos retries over a WAN): authentication takes longer at every logon.',
    acts: 'Multiplies the authentication phase of the logon model for logons that start while it lasts.',
    params: { factor: factor('Authentication time multiplier', 8, 100, 'Estimate: 2.2 s → ~18 s, as with a DC lookup timing out once') },
  },
  'profile-server-slowness': {
    label: 'Profile server slow',
    target: 'global',
    severity: 'warning',
    description: 'The file server holding roaming profiles / FSLogix containers is slow (SMB latency, antivirus scans): the profile load at logon drags.',
    acts: 'Multiplies the profile-load phase of the logon model for logons that start while it lasts.',
    params: { factor: factor('Profile load multiplier', 5, 100, 'Estimate: a 1 GB profile over a slow SMB share, 15 s → over a minute') },
  },
  'license-exhaustion': {
    label: 'Licence exhausted',
    target: 'global',
    severity: 'error',
    description: 'The concurrent-user licence is used up (a licence expired or was reduced): users beyond the cap are refused until a session ends.',
    acts: 'The broker refuses a new session when the number of sessions is at the cap, with the failure reason "license-exhausted"; reconnects to existing sessions go on.',
    params: {
      maxSessions: {
        label: 'Concurrent sessions allowed',
        unit: 'sessions',
        min: 0,
        max: 1_000_000,
        default: 100,
        source: 'The instructor sets the cap (a licence count)',
      },
    },
  },
  'pool-exhaustion': {
    label: 'Pool exhausted',
    target: 'pool',
    severity: 'error',
    description:
      'The pool has no spare machine: provisioning is held (a hosting connection or vCenter refusing clones, a naming pattern exhausted) and every machine is taken, so new users are refused.',
    acts: 'The broker finds no free machine in the pool for new sessions ("no-desktop") and the pool provisions no new clones until the fault ends.',
    params: {},
  },
  'bad-image': {
    label: 'Bad golden image',
    target: 'pool',
    severity: 'error',
    description:
      'The image version the pool provisions from is broken (a Sysprep / ClonePrep failure, a corrupt or missing Horizon Agent, a broken domain join script): every machine cloned from it fails customization and ends in Error ("customization failed"), and a machine already on it that restarts or powers on boots with a dead agent (Agent unreachable); as recomposed and new machines fail, the pool runs out and users get "no desktop available". The fix an admin applies: push the previous (good) version back, or recover the machines once the image is fixed.',
    acts: "Marks the pool's current image version (a push under way: its target) as bad for the provisioning model: a machine of the pool on that version whose customization finishes goes to ERROR with a customization problem instead of AVAILABLE, and a push with stop on first error stops there; a machine on that version that boots (restart, reset, power-on by policy or admin) goes to AGENT_UNREACHABLE instead of AVAILABLE. Machines on another version (a rollback push) customize normally; machines already in Error stay there until recovered, refreshed or recomposed.",
    params: {},
  },
  'cpu-hog': {
    label: 'Runaway process (CPU hog)',
    target: 'pool',
    severity: 'warning',
    description:
      'A process in the guest spins (a stuck antivirus scan, a broken update agent, a browser tab): a share of the pool’s desktops burn CPU, their hosts get busy and CPU ready rises.',
    acts: 'Adds the hog’s vCPUs of demand to the affected desktops in the engine’s load pass: host CPU, ready time and everyone’s response times follow.',
    params: {
      sharePct: { label: 'Desktops affected', unit: '%', min: 1, max: 100, default: 30, source: 'Estimate: an agent update reaching part of the pool' },
      vcpus: {
        label: 'vCPUs spun per desktop',
        unit: 'vCPU',
        min: 0.1,
        max: 8,
        default: 1,
        source: 'A single-threaded runaway process saturates one vCPU (clamped to the desktop’s vCPUs)',
      },
    },
  },
} as const satisfies Record<string, FaultKindSpec>;

export type FaultKind = keyof typeof FAULT_CATALOGUE;
export const FAULT_KINDS = Object.keys(FAULT_CATALOGUE) as FaultKind[];
