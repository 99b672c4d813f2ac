package org.povmon;

import com.sun.jna.IntegerType;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.ByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;

/**
 * The C ABI of libpovmon ({@code <povmon/povmon.h>}) as a JNA interface, and
 * where the library is found: the {@code povmon.library} system property or
 * the {@code POVMON_LIBRARY} environment variable (a path to the file), else
 * {@code libpovmon.so.<major>} on the library search path
 * ({@code jna.library.path}, then the system's).
 */
final class NativeApi {
  private NativeApi() {}

  /** The ABI major this binding was written for. */
  static final int ABI_MAJOR = 0;
  /** ...and the oldest minor that has every function used here. */
  static final int ABI_MINOR = 4;

  static final int FORMAT_PROTO = 1;
  static final int FORMAT_JSON = 2;

  /** C size_t. */
  public static final class SizeT extends IntegerType {
    private static final long serialVersionUID = 1L;

    public SizeT() {
      this(0);
    }

    public SizeT(long value) {
      super(Native.SIZE_T_SIZE, value, true);
    }
  }

  /** C size_t*, for output lengths. */
  public static final class SizeTByReference extends ByReference {
    public SizeTByReference() {
      super(Native.SIZE_T_SIZE);
      getPointer().setLong(0, 0);
    }

    long getValue() {
      return Native.SIZE_T_SIZE == 8 ? getPointer().getLong(0) : getPointer().getInt(0);
    }
  }

  /** struct povmon_file. */
  @Structure.FieldOrder({"name", "name_len", "content", "content_len"})
  public static class PovmonFile extends Structure {
    public Pointer name;
    public SizeT name_len;
    public Pointer content;
    public SizeT content_len;
  }

  /** The functions of povmon.h. */
  interface Povmon extends Library {
    int povmon_version_number();

    String povmon_version_string();

    Pointer povmon_last_error();

    String povmon_status_name(int status);

    int povmon_last_problems_json(PointerByReference out, SizeTByReference outLen);

    void povmon_free(Pointer buffer);

    int povmon_options_create(PointerByReference out);

    void povmon_options_destroy(Pointer options);

    int povmon_options_set_as_of(Pointer options, byte[] date, SizeT dateLen);

    int povmon_options_set_trace_level(Pointer options, int traceLevel);

    int povmon_policy_load(PointerByReference out, byte[] directory, SizeT directoryLen);

    int povmon_policy_load_from_files(
        PointerByReference out, PovmonFile[] files, SizeT fileCount, byte[] label, SizeT labelLen);

    void povmon_policy_destroy(Pointer policy);

    int povmon_policy_id(PointerByReference out, SizeTByReference outLen, Pointer policy);

    int povmon_policy_revision(PointerByReference out, SizeTByReference outLen, Pointer policy);

    int povmon_policy_valid_from(PointerByReference out, SizeTByReference outLen, Pointer policy);

    int povmon_policy_valid_until(
        PointerByReference out, SizeTByReference outLen, Pointer policy);

    int povmon_policy_with_changes(
        PointerByReference out, Pointer policy, byte[] changes, SizeT changesLen);

    int povmon_policy_changes(PointerByReference out, SizeTByReference outLen, Pointer policy);

    int povmon_policy_explain(
        PointerByReference out,
        SizeTByReference outLen,
        Pointer policy,
        int decisionFormat,
        byte[] decision,
        SizeT decisionLen);

    int povmon_evaluator_create(PointerByReference out, Pointer policy);

    void povmon_evaluator_destroy(Pointer evaluator);

    int povmon_evaluate(
        PointerByReference out,
        SizeTByReference outLen,
        Pointer evaluator,
        Pointer options,
        int inputFormat,
        byte[] input,
        SizeT inputLen,
        int outputFormat);

    int povmon_evaluate_batch(
        PointerByReference out,
        SizeTByReference outLen,
        Pointer evaluator,
        Pointer options,
        int inputFormat,
        byte[] input,
        SizeT inputLen,
        int outputFormat);

    int povmon_batch_create(PointerByReference out, Pointer policy, Pointer options, int jobs);

    void povmon_batch_destroy(Pointer batch);

    int povmon_batch_jobs(Pointer batch);

    /**
     * 0.4: the results in a block the batch run owns and reuses (not freed). Java calls this
     * and not povmon_batch_evaluate, so only this one is declared.
     * input: native memory the caller owns (Policy's BatchRun reuses one block for every chunk).
     * Not a heap ByteBuffer: JNA hands the native side a copy of the buffer's whole backing
     * array (and copies it back), so a slice of a large array cost a copy of all of it per call.
     */
    int povmon_batch_evaluate_view(
        PointerByReference out,
        SizeTByReference outLen,
        Pointer batch,
        int inputFormat,
        Pointer input,
        SizeT inputLen,
        int outputFormat);

    // 0.3: the reports of the povmon program.

    int povmon_policy_summary(
        PointerByReference out, SizeTByReference outLen, Pointer policy, int reportFormat);

    int povmon_policy_test(
        PointerByReference out,
        SizeTByReference outLen,
        SizeTByReference failed,
        Pointer policy,
        byte[] directory,
        SizeT directoryLen,
        int reportFormat);

    int povmon_notice_list(
        PointerByReference out,
        SizeTByReference outLen,
        PointerByReference report,
        SizeTByReference reportLen,
        Pointer policy,
        Pointer options,
        byte[] households,
        SizeT householdsLen,
        int noticeFormat);

    int povmon_what_if_compare(
        PointerByReference out,
        SizeTByReference outLen,
        Pointer policy,
        Pointer whatIf,
        Pointer options,
        byte[] households,
        SizeT householdsLen,
        int reportFormat);
  }

  private static volatile Povmon library;

  /** The loaded library; throws UnsatisfiedLinkError if none fits. */
  static Povmon get() {
    Povmon loaded = library;
    if (loaded != null) {
      return loaded;
    }
    synchronized (NativeApi.class) {
      if (library == null) {
        library = load();
      }
      return library;
    }
  }

  private static Povmon load() {
    List<String> candidates = new ArrayList<>();
    String property = System.getProperty("povmon.library");
    String environment = System.getenv("POVMON_LIBRARY");
    if (property != null && !property.isEmpty()) {
      candidates.add(property);
    } else if (environment != null && !environment.isEmpty()) {
      candidates.add(environment);
    } else {
      candidates.add("libpovmon.so." + ABI_MAJOR);
      candidates.add("povmon");
    }
    List<String> failures = new ArrayList<>();
    for (String candidate : candidates) {
      Povmon lib;
      try {
        lib = Native.load(candidate, Povmon.class);
      } catch (UnsatisfiedLinkError e) {
        failures.add(candidate + ": " + e.getMessage());
        continue;
      }
      int number = lib.povmon_version_number();
      if (number / 10000 != ABI_MAJOR || (number / 100) % 100 < ABI_MINOR) {
        failures.add(
            candidate
                + ": library version "
                + number
                + " does not provide the ABI "
                + ABI_MAJOR
                + "."
                + ABI_MINOR
                + " this binding needs");
        continue;
      }
      return lib;
    }
    throw new UnsatisfiedLinkError(
        "cannot load libpovmon (set -Dpovmon.library or POVMON_LIBRARY to its path): "
            + String.join("; ", failures));
  }

  /** Copy a library-owned buffer and free it. */
  static byte[] take(Povmon lib, PointerByReference out, SizeTByReference length) {
    Pointer pointer = out.getValue();
    try {
      long size = length.getValue();
      if (size > Integer.MAX_VALUE - 8) {
        throw new PovmonException(
            PovmonException.RESOURCE_EXHAUSTED, "a result of " + size + " bytes is too big for Java");
      }
      return size == 0 ? new byte[0] : pointer.getByteArray(0, (int) size);
    } finally {
      lib.povmon_free(pointer);
    }
  }

  /** The calling thread's last error, as a PovmonException with `code`. */
  static PovmonException lastError(Povmon lib, int code) {
    Pointer message = lib.povmon_last_error();
    String text = message == null ? "" : message.getString(0, "UTF-8");
    return PovmonException.of(code, text, -1, null, null);
  }
}
