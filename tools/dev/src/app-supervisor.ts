import type { ChildApp } from './child-app';

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
/** An app that ran this long before it stopped is restarted at once, not after a long backoff. */
const HEALTHY_MS = 30_000;

/**
 * Keeps one app running. Before the system is up, an exit is a failed start (reported through
 * `endedDuringStartUp`); after it, a crashed app is restarted with exponential backoff
 * (1 s, 2 s, 4 s ... 30 s) and reported, while the others go on.
 */
export class AppSupervisor {
  private current: ChildApp;
  private startedAt = Date.now();
  private restarts = 0;
  private keepAlive = false;
  private stopped = false;
  private pending?: NodeJS.Timeout;
  readonly endedDuringStartUp: Promise<string>;

  constructor(
    readonly name: string,
    private readonly launch: () => ChildApp,
    private readonly report: (line: string) => void,
  ) {
    this.current = launch();
    this.endedDuringStartUp = new Promise((resolve) => void this.current.exited.then((how) => !this.keepAlive && !this.stopped && resolve(how)));
    this.watch(this.current);
  }

  get pid(): number | undefined {
    return this.current.process.pid;
  }

  /** The system is up: from now on a crash is restarted rather than fatal. */
  keepRunning(): void {
    this.keepAlive = true;
  }

  /** Stops the app (and any restart waiting to happen): SIGTERM, SIGKILL after `graceMs`. */
  async stop(graceMs: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.pending);
    await this.current.stop(graceMs);
  }

  private watch(app: ChildApp): void {
    void app.exited.then((how) => {
      if (this.stopped || !this.keepAlive) return;
      if (Date.now() - this.startedAt >= HEALTHY_MS) this.restarts = 0;
      const delay = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** this.restarts);
      this.restarts += 1;
      this.report(`${this.name} stopped (${how}); restarting it in ${delay / 1000} s (restart ${this.restarts})`);
      this.pending = setTimeout(() => this.restart(), delay);
    });
  }

  private restart(): void {
    if (this.stopped) return;
    this.current = this.launch();
    this.startedAt = Date.now();
    this.report(`${this.name} restarted (pid ${this.current.process.pid})`);
    this.watch(this.current);
  }
}
