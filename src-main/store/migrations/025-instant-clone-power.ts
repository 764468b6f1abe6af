import type { Migration } from './types.ts';

// Black-box round 6: instant-clone pools carried "Take no power action" (the generator's) or any policy an admin picked,
// while Horizon gives instant clones no power policy: they are always powered on, and its API accepts only
// ALWAYS_POWERED_ON for them (View API DesktopLogoffSettings.powerPolicy; Horizon 8 "Power Policies for Desktop Pools":
// "instant clones are always powered on"). The engine builds its pools from these rows, so a lab opened after this
// migration powers its instant clones as Horizon does; pool-create and pool-update refuse any other policy for them. A data
// migration only (no trigger holds the rule: a lab file has none, and checkpoint files with one are refused as foreign); a
// checkpoint made before it is brought up to it on restore or import like any other.
export const migration025: Migration = {
  version: 25,
  name: 'pools: instant clones are always powered on',
  dataOnly: true,
  up(db) {
    db.exec(`
      UPDATE pools SET power_policy = 'always-on' WHERE kind = 'instant-clone' AND power_policy <> 'always-on';
    `);
  },
};
