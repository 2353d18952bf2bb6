package io.panzoto.crypto.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Prints the peak heap a benchmark JVM used, summed over the heap pools. */
final class HeapReport {
    private HeapReport() {
    }

    static void print(String what) {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        long max = Runtime.getRuntime().maxMemory();
        System.out.printf("%n[heap] %s: peak heap %.1f MiB (max heap %.0f MiB)%n", what, peak / 1048576.0, max / 1048576.0);
    }
}
