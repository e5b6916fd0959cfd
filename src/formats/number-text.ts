/**
 * Numbers in messages about a value that should have been some other value ("weights sum to …,
 * not 1"): written with as few digits as read well, but never so few that the number prints as
 * the value it differs from (GENIUS's genius_7issues has weights summing to 1 + 2e-10, which at 8
 * significant digits printed "weights sum to 1, not 1").
 */

/**
 * `x` with at least `digits` significant digits, and more (up to 17, exact) until it no longer
 * reads as `target`.
 *
 * @example
 * differingText(1.0000000002, 1); // '1.0000000002'
 * differingText(0.9999998123, 1); // '0.99999981'
 */
export function differingText(x: number, target: number, digits = 8): string {
  for (let p = digits; p < 17; p++) {
    const shown = Number(x.toPrecision(p));
    if (shown !== target || x === target) return String(shown);
  }
  return String(x);
}
