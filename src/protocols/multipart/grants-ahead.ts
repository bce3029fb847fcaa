import type { Grant } from './dialect.js';

/**
 * Part URLs signed before their part is sent (plain S3 mode, where each signature is a
 * call to the page's backend: a round trip the part would otherwise wait for). Held in
 * memory for one upload only, like every grant; a part takes its own, once.
 */
export class GrantsAhead {
  private readonly grants = new Map<string, Promise<Grant>>();
  /**
   * Parts already sent (or sending) with their own grant. An ask made for the next part
   * can arrive after that part was taken (the loop asks on a later turn): signing it then
   * would be a second, unused call to the page's backend.
   */
  private readonly taken = new Set<string>();

  /** Sign now unless this part's signing is already asked for, or the part was taken. */
  ask(key: string, sign: () => Promise<Grant>): void {
    if (this.grants.has(key) || this.taken.has(key)) return;
    const grant = sign();
    // A failed signature is forgotten: the part's own send signs again.
    grant.catch(() => {
      if (this.grants.get(key) === grant) this.grants.delete(key);
    });
    this.grants.set(key, grant);
  }

  /** The grant signed ahead for this part, or (none, or it failed) a fresh one. */
  take(key: string, sign: () => Promise<Grant>): Promise<Grant> {
    const ahead = this.grants.get(key);
    this.grants.delete(key);
    this.taken.add(key);
    return ahead ? ahead.catch(sign) : sign();
  }
}
