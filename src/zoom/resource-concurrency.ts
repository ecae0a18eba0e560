/** How the per-resource gate lowers and regains requests in flight. */
export interface ResourceConcurrencyOptions {
  /** Quiet time after a refusal before one more request at once is tried, ms. Default 5000. */
  readonly probeAfterMs?: number;
  /** Clock, ms. Default Date.now. */
  readonly now?: () => number;
}

interface Resource {
  /** Requests of ours to it in flight now. */
  inFlight: number;
  /** Most at once; Infinity until Zoom first refused one as too many at once. */
  limit: number;
  lastRefusedAt: number;
  lastRaisedAt: number;
  waiting: (() => void)[];
}

/** One request's hold on its resource: how many were in flight with it, and its release. */
export interface ResourceSlot {
  /** Requests to the resource in flight when this one was sent, itself included. */
  readonly inFlightAtSend: number;
  release(): void;
}

/**
 * Requests in flight per resource (method, path template and ids: one address book's batch
 * endpoint). Zoom limits concurrent requests to one resource apart from the label's rate, and
 * answers more with 429 "Too many concurrent requests". Such a 429 says nothing of the rate: it
 * lowers how many requests go to THAT resource at once, below the number that was refused, and
 * after a quiet while one more is tried again. No limit applies until Zoom has refused one.
 */
export class ResourceConcurrency {
  private readonly resources = new Map<string, Resource>();
  private readonly probeAfterMs: number;
  private readonly now: () => number;

  constructor(options: ResourceConcurrencyOptions = {}) {
    this.probeAfterMs = options.probeAfterMs ?? 5000;
    this.now = options.now ?? Date.now;
  }

  /** Waits until the resource takes one more request, and holds a place for it. */
  async acquire(key: string): Promise<ResourceSlot> {
    const resource = this.resource(key);
    this.maybeRaise(resource);
    while (resource.inFlight >= resource.limit) {
      await new Promise<void>((resolve) => resource.waiting.push(resolve));
      this.maybeRaise(resource);
    }
    resource.inFlight++;
    let released = false;
    return {
      inFlightAtSend: resource.inFlight,
      release: () => {
        if (released) return;
        released = true;
        resource.inFlight--;
        this.wake(resource);
        if (resource.inFlight === 0 && resource.limit === Number.POSITIVE_INFINITY && resource.waiting.length === 0) this.resources.delete(key);
      },
    };
  }

  /**
   * Zoom refused a request as one too many at once, sent with `inFlightAtSend` in flight: the
   * resource takes fewer than that. Several refusals of one burst settle on the lowest.
   */
  refused(key: string, inFlightAtSend: number): void {
    const resource = this.resource(key);
    resource.limit = Math.max(1, Math.min(resource.limit, inFlightAtSend - 1));
    resource.lastRefusedAt = this.now();
    resource.lastRaisedAt = resource.lastRefusedAt;
  }

  /** The most requests at once the resource is given now (Infinity when it never refused one). */
  limitOf(key: string): number {
    return this.resources.get(key)?.limit ?? Number.POSITIVE_INFINITY;
  }

  private resource(key: string): Resource {
    let resource = this.resources.get(key);
    if (!resource) {
      resource = { inFlight: 0, limit: Number.POSITIVE_INFINITY, lastRefusedAt: 0, lastRaisedAt: 0, waiting: [] };
      this.resources.set(key, resource);
    }
    return resource;
  }

  /** One more at once after a quiet while: the limit may have been another client's burst. */
  private maybeRaise(resource: Resource): void {
    if (resource.limit === Number.POSITIVE_INFINITY) return;
    const now = this.now();
    if (now - resource.lastRaisedAt < this.probeAfterMs) return;
    resource.limit++;
    resource.lastRaisedAt = now;
    this.wake(resource);
  }

  private wake(resource: Resource): void {
    // Wakes only as many as there is room for; the others wait for the next release.
    let room = resource.limit - resource.inFlight;
    while (room-- > 0 && resource.waiting.length > 0) resource.waiting.shift()?.();
  }
}
