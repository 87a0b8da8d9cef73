import { describe, expect, it } from 'vitest';
import { CHART_COLORS, CHART_DASHES } from '../../web/src/lib/palette';

// Machado, Oliveira and Fernandes (2009): full-severity simulation matrices, applied in linear sRGB.
const SIMULATIONS: Record<string, number[][]> = {
  normal: [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

/** A colour as CIELAB (D65) after the simulation `m`. */
function seen(hex: string, m: number[][]): [number, number, number] {
  const rgb = [1, 3, 5].map((i) => linear(parseInt(hex.slice(i, i + 2), 16) / 255));
  const [r, g, b] = m.map((row) =>
    Math.min(
      1,
      Math.max(
        0,
        row.reduce((sum, k, i) => sum + k * rgb[i]!, 0),
      ),
    ),
  );
  const x = (0.4124 * r! + 0.3576 * g! + 0.1805 * b!) / 0.95047;
  const y = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  const z = (0.0193 * r! + 0.1192 * g! + 0.9505 * b!) / 1.08883;
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}

describe("the indicator chart's palette", () => {
  it.each(Object.keys(SIMULATIONS))('keeps every two lines apart with %s (ΔE*ab of 15 or more)', (name) => {
    const colours = CHART_COLORS.map((c) => seen(c, SIMULATIONS[name]!));
    let closest = Infinity;
    for (let i = 0; i < colours.length; i++)
      for (let j = i + 1; j < colours.length; j++)
        closest = Math.min(closest, Math.hypot(...colours[i]!.map((v, k) => v - colours[j]![k]!)));
    // The palette of issue 31's report came to 3.5 between two of its lines under deuteranopia.
    expect(closest).toBeGreaterThanOrEqual(15);
  });

  it('gives each of seven lines its own dash pattern', () => {
    expect(CHART_COLORS).toHaveLength(7);
    expect(new Set(CHART_DASHES).size).toBe(CHART_COLORS.length);
  });
});
