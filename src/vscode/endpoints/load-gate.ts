// When the Endpoints view reloads and what it logs: a profile or sandbox change reloads it only while it is
// visible (a hidden view reloads when it is shown again), and a failing load logs one warning per cause, not
// one per change (Adobe unreachable while the user switches profiles would otherwise fill the log).
export class EndpointsLoadGate {
  private stale = false;
  private readonly warned = new Set<string>();

  /** The profile or sandbox changed: true when the view should reload now; otherwise it reloads once shown. */
  profileChanged(visible: boolean): boolean {
    if (visible) return true;
    this.stale = true;
    return false;
  }

  /** The view was shown or hidden: true when it missed a change while hidden and should reload now. */
  visibilityChanged(visible: boolean): boolean {
    if (!visible || !this.stale) return false;
    this.stale = false;
    return true;
  }

  /** A load failed with `cause`: true when this cause has not been logged since the last successful load. */
  shouldWarn(cause: string): boolean {
    if (this.warned.has(cause)) return false;
    this.warned.add(cause);
    return true;
  }

  /** A load worked: a cause that comes back later is worth a warning again. */
  loaded(): void {
    this.warned.clear();
  }
}
