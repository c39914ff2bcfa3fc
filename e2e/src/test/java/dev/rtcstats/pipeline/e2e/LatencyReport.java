package dev.rtcstats.pipeline.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToLongFunction;

/** Close to row latencies of the sessions that followed hostile inputs, summarised as nearest-rank percentiles. */
final class LatencyReport {
    private record Sample(HostileCase hostile, Bystander.Landed landed) {}

    private final List<Sample> samples = new ArrayList<>();

    synchronized void add(HostileCase hostile, Bystander.Landed landed) {
        samples.add(new Sample(hostile, landed));
    }

    synchronized int count() {
        return samples.size();
    }

    /** Percentiles of close to row and close to row, dump and features, and the slowest case. */
    synchronized String summary() {
        StringBuilder text = new StringBuilder("hostile clients: ")
                .append(samples.size())
                .append(" sessions after ")
                .append(samples.stream().map(Sample::hostile).distinct().count())
                .append(" hostile inputs\n");
        line(text, "close->row (ms)", s -> s.landed().closeToRowMillis());
        line(text, "close->row+dump+features (ms)", s -> s.landed().closeToAllMillis());
        samples.stream()
                .max(Comparator.comparingLong(s -> s.landed().closeToRowMillis()))
                .ifPresent(s -> text.append("slowest close->row: ")
                        .append(s.landed().closeToRowMillis())
                        .append(" ms after ")
                        .append(s.hostile().id())
                        .append('\n'));
        return text.toString();
    }

    private void line(StringBuilder text, String label, ToLongFunction<Sample> millis) {
        long[] sorted = samples.stream().mapToLong(millis).sorted().toArray();
        if (sorted.length == 0) {
            return;
        }
        text.append(label)
                .append(": p50 ")
                .append(rank(sorted, 0.50))
                .append(", p90 ")
                .append(rank(sorted, 0.90))
                .append(", p99 ")
                .append(rank(sorted, 0.99))
                .append(", max ")
                .append(sorted[sorted.length - 1])
                .append('\n');
    }

    private static long rank(long[] sorted, double quantile) {
        return sorted[Math.max(0, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
