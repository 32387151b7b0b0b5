package dev.hnvd.backend.nm;

import java.time.Duration;

/**
 * Every wait the NM backend does is bounded by one of these.
 *
 * @param call reply timeout of each D-Bus method call
 * @param activation from ActivateConnection (queued) to activated or failed
 * @param verify until the kernel shows the planned state after apply
 * @param nmReturn how long to wait for a restarting NetworkManager before giving up
 * @param checkpointRollbackSeconds NM's own auto-rollback if hnvd dies mid-transaction
 */
record NmTimeouts(Duration call, Duration activation, Duration verify, Duration nmReturn,
    int checkpointRollbackSeconds) {

  static NmTimeouts defaults() {
    return new NmTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(15),
        Duration.ofSeconds(15), 120);
  }
}
