// What an XY chart of a capacity run draws: x is a count (active sessions, a
// minute of the test), not time, and markers (VSIbase, the threshold, VSImax)
// are part of the picture, not an afterthought. Pure data: no DOM here.

import type { ChartColor } from '../../../components/charts/chart-theme.ts';

export interface XYSeries {
  key: string;
  label: string;
  color: ChartColor;
  /** One value per x (null: no value there). */
  values: ArrayLike<number | null>;
  /** y axis (scale key, default 'y'). */
  scale?: string;
  /** Dots only, no line (raw samples). */
  dots?: boolean;
  width?: number;
  dash?: number[];
  fill?: boolean;
  /** Join the line across missing x (the index curve over merged x values). */
  spanGaps?: boolean;
  format(v: number): string;
}

export type MarkerTone = 'info' | 'success' | 'warning' | 'danger' | 'muted';

/**
 * A reference drawn on the plot: a horizontal line at a y value, a vertical line
 * at an x value, or a band of x (the saturated zone right of VSImax).
 */
export type XYMarker =
  | { kind: 'hline'; y: number; scale?: string; label: string; tone: MarkerTone; id: string; color?: ChartColor }
  | { kind: 'vline'; x: number; label: string; tone: MarkerTone; id: string; color?: ChartColor }
  | { kind: 'xband'; from: number; to: number; label?: string; tone: MarkerTone; id: string; color?: ChartColor };

export interface XYAxis {
  scale: string;
  side?: 'left' | 'right';
  label?: string;
  format(v: number): string;
  /** Fixed range (percent 0–100); default 0 … a round number above the data. */
  range?: [number, number];
}

export interface XYChartSpec {
  id: string;
  title: string;
  xLabel: string;
  formatX(v: number): string;
  x: ArrayLike<number>;
  series: XYSeries[];
  axes: XYAxis[];
  markers?: XYMarker[];
  /** Fixed x range; default the data's extent. */
  xRange?: [number, number];
}
