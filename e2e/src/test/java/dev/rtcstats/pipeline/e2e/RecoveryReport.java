package dev.rtcstats.pipeline.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The recovery figures of a fleet run: for each fault, the time from the fault until every canary session opened
 * after it was in ClickHouse, with the load average of the machine beside it. Printed as a report, never asserted.
 */
final class RecoveryReport {
    /** One measured step. */
    record Step(String name, Duration recovery, long canaries, int sessionsStarted, String loadAverage) {}

    private final List<Step> steps = new ArrayList<>();
    private final String loadAtStart = loadAverage();

    synchronized void add(String name, Duration recovery, long canaries, int sessionsStarted) {
        steps.add(new Step(name, recovery, canaries, sessionsStarted, loadAverage()));
    }

    synchronized List<Step> steps() {
        return List.copyOf(steps);
    }

    /** A plain-text table of the steps, for the test's output. */
    synchronized String render(int sessions, int frames, Duration elapsed) {
        StringBuilder text = new StringBuilder();
        text.append("== ReplicatedClusterIT recovery report ==\n");
        text.append(String.format(
                "sessions accepted %d, frames %d, run %d s, load average at start %s, at end %s%n",
                sessions, frames, elapsed.toSeconds(), loadAtStart, loadAverage()));
        text.append(String.format("%-26s %12s %9s %9s  %s%n", "step", "recovery ms", "canaries", "sessions", "load"));
        for (Step step : steps) {
            text.append(String.format(
                    "%-26s %12d %9d %9d  %s%n",
                    step.name(),
                    step.recovery().toMillis(),
                    step.canaries(),
                    step.sessionsStarted(),
                    step.loadAverage()));
        }
        return text.toString();
    }

    /** The 1, 5 and 15 minute load averages of this machine, or "n/a" where /proc is missing. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }
}
