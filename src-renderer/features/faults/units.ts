/** A unit as people read it after a number ("6×", "20 s", "30 %"). */
export function withUnit(v: number, unit: string): string {
  return unit === '×' ? `${v}×` : `${v} ${unit}`;
}
