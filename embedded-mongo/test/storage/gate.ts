/**
 * Holds callers of `passed()` while closed, so a test can stop the storage at an exact point
 * (e.g. inside an fsync) and act while it waits there, without sleeping.
 */
export class Gate {
  private isOpen = false;
  private held: (() => void)[] = [];
  private watchers: (() => void)[] = [];

  passed(): Promise<void> {
    if (this.isOpen) return Promise.resolve();
    const waiting = new Promise<void>((resolve) => this.held.push(resolve));
    for (const watcher of this.watchers.splice(0)) watcher();
    return waiting;
  }

  /** Resolves once a caller is held at the gate. */
  reached(): Promise<void> {
    if (this.held.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.watchers.push(resolve));
  }

  open(): void {
    this.isOpen = true;
    for (const release of this.held.splice(0)) release();
  }

  close(): void {
    this.isOpen = false;
  }
}
