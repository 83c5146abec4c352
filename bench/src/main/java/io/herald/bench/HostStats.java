package io.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the rest of the host did during a measured window, read from /proc: each core's busy and stolen time (a
 * virtual machine's host can take a core away; the server, pinned to one core, then stops), nats-server's CPU, TCP
 * segments sent (all of loopback, both directions) and how often the server's threads were switched out against their
 * will. With {@link #series(Path)}, also samples the cores every 10 ms to a file, to lay beside a latency trace.
 */
final class HostStats implements AutoCloseable {

    private final long serverPid;
    private final long[][] coresBefore;
    private final long natsBefore;
    private final long segmentsBefore;
    private final long preemptedBefore;
    private final long selfWakeupsBefore;
    private final long natsPid;
    /** With {@link #series}: the sampler, its file and its lines (written by the sampler thread only until closed). */
    private ScheduledExecutorService sampler;
    private Path seriesFile;
    private final StringBuilder series = new StringBuilder();

    HostStats(long serverPid) {
        this.serverPid = serverPid;
        this.natsPid = ProcessHandle.allProcesses()
            .filter(p -> p.info().command().map(c -> c.endsWith("/nats-server")).orElse(false))
            .mapToLong(ProcessHandle::pid).findFirst().orElse(-1);
        this.coresBefore = cores();
        this.natsBefore = natsPid < 0 ? 0 : ticks(natsPid);
        this.segmentsBefore = tcpOutSegments();
        this.preemptedBefore = switches(serverPid, "nonvoluntary_ctxt_switches:");
        this.selfWakeupsBefore = switches(ProcessHandle.current().pid(), "voluntary_ctxt_switches:");
    }

    /**
     * Samples every 10 ms into {@code file}, one line each: wall-clock ms, each core's busy and stolen ticks, then the
     * time on a core and the time waiting for one (ns, from /proc/PID/task/TID/schedstat) summed over the threads of
     * the server, of nats-server, of this process, and of this process's event loops, JIT compilers and GC threads.
     */
    void series(Path file) {
        List<Path> server = tasks(serverPid);
        List<Path> nats = natsPid < 0 ? List.of() : tasks(natsPid);
        List<Path> self = tasks(ProcessHandle.current().pid());
        List<Path> selfLoops = self.stream().filter(t -> comm(t).startsWith("multiThreadIo")).toList();
        List<Path> selfCompilers = self.stream().filter(t -> comm(t).startsWith("C1 ") || comm(t).startsWith("C2 ")).toList();
        List<Path> selfGc = self.stream().filter(t -> comm(t).startsWith("G1 ") || comm(t).startsWith("GC ")).toList();
        seriesFile = file;
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "host-series");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> {
            series.append(System.currentTimeMillis());
            for (long[] core : cores()) {
                series.append(' ').append(core[0]).append(' ').append(core[1]);
            }
            for (List<Path> group : List.of(server, nats, self, selfLoops, selfCompilers, selfGc)) {
                long[] t = schedstat(group);
                series.append(' ').append(t[0]).append(' ').append(t[1]);
            }
            series.append('\n');
        }, 0, 10, TimeUnit.MILLISECONDS);
    }

    private static List<Path> tasks(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            return tasks.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String comm(Path task) {
        try {
            return Files.readString(task.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** Time on a core and time runnable but waiting (ns), summed over the threads. */
    private static long[] schedstat(List<Path> tasks) {
        long[] total = new long[2];
        for (Path task : tasks) {
            try {
                String[] f = Files.readString(task.resolve("schedstat")).trim().split(" ");
                total[0] += Long.parseLong(f[0]);
                total[1] += Long.parseLong(f[1]);
            } catch (IOException | RuntimeException e) {
                // the thread ended
            }
        }
        return total;
    }

    /** The window's totals as one clause of the result line. */
    String summary(double elapsedSeconds, long deliveries) {
        long[][] after = cores();
        StringBuilder s = new StringBuilder("cores");
        for (int i = 0; i < after.length && i < coresBefore.length; i++) {
            double busy = 100.0 * (after[i][0] - coresBefore[i][0]) / Main.TICKS_PER_SECOND / elapsedSeconds;
            double steal = 100.0 * (after[i][1] - coresBefore[i][1]) / Main.TICKS_PER_SECOND / elapsedSeconds;
            s.append(String.format(Locale.ROOT, " %d: busy %.0f %% steal %.1f %%", i, busy, steal));
            s.append(i + 1 < after.length ? "," : "");
        }
        if (natsPid >= 0) {
            s.append(String.format(Locale.ROOT, "; nats-server CPU %.0f %%", 100.0 * (ticks(natsPid) - natsBefore) / Main.TICKS_PER_SECOND / elapsedSeconds));
        }
        s.append(String.format(Locale.ROOT, "; TCP segments %.2f per delivery; server preempted %d times; load generator woken %.3f times per delivery",
            (tcpOutSegments() - segmentsBefore) / (double) Math.max(1, deliveries),
            switches(serverPid, "nonvoluntary_ctxt_switches:") - preemptedBefore,
            (switches(ProcessHandle.current().pid(), "voluntary_ctxt_switches:") - selfWakeupsBefore) / (double) Math.max(1, deliveries)));
        return s.toString();
    }

    /**
     * @param elapsedSeconds the window's length
     * @return the most any one core had stolen by the hypervisor over the window, in % of that core's time
     */
    double maxStealPercent(double elapsedSeconds) {
        long[][] after = cores();
        double max = 0;
        for (int i = 0; i < after.length && i < coresBefore.length; i++) {
            max = Math.max(max, 100.0 * (after[i][1] - coresBefore[i][1]) / Main.TICKS_PER_SECOND / elapsedSeconds);
        }
        return max;
    }

    /** Stops the series, if any, and writes its file. */
    @Override
    public void close() throws InterruptedException {
        if (sampler == null) {
            return;
        }
        sampler.shutdown();
        sampler.awaitTermination(5, TimeUnit.SECONDS);
        try {
            Files.writeString(seriesFile, series);
        } catch (IOException e) {
            System.out.println("  host series not written: " + e);
        }
    }

    /** Per core: busy ticks (all but idle, iowait and steal) and stolen ticks. */
    static long[][] cores() {
        try {
            List<long[]> cores = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
                    continue;
                }
                String[] f = line.trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i <= 7; i++) {
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += Long.parseLong(f[i]);
                    }
                }
                cores.add(new long[] {busy, f.length > 8 ? Long.parseLong(f[8]) : 0});
            }
            return cores.toArray(new long[0][]);
        } catch (IOException e) {
            return new long[0][];
        }
    }

    private static long ticks(long pid) {
        try {
            return Main.cpuTicks(pid);
        } catch (Exception e) {
            return 0;
        }
    }

    private static long tcpOutSegments() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++) {
                if (lines.get(i).startsWith("Tcp:") && lines.get(i + 1).startsWith("Tcp:")) {
                    String[] names = lines.get(i).split("\\s+");
                    String[] values = lines.get(i + 1).split("\\s+");
                    for (int k = 0; k < names.length; k++) {
                        if (names[k].equals("OutSegs")) {
                            return Long.parseLong(values[k]);
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or a format we do not know: reported as 0
        }
        return 0;
    }

    /** A context switch counter of /proc/PID/task/TID/status ({@code voluntary_...} or {@code nonvoluntary_...}) summed over the process's threads. */
    private static long switches(long pid, String counter) {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith(counter)) {
                            total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }
}
