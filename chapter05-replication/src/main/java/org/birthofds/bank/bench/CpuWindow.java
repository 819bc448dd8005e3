package org.birthofds.bank.bench;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The CPU that processes used over the measured seconds of one load run, read on the load
 * generator's own progress ticks (its line "  3 s   42 req/s ..." each second of the run). A
 * window taken around the whole call would also hold the accounts it opens before and reads back
 * after, one request at a time: with CPU work on every request that is seconds of one node busy
 * and the others idle. Here the window is the run's first tick to its last, the load steady.
 * Given to the generator as the stream it prints to; what it prints goes nowhere else.
 */
final class CpuWindow extends OutputStream {
    private static final Pattern TICK = Pattern.compile("^\\s*\\d+ s\\s");

    /** One reading: when, the CPU time of each process watched, and the machine's counters. */
    record Sample(long nanos, List<Duration> processes, MachineCpu machine) {
    }

    private final Supplier<Sample> reading;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private Sample first; // guarded by this: the progress thread writes, the caller reads after the run
    private Sample last;

    CpuWindow(Supplier<Sample> reading) {
        this.reading = reading;
    }

    @Override
    public synchronized void write(int b) {
        if (b != '\n') {
            line.write(b);
            return;
        }
        if (TICK.matcher(line.toString(StandardCharsets.UTF_8)).find()) {
            last = reading.get();
            if (first == null) {
                first = last;
            }
        }
        line.reset();
    }

    /** The seconds between the first tick and the last; 0 before two ticks. */
    synchronized double seconds() {
        return first == null ? 0 : (last.nanos() - first.nanos()) / 1e9;
    }

    /** Each process's CPU over the window, in cores (1.0 = one core all the time); NaN before two ticks. */
    synchronized List<Double> cores() {
        List<Double> cores = new ArrayList<>();
        double seconds = seconds();
        for (int i = 0; first != null && i < first.processes().size(); i++) {
            Duration used = last.processes().get(i).minus(first.processes().get(i));
            cores.add(seconds > 0 ? used.toNanos() / 1e9 / seconds : Double.NaN);
        }
        return cores;
    }

    /** The machine's CPUs busy over the window, whoever used them, in cores; NaN before two ticks. */
    synchronized double machine(int cpus) {
        return first == null ? Double.NaN : last.machine().coresSince(first.machine(), cpus);
    }
}
