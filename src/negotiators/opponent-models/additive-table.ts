/**
 * The table behind an additive opponent estimate: `û(ω) = Σ_i c_i(slot_i(ω_i))`, one cell per value
 * slot of each issue (../opponent-models/types.ts: a value's index, or its bin for wide ranges),
 * summed in issue order from 0. The frequency and Bayesian models keep their estimate here, so that
 * the estimate of one outcome costs one lookup per issue, and the estimate of a bid of a `BidSpace`
 * reads the bid space's digit table directly (a second, per-digit copy of the cells, rebuilt only
 * when the cells change), with no outcome built. A model writes each cell with exactly the
 * arithmetic it used to compute per outcome (e.g. `w_i · e_i(v)`), so the sums, and every decision
 * taken on them, are bit for bit those of the per-outcome code.
 */
import type { Issue } from '../../model/issues.ts';
import type { Outcome, OutcomeSpace } from '../../model/outcome-space.ts';
import type { BidSpace, DigitPrefixTree } from '../bid-space.ts';
import { valueSlot, valueSlots } from './types.ts';

/**
 * Per-issue cells of an additive estimate, readable by outcome or by bid position.
 *
 * @example
 * const table = new AdditiveTable(space);
 * table.set(0, 2, 0.3); // issue 0, slot 2 is worth 0.3
 * table.utility([2, 0]);
 */
export class AdditiveTable {
  /** Cells, issue after issue: cell `start[i] + slot` holds c_i(slot). */
  readonly cells: Float64Array;
  /** Where each issue's cells start in `cells`. */
  readonly start: Int32Array;
  private readonly issues: readonly Issue[];
  /** Per-digit copy for bid spaces with a digit table: `byDigit[digitStart[i] + d]`; null when a radix passes a byte. */
  private readonly byDigit: Float64Array | null;
  private readonly digitStart: Int32Array;
  /** The cell of each digit (`digitStart[i] + d` → cell index). */
  private readonly cellOfDigit: Int32Array;
  private digitsStale = true;
  /** Partial sums of two consecutive prefix-tree levels (reused). */
  private readonly partials: Float64Array[] = [new Float64Array(0), new Float64Array(0)];

  constructor(space: OutcomeSpace) {
    this.issues = space.issues;
    const n = space.issues.length;
    this.start = new Int32Array(n + 1);
    for (let i = 0; i < n; i++)
      this.start[i + 1] = (this.start[i] as number) + valueSlots(space.issues[i] as Issue);
    this.cells = new Float64Array(this.start[n] as number);
    // A bid space keeps digits only when every radix fits a byte; only then is a per-digit copy useful.
    const byteRadices = space.enumerable && space.radices.every((r) => r <= 256);
    this.digitStart = new Int32Array(n + 1);
    if (byteRadices) {
      for (let i = 0; i < n; i++)
        this.digitStart[i + 1] = (this.digitStart[i] as number) + (space.radices[i] as number);
    }
    const digits = this.digitStart[n] as number;
    this.byDigit = byteRadices ? new Float64Array(digits) : null;
    this.cellOfDigit = new Int32Array(digits);
    if (byteRadices) {
      for (let i = 0; i < n; i++) {
        const issue = space.issues[i] as Issue;
        for (let d = 0; d < (space.radices[i] as number); d++) {
          this.cellOfDigit[(this.digitStart[i] as number) + d] =
            (this.start[i] as number) + valueSlot(issue, space.valueOfDigit(i, d));
        }
      }
    }
  }

  /** Sets c_i(slot). */
  set(issue: number, slot: number, value: number): void {
    this.cells[(this.start[issue] as number) + slot] = value;
    this.digitsStale = true;
  }

  /** c_i(slot). */
  get(issue: number, slot: number): number {
    return this.cells[(this.start[issue] as number) + slot] as number;
  }

  /** Σ_i c_i(slot of o_i), in issue order. */
  utility(o: Outcome): number {
    const { cells, start, issues } = this;
    let u = 0;
    for (let i = 0; i < issues.length; i++)
      u += cells[(start[i] as number) + valueSlot(issues[i] as Issue, o[i] as number)] as number;
    return u;
  }

  /**
   * Adds to `out[k − from]`, for every bid position k in [from, to), the same number as
   * `utility(bids.outcome(k))`: read from the bid space's digit table when it has one (no outcome
   * built), else decoded into `scratch` (length ≥ issues). Adding lets a model sum several opponents'
   * estimates in the order `utility` does.
   */
  addUtilityOfBids(bids: BidSpace, from: number, to: number, out: Float64Array, scratch: number[]): void {
    const digits = bids.digits;
    const byDigit = this.byDigit;
    if (digits === null || byDigit === null) {
      for (let k = from; k < to; k++)
        out[k - from] = (out[k - from] as number) + this.utility(bids.readOutcome(k, scratch));
      return;
    }
    if (this.digitsStale) this.refreshDigits();
    const tree = bids.prefixTree(from, to);
    if (tree !== null) {
      this.addUtilityOfTree(tree, out);
      return;
    }
    const n = this.issues.length;
    const ds = this.digitStart;
    for (let k = from, row = from * n; k < to; k++, row += n) {
      let u = 0;
      for (let i = 0; i < n; i++) u += byDigit[(ds[i] as number) + (digits[row + i] as number)] as number;
      out[k - from] = (out[k - from] as number) + u;
    }
  }

  /** The same sums over a prefix tree: each partial sum once per distinct prefix of digits. */
  private addUtilityOfTree(tree: DigitPrefixTree, out: Float64Array): void {
    const byDigit = this.byDigit as Float64Array;
    const ds = this.digitStart;
    const n = this.issues.length;
    let prev: Float64Array | null = null;
    for (let j = 0; j < n; j++) {
      const digit = tree.digit[j] as Uint8Array;
      const parent = tree.parent[j] as Uint32Array;
      const base = ds[j] as number;
      const count = digit.length;
      if (j === n - 1) {
        // The last level is the bids themselves, in order.
        for (let a = 0; a < count; a++) {
          const above = prev === null ? 0 : (prev[parent[a] as number] as number);
          out[a] = (out[a] as number) + (above + (byDigit[base + (digit[a] as number)] as number));
        }
        return;
      }
      let cur = this.partials[j & 1] as Float64Array;
      if (cur.length < count) {
        cur = new Float64Array(count);
        this.partials[j & 1] = cur;
      }
      for (let a = 0; a < count; a++) {
        const above = prev === null ? 0 : (prev[parent[a] as number] as number);
        cur[a] = above + (byDigit[base + (digit[a] as number)] as number);
      }
      prev = cur;
    }
  }

  private refreshDigits(): void {
    const byDigit = this.byDigit as Float64Array;
    const { cells, cellOfDigit } = this;
    for (let d = 0; d < byDigit.length; d++) byDigit[d] = cells[cellOfDigit[d] as number] as number;
    this.digitsStale = false;
  }
}
