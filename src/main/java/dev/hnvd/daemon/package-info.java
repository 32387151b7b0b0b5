/**
 * The long-running service {@code hnvd}: one event loop ({@link dev.hnvd.daemon.Loop}) runs every
 * operation; NetworkManager signals, a kernel watcher woken by rtnetlink link events, the local command socket and the
 * {@code dev.hnvd.Hnvd1} D-Bus API post work to it. Entry point: {@link dev.hnvd.daemon.Daemon}.
 */
package dev.hnvd.daemon;
