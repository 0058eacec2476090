package facet.kernels.cuda;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The caching allocator's size classes, reuse and out-of-memory path, over a fake device. */
class DeviceAllocatorTest {
    /** A growth budget no test reaches: collections happen only when the device is full. */
    static final long NEVER = 1L << 50;

    /** A device with a byte budget; addresses count up so each block is distinct. */
    static final class FakeMemory implements DeviceAllocator.RawMemory {
        final long capacity;
        long used, next = 0x1000;
        int mallocs, frees;
        final Map<Long, Long> live = new HashMap<>();

        FakeMemory(long capacity) { this.capacity = capacity; }

        @Override public long malloc(long bytes) {
            if (used + bytes > capacity) return 0;
            used += bytes;
            mallocs++;
            long a = next;
            next += bytes;
            live.put(a, bytes);
            return a;
        }

        @Override public void free(long address) {
            used -= live.remove(address);
            frees++;
        }
    }

    @Test
    void sizeClassesRoundUpByAtMostAQuarter() {
        assertEquals(512, DeviceAllocator.sizeClass(0));
        assertEquals(512, DeviceAllocator.sizeClass(1));
        assertEquals(512, DeviceAllocator.sizeClass(512));
        assertEquals(640, DeviceAllocator.sizeClass(513));          // (512, 1024] steps by 128
        assertEquals(1024, DeviceAllocator.sizeClass(1000));
        assertEquals(1280, DeviceAllocator.sizeClass(1025));
        assertEquals(5L << 20, DeviceAllocator.sizeClass((4L << 20) + 1));
        for (long b = 1; b < 1L << 34; b = b * 3 + 1) {
            long c = DeviceAllocator.sizeClass(b);
            assertTrue(c >= b && (b <= 512 || c <= b * 1.25 + 1), b + " bytes -> class " + c);
            assertEquals(c, DeviceAllocator.sizeClass(c), "a class is its own class: " + c);
        }
        assertThrows(IllegalArgumentException.class, () -> DeviceAllocator.sizeClass(-1));
    }

    @Test
    void aTrainingLoopStopsCallingMallocAfterItsFirstStep() {
        FakeMemory mem = new FakeMemory(1L << 30);
        DeviceAllocator a = new DeviceAllocator(mem, () -> {}, NEVER);
        long[] sizes = {4 * 1000, 4 * 4096, 4 * 65 * 64, 4 * 1000, 12, 3 << 20};
        for (int step = 0; step < 10; step++) {
            List<DeviceAllocator.Block> live = new ArrayList<>();
            for (long s : sizes) live.add(a.allocate(s));
            live.forEach(DeviceAllocator.Block::release);
            if (step == 0) assertEquals(sizes.length, mem.mallocs);
        }
        assertEquals(sizes.length, mem.mallocs, "steady state must reuse blocks");
        DeviceAllocator.Stats s = a.stats();
        assertEquals(0, s.inUseBytes());
        assertEquals(sizes.length * 9L, s.reuses());
        assertEquals(mem.used, s.reservedBytes());
        assertEquals(s.reservedBytes(), s.peakInUseBytes(), "all blocks were live at once in each step");
    }

    @Test
    void aBlockOfAnotherClassIsNotReusedAndReleaseIsIdempotent() {
        FakeMemory mem = new FakeMemory(1L << 30);
        DeviceAllocator a = new DeviceAllocator(mem, () -> {}, NEVER);
        DeviceAllocator.Block b = a.allocate(4096);
        b.release();
        b.release();                                  // a second release must not list the block twice
        DeviceAllocator.Block c = a.allocate(8192), d = a.allocate(4000), e = a.allocate(4096);
        assertEquals(b.address, d.address, "4000 bytes fall in the 4096 class");
        assertNotEquals(b.address, e.address, "the block went out once only");
        assertNotEquals(b.address, c.address);
        assertEquals(3, mem.mallocs);
    }

    @Test
    void highWaterMarkRemembersThePeak() {
        FakeMemory mem = new FakeMemory(1L << 30);
        DeviceAllocator a = new DeviceAllocator(mem, () -> {}, NEVER);
        DeviceAllocator.Block big = a.allocate(1 << 20);
        DeviceAllocator.Block small = a.allocate(1 << 10);
        big.release();
        small.release();
        a.emptyCache();
        DeviceAllocator.Stats s = a.stats();
        assertEquals(0, s.reservedBytes());
        assertEquals((1 << 20) + (1 << 10), s.peakReservedBytes());
        assertEquals((1 << 20) + (1 << 10), s.peakInUseBytes());
        assertEquals(2, mem.frees);
        assertTrue(s.toString().contains("peak 1.0 MiB"), s.toString());
    }

    @Test
    void outOfMemoryReleasesTheCacheCollectsGarbageAndRetries() {
        FakeMemory mem = new FakeMemory(3 << 20);
        List<DeviceAllocator.Block> garbage = new ArrayList<>();
        int[] collections = {0};
        DeviceAllocator a = new DeviceAllocator(mem, () -> { collections[0]++; garbage.forEach(DeviceAllocator.Block::release); }, NEVER);
        a.allocate(1 << 20).release();                // cached, in another class than the next requests
        garbage.add(a.allocate(1536 << 10));          // "unreachable" but not yet released
        DeviceAllocator.Block got = a.allocate(1536 << 10);   // fits only after the collection
        assertEquals(1, collections[0]);
        assertEquals(garbage.get(0).address, got.address, "the collected block is reused directly");
        garbage.clear();
        assertThrows(CudaException.class, () -> a.allocate(8 << 20));
        assertEquals(2, collections[0]);
        assertEquals(2, a.stats().collections());
    }

    @Test
    void pastTheGrowthBudgetDeadBlocksAreCollectedBeforeTheReservationGrows() {
        FakeMemory mem = new FakeMemory(1L << 30);
        List<DeviceAllocator.Block> dead = new ArrayList<>();
        int[] collections = {0};
        DeviceAllocator a = new DeviceAllocator(mem, () -> { collections[0]++; dead.forEach(DeviceAllocator.Block::release); dead.clear(); },
                16 << 10);
        for (int step = 0; step < 100; step++) dead.add(a.allocate(4 << 10));   // a loop whose tensors die unnoticed
        assertTrue(collections[0] >= 1, "a collection must have been asked for");
        assertTrue(mem.used <= 32 << 10, "the reservation stays near the budget: " + mem.used + " bytes");
        assertTrue(a.stats().reuses() >= 90, a.stats().toString());
        long before = mem.mallocs;
        for (int step = 0; step < 100; step++) dead.add(a.allocate(4 << 10));
        assertEquals(before, mem.mallocs, "in steady state every block comes from the free list");
    }
}
