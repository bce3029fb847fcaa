/**
 * What the loops learn of the link, and the clock they time it with (a test's
 * scripted one, or `performance.now`). The round trip is the time of the session's
 * small requests (creation, the status query), which carry next to no body; the
 * smallest is kept: a request is never faster than the round trip, only slower (a
 * CORS preflight before it, a busy server), so the estimate errs long, towards larger
 * chunks and more parts in flight.
 */
export class LinkMeter {
  private smallest: number | undefined;

  constructor(readonly now: () => number = () => performance.now()) {}

  /** The shortest small request seen, ms; undefined before any. */
  get roundTripMs(): number | undefined {
    return this.smallest;
  }

  roundTrip(ms: number): void {
    if (ms > 0 && (this.smallest === undefined || ms < this.smallest)) this.smallest = ms;
  }

  /** Run one small request and keep its time (a failed one says nothing). */
  async timed<T>(request: () => Promise<T>): Promise<T> {
    const began = this.now();
    const answer = await request();
    this.roundTrip(this.now() - began);
    return answer;
  }
}
