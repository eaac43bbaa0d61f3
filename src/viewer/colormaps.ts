/** Colour maps offered for DTI maps; stops are [position 0..1, r, g, b 0..1], shared by Cornerstone and the colourbar. */
export type ColormapName = 'grey' | 'hot' | 'viridis' | 'jet' | 'perfusion';

export const COLORMAP_NAMES: ColormapName[] = ['grey', 'hot', 'viridis', 'jet', 'perfusion'];

/** Registered under these names in Cornerstone (prefixed so they never collide with vtk presets). */
export const cornerstoneColormapName = (name: ColormapName): string => `dti-${name}`;

export const COLORMAP_LABELS: Record<ColormapName, string> = { grey: 'Grey', hot: 'Hot', viridis: 'Viridis', jet: 'Jet (legacy)', perfusion: 'Perfusion rainbow' };

export const COLORMAP_STOPS: Record<ColormapName, [number, number, number, number][]> = {
  grey: [
    [0, 0, 0, 0],
    [1, 1, 1, 1],
  ],
  // Black → red → yellow → white, as matplotlib's "hot".
  hot: [
    [0, 0.0416, 0, 0],
    [0.365, 1, 0, 0],
    [0.746, 1, 1, 0],
    [1, 1, 1, 1],
  ],
  // matplotlib viridis sampled at ninths: perceptually uniform, the default for quantitative maps.
  viridis: [
    [0, 0.267, 0.005, 0.329],
    [0.125, 0.283, 0.141, 0.458],
    [0.25, 0.254, 0.265, 0.53],
    [0.375, 0.207, 0.372, 0.553],
    [0.5, 0.164, 0.471, 0.558],
    [0.625, 0.128, 0.567, 0.551],
    [0.75, 0.267, 0.679, 0.478],
    [0.875, 0.59, 0.804, 0.287],
    [1, 0.993, 0.906, 0.144],
  ],
  // MATLAB jet: kept because older trial sites read ADC maps in it, not for its perceptual merits.
  jet: [
    [0, 0, 0, 0.5],
    [0.125, 0, 0, 1],
    [0.375, 0, 1, 1],
    [0.625, 1, 1, 0],
    [0.875, 1, 0, 0],
    [1, 0.5, 0, 0],
  ],
  // Black → blue → cyan → green → yellow → red → white: the rainbow CT perfusion software shows
  // CBF, CBV, MTT and Tmax in, so low flow reads dark blue and long delays red as readers expect.
  perfusion: [
    [0, 0, 0, 0],
    [0.15, 0, 0, 0.8],
    [0.3, 0, 0.8, 1],
    [0.45, 0, 0.85, 0.2],
    [0.65, 1, 1, 0],
    [0.85, 1, 0, 0],
    [1, 1, 1, 1],
  ],
};

/** Flat vtk RGBPoints [x, r, g, b, …] over [0, 1]; Cornerstone stretches it over the window. */
export function rgbPoints(name: ColormapName): number[] {
  return COLORMAP_STOPS[name].flat();
}

/** CSS gradient of a colour map, bottom (low) to top (high), for the vertical colourbar. */
export function cssGradient(name: ColormapName): string {
  const stops = COLORMAP_STOPS[name].map(
    ([x, r, g, b]) => `rgb(${Math.round(r * 255)}, ${Math.round(g * 255)}, ${Math.round(b * 255)}) ${(x * 100).toFixed(1)}%`,
  );
  return `linear-gradient(to top, ${stops.join(', ')})`;
}
