import { RecentIds } from '../recent-ids.ts';

/**
 * `RecentIds` taking an id as the numbers the byte-level reader parsed (`ScannedTweet`'s
 * `idHigh · 10^9 + idLow`, `idDigits` digits) instead of a string, so no id string is made.
 * Same table, same answers: an id added here and the same digits added as a string are one id.
 *
 * Phase 1 of issue 19 may not edit `recent-ids.ts`, so this reaches its private members by name
 * (TypeScript allows element access to them); phase 2 moves `addDigits` into `RecentIds` itself,
 * where `add(string)` becomes `parseDigits` followed by it.
 */
export class RecentDigitIds extends RecentIds {
  /** Records the id of `digits` (1–19) digits `high · 10^9 + low`; false when already there (a duplicate). */
  addDigits(high: number, low: number, digits: number, time: number): boolean {
    // RecentIds' packing: hi's low 32 bits, its top two bits beside the digit count.
    const hi = high | 0;
    const len = digits | ((high / 4294967296) << 5);
    let cell: number = this['find'](hi, low, len);
    const table: Int32Array = this['table'];
    if (table.length > 0 && table[cell] !== 0) return false;
    if (this['count'] === this['cap']) {
      this['grow']();
      cell = this['find'](hi, low, len);
    }
    const slot = (this['head'] + this['count']) & (this['cap'] - 1);
    this['setTime'](slot, time);
    this['hi'][slot] = hi;
    this['lo'][slot] = low;
    this['len'][slot] = len;
    this['table'][cell] = this['cellValue'](this['lastHash'], cell, slot);
    this['count']++;
    if (this['count'] > this['limit']) {
      this['removeOldest']();
      this.evicted++;
    }
    return true;
  }
}
