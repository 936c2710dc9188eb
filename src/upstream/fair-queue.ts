/**
 * The queue in front of one upstream: at most `concurrency` calls in flight, started at most
 * `ratePerSecond` a second, and the calls that must wait kept in one lane per client and started in
 * rotation, one call per lane per turn (round-robin across clients). A client with a hundred calls
 * waiting then delays another client's call by one turn, not by a hundred.
 *
 * Places are bounded twice, so that no one client can fill the queue for everyone: a client may hold at
 * most `perClient` waiting places, and once all `capacity` places are taken, a client with fewer calls
 * waiting takes the newest place of the client with the most (the longest lane gives way). A waiting
 * call whose signal aborts (its request went away) leaves at once, and `refuseWaiting` empties the queue
 * when the upstream asks the gateway to stop (a `Retry-After` cool-down).
 */

/** Gives the slot back; once only (later calls do nothing). */
export type Release = () => void;

export interface FairQueueOptions {
  /** Calls in flight at most. */
  readonly concurrency: number;
  /** Calls waiting at most, all clients together; 0 for none. */
  readonly capacity: number;
  /** Calls one client may have waiting at most. */
  readonly perClient: number;
  /** Calls started per second at most, evenly spaced; 0 for no spacing. */
  readonly ratePerSecond: number;
  /** A monotonic clock in ms (`performance.now` unless given). */
  readonly now?: () => number;
}

/** What the queue holds now. */
export interface QueueState {
  readonly inFlight: number;
  readonly waiting: number;
  /** Clients with at least one call waiting. */
  readonly clients: number;
}

/** A call that found no place: the whole queue is taken (`queue`), or its client's share is (`client`). */
export class QueueFull extends Error {
  override readonly name = 'QueueFull';
  constructor(
    readonly why: 'queue' | 'client',
    /** The bound that was reached. */
    readonly limit: number,
  ) {
    super(
      why === 'queue' ? `all ${limit} waiting places are taken` : `the client has ${limit} calls waiting`,
    );
  }
}

interface Waiter {
  readonly client: string;
  readonly grant: (release: Release) => void;
  readonly refuse: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

export class FairQueue {
  /** Lanes with at least one call waiting, in turn order: the first is served next, then goes last. */
  readonly #lanes = new Map<string, Waiter[]>();
  readonly #intervalMs: number;
  readonly #now: () => number;
  #waiting = 0;
  #inFlight = 0;
  /** When the next call may start (spacing). */
  #nextStartAt = -Infinity;
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: FairQueueOptions) {
    this.#intervalMs = options.ratePerSecond > 0 ? 1000 / options.ratePerSecond : 0;
    this.#now = options.now ?? (() => performance.now());
  }

  get state(): QueueState {
    return { inFlight: this.#inFlight, waiting: this.#waiting, clients: this.#lanes.size };
  }

  /**
   * A slot for one call of `client`: at once when one is free and nobody waits, else when the call's
   * turn comes. Rejects with `QueueFull` when there is no place for it, and with the signal's reason
   * when the signal aborts first.
   */
  acquire(client: string, signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted === true) return Promise.reject(abortReason(signal));
    if (
      this.#waiting === 0 &&
      this.#inFlight < this.options.concurrency &&
      this.#now() >= this.#nextStartAt
    ) {
      return Promise.resolve(this.#start());
    }
    const lane = this.#lanes.get(client) ?? [];
    if (lane.length >= this.options.perClient) {
      return Promise.reject(new QueueFull('client', this.options.perClient));
    }
    if (this.#waiting >= this.options.capacity && !this.#makeRoomFor(lane.length)) {
      return Promise.reject(new QueueFull('queue', this.options.capacity));
    }
    return new Promise<Release>((grant, refuse) => {
      const waiter: Waiter = { client, grant, refuse, signal, onAbort: () => this.#leave(waiter) };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      lane.push(waiter);
      if (lane.length === 1) this.#lanes.set(client, lane);
      this.#waiting += 1;
      this.#dispatch();
    });
  }

  /** Refuses every waiting call at once with `reason()`; returns how many there were. */
  refuseWaiting(reason: () => unknown): number {
    const refused = this.#waiting;
    const lanes = [...this.#lanes.values()];
    this.#lanes.clear();
    this.#waiting = 0;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    for (const waiter of lanes.flat()) {
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.refuse(reason());
    }
    return refused;
  }

  /** Starts calls while slots are free and their spacing allows, one lane after the other. */
  #dispatch(): void {
    while (this.#waiting > 0 && this.#inFlight < this.options.concurrency) {
      const waitMs = this.#nextStartAt - this.#now();
      if (waitMs > 0) {
        this.#timer ??= setTimeout(() => {
          this.#timer = null;
          this.#dispatch();
        }, waitMs);
        return;
      }
      const [client, lane] = this.#lanes.entries().next().value as [string, Waiter[]];
      const waiter = lane.shift() as Waiter;
      this.#lanes.delete(client);
      if (lane.length > 0) this.#lanes.set(client, lane); // to the back of the rotation
      this.#waiting -= 1;
      waiter.signal?.removeEventListener('abort', waiter.onAbort);
      waiter.grant(this.#start());
    }
  }

  #start(): Release {
    this.#inFlight += 1;
    this.#nextStartAt = this.#now() + this.#intervalMs;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inFlight -= 1;
      this.#dispatch();
    };
  }

  /** A waiting call whose request went away leaves its lane. */
  #leave(waiter: Waiter): void {
    if (this.#remove(waiter) && waiter.signal !== undefined) waiter.refuse(abortReason(waiter.signal));
  }

  #remove(waiter: Waiter): boolean {
    const lane = this.#lanes.get(waiter.client);
    const at = lane?.indexOf(waiter) ?? -1;
    if (lane === undefined || at < 0) return false;
    lane.splice(at, 1);
    if (lane.length === 0) this.#lanes.delete(waiter.client);
    this.#waiting -= 1;
    waiter.signal?.removeEventListener('abort', waiter.onAbort);
    return true;
  }

  /**
   * With every place taken, the newest call of the longest lane gives its place to a client whose lane
   * (of `ownLength` calls) would still be shorter; false when no lane is long enough to give way.
   */
  #makeRoomFor(ownLength: number): boolean {
    let longest: Waiter[] | undefined;
    for (const lane of this.#lanes.values()) if (lane.length > (longest?.length ?? 0)) longest = lane;
    if (longest === undefined || longest.length <= ownLength + 1) return false;
    const dropped = longest.at(-1) as Waiter;
    this.#remove(dropped);
    dropped.refuse(new QueueFull('queue', this.options.capacity));
    return true;
  }
}

/** Why a signal aborted, as an `Error` (the reason itself when it is one). */
function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Error(String(reason));
}
