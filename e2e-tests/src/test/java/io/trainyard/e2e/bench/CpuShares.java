package io.trainyard.e2e.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Where the machine's CPU went while a job ran: the worker, the rest of the stack (the other services and
 * Kafka, children of this JVM), this benchmark's own polling, and everything else on the machine (PostgreSQL,
 * which other programs share, and other programs). Linux only ({@code /proc/stat}).
 */
final class CpuShares {
    private static final double TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux build in use

    private final long workerPid;
    private final double worker;
    private final double stack;
    private final double self;
    private final double machineBusy;
    private final long start = System.nanoTime();

    private CpuShares(long workerPid) {
        this.workerPid = workerPid;
        this.worker = cpu(ProcessHandle.of(workerPid).orElseThrow());
        this.stack = stackCpu(workerPid);
        this.self = cpu(ProcessHandle.current());
        this.machineBusy = machineBusySeconds();
    }

    static CpuShares start(long workerPid) {
        return new CpuShares(workerPid);
    }

    /** One line: the cores the wall time offered, and who used them. */
    String since() {
        double wall = (System.nanoTime() - start) / 1e9;
        double w = cpu(ProcessHandle.of(workerPid).orElseThrow()) - worker;
        double s = stackCpu(workerPid) - stack;
        double b = cpu(ProcessHandle.current()) - self;
        double busy = machineBusySeconds() - machineBusy;
        int cores = Runtime.getRuntime().availableProcessors();
        return String.format(Locale.ROOT, "cpu over %.1f s x %d cores: worker %.1f s, other services+kafka %.1f s, "
                + "benchmark client %.1f s, rest of machine %.1f s, idle %.1f s", wall, cores, w, s, b,
                Math.max(0, busy - w - s - b), Math.max(0, wall * cores - busy));
    }

    private static double stackCpu(long workerPid) {
        return ProcessHandle.current().descendants().filter(p -> p.pid() != workerPid).mapToDouble(CpuShares::cpu)
                .sum();
    }

    private static double cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
    }

    /** All CPUs' time spent neither idle nor waiting for I/O, from the first line of /proc/stat. */
    private static double machineBusySeconds() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < Math.min(f.length, 9); i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
