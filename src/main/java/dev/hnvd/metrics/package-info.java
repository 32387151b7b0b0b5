/**
 * hnvd's metrics in the Prometheus text format: {@link dev.hnvd.metrics.HnvMetrics} names and
 * derives them (from {@link dev.hnvd.engine.HnvReading}s and, from a daemon,
 * {@link dev.hnvd.metrics.DaemonFigures}); {@link dev.hnvd.metrics.PromText} writes the format.
 * Used by {@code hnvctl metrics} and by the daemon's Metrics() and node_exporter textfile.
 */
package dev.hnvd.metrics;
