package org.povmon;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The blocks that the results a batch call returns in a list share (Policy's BatchRun.shared):
 * 1 MiB, then twice the one before, up to 16 MiB (or one chunk's output, if bigger). A block is
 * freed when none of its results is reachable.
 *
 * <p>Blocks under 4 MiB are Java arrays. From 4 MiB a block is native memory that, on Linux, is
 * marked for transparent huge pages ({@code madvise(MADV_HUGEPAGE)}, which the kernel's default
 * "madvise" setting honours): results kept from a batch are memory nobody has touched before,
 * and on 4 KiB pages that memory costs a page fault per 4 KiB (the JVM's heap grows into fresh
 * pages for them as well), which was a quarter of a large JSON call's CPU; a huge page costs one
 * fault per 2 MiB. At most {@link #NATIVE_LIMIT} bytes of such blocks are held at a time in the
 * process; past it, while the collector has not yet freed blocks whose results are gone, blocks
 * are Java arrays again, so native memory never piles up behind a heap that sees no pressure.
 */
final class ResultBlocks {
  /** The first block, and the largest that doubling reaches. */
  static final int FIRST = 1 << 20;
  static final int LARGEST = 16 << 20;
  /** Blocks of at least this many bytes are native, while under NATIVE_LIMIT. */
  static final int NATIVE_FROM = 4 << 20;
  /** Bytes of native blocks the process holds at most. */
  static final long NATIVE_LIMIT = 512L << 20;

  private static final long HUGE_PAGE = 2L << 20;
  private static final int MADV_HUGEPAGE = 14;
  private static final AtomicLong nativeBytes = new AtomicLong();
  private static final Cleaner CLEANER = Cleaner.create();
  private static final Function MADVISE = madvise();

  private ResultBlocks() {}

  /**
   * The block after one of {@code previous} bytes (0: the first of a run), big enough for
   * {@code size} bytes: a buffer whose position is where the next result goes.
   */
  static ByteBuffer next(int previous, int size) {
    int capacity = Math.max(previous == 0 ? FIRST : Math.min(2 * previous, LARGEST), size);
    if (capacity >= NATIVE_FROM) {
      ByteBuffer block = allocateNative(capacity);
      if (block != null) {
        return block;
      }
    }
    return ByteBuffer.wrap(new byte[capacity]);
  }

  /** Bytes of native blocks held now (for tests). */
  static long nativeBytes() {
    return nativeBytes.get();
  }

  /** A native block, or null when the process holds NATIVE_LIMIT bytes of them already. */
  private static ByteBuffer allocateNative(int capacity) {
    // Room to start the block at a huge page boundary: the kernel maps huge pages only there.
    long bytes = capacity + HUGE_PAGE;
    if (nativeBytes.addAndGet(bytes) > NATIVE_LIMIT) {
      nativeBytes.addAndGet(-bytes);
      return null;
    }
    long address = Native.malloc(bytes);
    if (address == 0) {
      nativeBytes.addAndGet(-bytes);
      return null;
    }
    long start = (address + HUGE_PAGE - 1) & -HUGE_PAGE;
    if (MADVISE != null) {
      // Advice only: where the kernel does not take it, the block is ordinary pages.
      MADVISE.invokeInt(
          new Object[] {new Pointer(start), new NativeLong(capacity & -HUGE_PAGE), MADV_HUGEPAGE});
    }
    ByteBuffer block = new Pointer(start).getByteBuffer(0, capacity);
    // Every view of the block (each result's) refers to it, so this runs when none is left.
    CLEANER.register(block, () -> {
      Native.free(address);
      nativeBytes.addAndGet(-bytes);
    });
    return block;
  }

  private static Function madvise() {
    if (!Platform.isLinux()) {
      return null;
    }
    try {
      return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("madvise");
    } catch (UnsatisfiedLinkError e) {
      return null;
    }
  }
}
