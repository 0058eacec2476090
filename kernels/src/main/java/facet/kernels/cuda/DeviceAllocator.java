package facet.kernels.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A caching device allocator: blocks are rounded up to a size class, and a freed block goes on
 * its class's free list for the next request of that class, so a training loop stops calling
 * cuMemAlloc after its first step. Freed blocks are handed back by whoever owns them (a tensor's
 * storage when it is garbage collected); reuse is safe because every kernel runs on one stream,
 * so work already queued on a freed block finishes before any later use.
 *
 * <p>Size classes: 512 bytes up to 512, then four classes per power of two (at most 25% waste):
 * a request in (2^e, 2^(e+1)] rounds up to a multiple of 2^(e-2).
 *
 * <p>Blocks come back when the JVM collects the tensors that held them, and the JVM collects when
 * its own heap fills, which a few small tensor objects never do. So once the bytes handed out have
 * grown by a budget (or doubled) since the last collection, a miss first asks for one; and
 * when the device is full, the cache is released and a collection asked for before one retry.
 */
public final class DeviceAllocator {
    /** The raw device memory calls, separate so the caching logic is testable without a GPU. */
    public interface RawMemory {
        /** A fresh block of exactly this many bytes, or 0 when the device is out of memory. */
        long malloc(long bytes);

        void free(long address);
    }

    /** One block handed out: its address, the bytes asked for, and the class it came from. */
    public final class Block {
        public final long address, bytes, classBytes;
        private boolean released;

        private Block(long address, long bytes, long classBytes) {
            this.address = address;
            this.bytes = bytes;
            this.classBytes = classBytes;
        }

        /** Returns the block to its free list; a second call is a no-op. Any thread may call it. */
        public void release() {
            synchronized (DeviceAllocator.this) {
                if (released) return;
                released = true;
                inUse -= classBytes;
                free.computeIfAbsent(classBytes, k -> new ArrayDeque<>()).push(address);
            }
        }
    }

    private final RawMemory raw;
    private final Runnable collectGarbage;
    private final long growthBeforeCollect;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private long reserved, inUse, peakReserved, peakInUse, mallocs, reuses, collections, collectAt;

    /**
     * @param collectGarbage asks the owners of unreachable blocks to release them (System.gc and a pause)
     * @param growthBeforeCollect bytes in use may grow by this (or double, if more) before a collection is asked for
     */
    public DeviceAllocator(RawMemory raw, Runnable collectGarbage, long growthBeforeCollect) {
        this.raw = raw;
        this.collectGarbage = collectGarbage;
        this.growthBeforeCollect = growthBeforeCollect;
        this.collectAt = growthBeforeCollect;
    }

    /** The size class of a request: the bytes actually reserved for it. */
    public static long sizeClass(long bytes) {
        if (bytes < 0) throw new IllegalArgumentException("negative allocation: " + bytes + " bytes");
        if (bytes <= 512) return 512;
        int e = 63 - Long.numberOfLeadingZeros(bytes - 1);      // 2^e < bytes <= 2^(e+1)
        long step = 1L << (e - 2);
        return (bytes + step - 1) / step * step;
    }

    /** A block of at least {@code bytes} bytes (contents undefined). */
    public Block allocate(long bytes) {
        long cls = sizeClass(bytes);
        boolean collected = false, outOfMemory = false;
        while (true) {
            boolean collectFirst;
            synchronized (this) {
                ArrayDeque<Long> list = free.get(cls);
                if (list != null && !list.isEmpty()) {
                    reuses++;
                    return handOut(list.pop(), bytes, cls);
                }
                // Java collects when its heap fills, not when the GPU's does: once the blocks handed out
                // have grown by the budget since the last collection (or doubled), let unreachable tensors
                // return theirs before reserving more.
                collectFirst = !collected && inUse + cls > collectAt;
                if (collectFirst) collections++;
            }
            if (collectFirst) {
                collectGarbage.run();
                collected = true;
                synchronized (this) { collectAt = inUse + Math.max(growthBeforeCollect, inUse); }   // what survived is live
                continue;
            }
            if (outOfMemory) emptyCache();          // what the collection returned, in other classes
            long address = raw.malloc(cls);
            if (address != 0) {
                synchronized (this) {
                    mallocs++;
                    reserved += cls;
                    peakReserved = Math.max(peakReserved, reserved);
                    return handOut(address, bytes, cls);
                }
            }
            if (outOfMemory) throw new CudaException("out of device memory: " + cls + " bytes requested with " + stats());
            outOfMemory = collected = true;
            synchronized (this) { collections++; }
            emptyCache();
            collectGarbage.run();
        }
    }

    private Block handOut(long address, long bytes, long cls) {
        inUse += cls;
        peakInUse = Math.max(peakInUse, inUse);
        return new Block(address, bytes, cls);
    }

    /** Returns every cached free block to the driver. */
    public void emptyCache() {
        synchronized (this) {
            for (Map.Entry<Long, ArrayDeque<Long>> e : free.entrySet()) {
                for (long a : e.getValue()) {
                    raw.free(a);
                    reserved -= e.getKey();
                }
                e.getValue().clear();
            }
        }
    }

    public record Stats(long reservedBytes, long inUseBytes, long peakReservedBytes, long peakInUseBytes,
                        long mallocs, long reuses, long collections) {
        @Override public String toString() {
            return String.format("%.1f MiB reserved (peak %.1f MiB), %.1f MiB in use (peak %.1f MiB), %d cuMemAlloc, %d reuses, %d collections",
                    mib(reservedBytes), mib(peakReservedBytes), mib(inUseBytes), mib(peakInUseBytes), mallocs, reuses, collections);
        }

        private static double mib(long b) { return b / (1024.0 * 1024.0); }
    }

    public synchronized Stats stats() { return new Stats(reserved, inUse, peakReserved, peakInUse, mallocs, reuses, collections); }
}
