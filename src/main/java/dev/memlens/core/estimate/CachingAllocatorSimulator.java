package dev.memlens.core.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * A model of PyTorch's CUDA caching allocator (large pool): requests round up to 512 B; a free cached block
 * is reused best-fit (by size, then by address) and split when more than 1 MiB would be left; otherwise a new
 * segment is reserved (a 20 MiB segment for requests under 10 MiB, else the request rounded up to 2 MiB); freed
 * blocks merge only with free neighbours in the same segment and are never returned. The driver hands out each new
 * segment below the last one (H200, driver 580: every segment of the recorded traces), so among free blocks of one
 * size the newest segment's comes first; replaying recorded traces in that order gives their reserved bytes to the
 * byte, the other order up to 0.8 GiB less (Llama-2-13B). This is what makes {@code memory_reserved}
 * (and so nvidia-smi) exceed the allocated peak while a DynamicCache grows by torch.cat.
 * Requests of 1 MiB or less go to the small pool, as in PyTorch: 2 MiB segments, split whenever 512 B or more
 * would be left. It matters where many such blocks stay alive: Gemma-3-1B's single-KV-head k/v projections
 * (576 KiB each, 52 of them: 18 segments, 36 MiB) and, from the first decode step, its sliding layers'
 * window-sized K and V (1 MiB each at batch 4: 46 MiB more), the two together 2 % of that run's peak.
 */
public final class CachingAllocatorSimulator {
    private static final long MIB = 1L << 20;
    private static final long SMALL_SIZE = MIB;
    private static final long MIN_LARGE_ALLOC = 10 * MIB;
    private static final long LARGE_BUFFER = 20 * MIB;
    private static final long ROUND_LARGE = 2 * MIB;
    /** PyTorch's kSmallBuffer: the small pool reserves segments of this size. */
    static final long SMALL_BUFFER = 2 * MIB;
    /** PyTorch's kMinBlockSize: requests round up to it, and a small-pool block splits when this much is left. */
    private static final long MIN_BLOCK = 512;

    /** A block of a segment; blocks of one segment form a doubly linked list in address order. */
    public static final class Block {
        long size;
        boolean free;
        Block prev;
        Block next;
        /** Address proxy: segments in reservation order (each new one at a lower address), offset within. */
        final long segment;
        long offset;
        final boolean small;

        Block(long size, long segment, long offset, boolean small) {
            this.size = size;
            this.segment = segment;
            this.offset = offset;
            this.small = small;
        }
    }

    /** Best fit as PyTorch orders its free blocks: by size, then by address (a later segment lies lower). */
    private final TreeSet<Block> freeBlocks = freeList();
    private final TreeSet<Block> freeSmallBlocks = freeList();
    private long nextSegment;
    private long reserved;
    private long smallReserved;
    private long allocated;
    private long peakReserved;
    private long peakAllocated;

    private static TreeSet<Block> freeList() {
        return new TreeSet<>((a, b) -> a.size != b.size ? Long.compare(a.size, b.size)
                : a.segment != b.segment ? Long.compare(b.segment, a.segment) : Long.compare(a.offset, b.offset));
    }

    /** Allocates {@code bytes} from the small pool (1 MiB or less once rounded) or the large one. */
    public Block malloc(long bytes) {
        long size = (bytes + MIN_BLOCK - 1) / MIN_BLOCK * MIN_BLOCK;
        boolean small = size <= SMALL_SIZE;
        TreeSet<Block> free = small ? freeSmallBlocks : freeBlocks;
        Block probe = new Block(size, Long.MAX_VALUE, 0, small);
        Block block = free.ceiling(probe);
        if (block == null) {
            long segment = small ? SMALL_BUFFER : size < MIN_LARGE_ALLOC ? LARGE_BUFFER
                    : (size + ROUND_LARGE - 1) / ROUND_LARGE * ROUND_LARGE;
            reserved = Math.addExact(reserved, segment);
            if (small) {
                smallReserved += segment;
            }
            peakReserved = Math.max(peakReserved, reserved);
            block = new Block(segment, nextSegment++, 0, small);
        } else {
            free.remove(block);
        }
        long remaining = block.size - size;
        if (small ? remaining >= MIN_BLOCK : remaining > SMALL_SIZE) {
            Block rest = new Block(remaining, block.segment, block.offset + size, small);
            rest.free = true;
            rest.prev = block;
            rest.next = block.next;
            if (block.next != null) {
                block.next.prev = rest;
            }
            block.next = rest;
            block.size = size;
            free.add(rest);
        }
        block.free = false;
        allocated = Math.addExact(allocated, block.size);
        peakAllocated = Math.max(peakAllocated, allocated);
        return block;
    }

    public void free(Block block) {
        if (block == null) {
            return;
        }
        TreeSet<Block> free = block.small ? freeSmallBlocks : freeBlocks;
        allocated -= block.size;
        block.free = true;
        Block merged = block;
        if (merged.next != null && merged.next.free) {
            Block n = merged.next;
            free.remove(n);
            merged.size += n.size;
            merged.next = n.next;
            if (n.next != null) {
                n.next.prev = merged;
            }
        }
        if (merged.prev != null && merged.prev.free) {
            Block p = merged.prev;
            free.remove(p);
            p.size += merged.size;
            p.next = merged.next;
            if (merged.next != null) {
                merged.next.prev = p;
            }
            merged = p;
        }
        free.add(merged);
    }

    /** Frees several blocks in order. */
    public void free(List<Block> blocks) {
        for (Block b : new ArrayList<>(blocks)) {
            free(b);
        }
        blocks.clear();
    }

    /** Bytes reserved by the small pool's segments. */
    public long smallPoolReserved() {
        return smallReserved;
    }

    public long reserved() {
        return reserved;
    }

    public long allocated() {
        return allocated;
    }

    public long peakReserved() {
        return peakReserved;
    }

    public long peakAllocated() {
        return peakAllocated;
    }
}
