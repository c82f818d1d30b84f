// A line chart's geometry from data, with no DOM: scales, "nice" ticks and SVG path data. The webview turns
// the result into elements; unit tests check the numbers.

export interface ChartSeriesInput {
  key: string;
  label: string;
  /** One value per point; points sit at `xs[i]`. */
  values: readonly number[];
}

export interface ChartInput {
  width: number;
  height: number;
  /** X of each point (e.g. seconds from the start). */
  xs: readonly number[];
  series: readonly ChartSeriesInput[];
  /** Room for the axes' labels. */
  margin?: { top: number; right: number; bottom: number; left: number };
}

export interface Tick {
  value: number;
  /** Pixel position along its axis. */
  at: number;
  label: string;
}

export interface ChartGeometry {
  plot: { x: number; y: number; width: number; height: number };
  xMax: number;
  yMax: number;
  xTicks: Tick[];
  yTicks: Tick[];
  paths: Array<{ key: string; label: string; d: string }>;
}

const DEFAULT_MARGIN = { top: 10, right: 16, bottom: 28, left: 56 };

/** Round tick values 0, step, 2·step… covering `max` with about `count` ticks (step is 1, 2 or 5 × 10^n). */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const rough = max / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let i = 0; ; i++) {
    const value = Number((i * step).toPrecision(12));
    ticks.push(value);
    if (value >= max) break;
  }
  return ticks;
}

/** 1,500 → `1.5k`, 2,000,000 → `2M`: short labels for the value axis. */
export function shortNumber(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1e6) return `${Number((n / 1e6).toPrecision(3))}M`;
  if (abs >= 1e3) return `${Number((n / 1e3).toPrecision(3))}k`;
  return String(Number(n.toPrecision(3)));
}

/** Seconds as a time-axis label: `45s`, `12m`, `2h30`. */
export function timeLabel(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)}m`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, '0')}`;
}

const SECOND_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600];

function timeTicks(max: number, count = 6): number[] {
  const step = SECOND_STEPS.find((s) => max / s <= count) ?? Math.ceil(max / count / 3600) * 3600;
  const ticks: number[] = [];
  for (let v = 0; v <= max; v += step) ticks.push(v);
  return ticks;
}

const fixed = (n: number): string => String(Math.round(n * 10) / 10);

export function chartGeometry(input: ChartInput): ChartGeometry {
  const margin = input.margin ?? DEFAULT_MARGIN;
  const plot = { x: margin.left, y: margin.top, width: Math.max(1, input.width - margin.left - margin.right), height: Math.max(1, input.height - margin.top - margin.bottom) };
  const xMax = Math.max(1, ...input.xs);
  let dataMax = 0;
  for (const s of input.series) for (const v of s.values) if (v > dataMax) dataMax = v;
  const yValues = niceTicks(dataMax);
  const yMax = yValues[yValues.length - 1]!;
  const sx = (x: number): number => plot.x + (x / xMax) * plot.width;
  const sy = (y: number): number => plot.y + plot.height - (y / yMax) * plot.height;
  const paths = input.series.map((s) => {
    const parts: string[] = [];
    s.values.forEach((v, i) => parts.push(`${i === 0 ? 'M' : 'L'}${fixed(sx(input.xs[i] ?? 0))},${fixed(sy(v))}`));
    return { key: s.key, label: s.label, d: parts.join(' ') };
  });
  return {
    plot,
    xMax,
    yMax,
    xTicks: timeTicks(xMax).map((value) => ({ value, at: sx(value), label: timeLabel(value) })),
    yTicks: yValues.map((value) => ({ value, at: sy(value), label: shortNumber(value) })),
    paths,
  };
}
