package org.birthofds.bank.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How busy some CPUs of this machine were over a run, whoever kept them busy, from the kernel's
 * counters ({@code /proc/stat}, Linux). A benchmark that counts only its own processes cannot
 * tell a core it left idle from a core another program took: this can, so a table measured on a
 * shared machine says how much of it was someone else's.
 *
 * @param busy  ticks the CPUs spent running anything (user, nice, system, interrupts)
 * @param total every tick they counted, idle, waiting for the disk and stolen by a hypervisor included
 */
record MachineCpu(long busy, long total) {
    private static final Path STAT = Path.of("/proc/stat");

    /** The counters of {@code cpus} now; zero where the kernel does not publish them. */
    static MachineCpu now(List<Integer> cpus) {
        try {
            return of(Files.readAllLines(STAT), cpus);
        } catch (IOException e) {
            return new MachineCpu(0, 0);
        }
    }

    /** From /proc/stat's lines {@code cpuN user nice system idle iowait irq softirq steal ...}, for the CPUs named. */
    static MachineCpu of(List<String> stat, List<Integer> cpus) {
        long busy = 0;
        long total = 0;
        for (String line : stat) {
            String[] f = line.trim().split("\\s+");
            if (f[0].startsWith("cpu") && f[0].length() > 3 && f.length >= 9
                    && cpus.contains(Integer.parseInt(f[0].substring(3)))) {
                long user = Long.parseLong(f[1]);
                long nice = Long.parseLong(f[2]);
                long system = Long.parseLong(f[3]);
                long irq = Long.parseLong(f[6]);
                long softirq = Long.parseLong(f[7]);
                busy += user + nice + system + irq + softirq;
                for (int i = 1; i <= 8; i++) { // guest time is counted in user already, so it stops at steal
                    total += Long.parseLong(f[i]);
                }
            }
        }
        return new MachineCpu(busy, total);
    }

    /** The CPUs busy between {@code before} and this, in cores: 2.0 is two CPUs busy all the time. NaN if unknown. */
    double coresSince(MachineCpu before, int cpus) {
        long ticks = total - before.total;
        return ticks <= 0 ? Double.NaN : (double) (busy - before.busy) / ticks * cpus;
    }
}
