/**
 * The line chart's colours: Okabe and Ito's palette, told apart with every common colour-vision deficiency
 * (tests/unit/chart-palette.test.ts checks it under simulated protanopia, deuteranopia and tritanopia). Each line
 * also has its own dash pattern and its number at its end, so no line is known by colour alone.
 */
export const CHART_COLORS = ['#000000', '#e69f00', '#0072b2', '#009e73', '#d55e00', '#56b4e9', '#cc79a7'];
export const CHART_DASHES = ['', '6 3', '2 2', '8 3 2 3', '4 4', '1 3', '10 2'];
