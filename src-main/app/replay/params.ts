/**
 * The replay's named parameters (issue 17 part 4). None is a figure of the simulated estate; they
 * bound the work and the disk a scrub takes.
 */
export const REPLAY_PARAMS = {
  /**
   * A checkpoint of the replayed lab every this many simulated minutes. Design choice: a scrub then
   * replays at most 15 simulated minutes past the nearest checkpoint (on the default lab at full
   * speed a fraction of a second), against ~1 MB to a few MB of disk per checkpoint.
   */
  checkpointMinutes: 15,
  /**
   * Checkpoint files kept per lab folder (replay/checkpoints). Design choice: 48 × 15 min covers a
   * 12-hour training day; past it, files of another timeline go first, then the one closest to its
   * neighbour (coverage stays even).
   */
  maxCheckpoints: 48,
  /** Events (warning and worse) the timeline lists beside the actions, the newest kept. Design choice: one screen of markers. */
  markerLimit: 500,
} as const;
