package org.povmon;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import java.util.function.Consumer;
import org.povmon.NativeApi.Povmon;
import org.povmon.NativeApi.PovmonFile;
import org.povmon.NativeApi.SizeT;
import org.povmon.NativeApi.SizeTByReference;
import org.povmon.v1.Decision;
import org.povmon.v1.Household;

/**
 * A compiled policy pack: immutable and safe to share across threads.
 *
 * <pre>{@code
 * try (Policy policy = Policy.load(Path.of("policies/hunan-2024"))) {
 *   String decision = policy.evaluate(householdJson, EvaluateOptions.asOf("2024-11-30"));
 * }
 * }</pre>
 *
 * <p>Each concurrent call borrows an evaluator (the library's per-thread working memory) from a
 * pool, so any number of threads may evaluate at once. Households are JSON in the proto3 JSON
 * mapping of {@code povmon.v1.Household}, or its serialized protobuf bytes; decisions come back
 * the same way. Bad input raises {@link PovmonException} with the status code and a message
 * naming the field.
 */
public final class Policy implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  private final Povmon lib;
  private final Handles handles;
  private final Cleaner.Cleanable cleanable;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final EvaluateOptions defaults;
  private final String id;
  private final String revision;
  private final LocalDate validFrom;
  private final LocalDate validUntil;
  private final List<String> changes;
  private boolean closed;

  /** The native handles, released by close() or, if forgotten, by the Cleaner. */
  private static final class Handles implements Runnable {
    final Povmon lib;
    final Pointer policy;
    final ConcurrentLinkedDeque<Pointer> evaluators = new ConcurrentLinkedDeque<>();
    final ConcurrentHashMap<EvaluateOptions, Pointer> options = new ConcurrentHashMap<>();

    Handles(Povmon lib, Pointer policy) {
      this.lib = lib;
      this.policy = policy;
    }

    @Override
    public void run() {
      for (Pointer evaluator; (evaluator = evaluators.poll()) != null; ) {
        lib.povmon_evaluator_destroy(evaluator);
      }
      for (Pointer option : options.values()) {
        lib.povmon_options_destroy(option);
      }
      options.clear();
      lib.povmon_policy_destroy(policy);
    }
  }

  private Policy(Povmon lib, Pointer handle, EvaluateOptions defaults) {
    this.lib = lib;
    this.handles = new Handles(lib, handle);
    this.cleanable = CLEANER.register(this, handles);
    this.defaults = defaults;
    this.id = readString(lib::povmon_policy_id);
    this.revision = readString(lib::povmon_policy_revision);
    this.validFrom = LocalDate.parse(readString(lib::povmon_policy_valid_from));
    this.validUntil = LocalDate.parse(readString(lib::povmon_policy_valid_until));
    String changeLines = readString(lib::povmon_policy_changes);
    this.changes = changeLines.isEmpty() ? List.of() : List.of(changeLines.split("\n", -1));
  }

  // ---------------------------------------------------------------- loading

  /**
   * Load and compile the pack in a directory (the one holding pack.textproto).
   *
   * @throws PolicyLoadException for a pack with problems, each with its position
   * @throws PovmonException with code NOT_FOUND for a missing directory or file
   */
  public static Policy load(Path directory) {
    return load(directory, null);
  }

  /**
   * As {@link #load(Path)}, with the options that {@link #evaluate(String)} and {@link
   * #evaluate(byte[])} use.
   */
  public static Policy load(Path directory, EvaluateOptions defaults) {
    Objects.requireNonNull(directory, "directory");
    Povmon lib = NativeApi.get();
    byte[] path = utf8(directory.toString());
    PointerByReference out = new PointerByReference();
    int code = lib.povmon_policy_load(out, path, new SizeT(path.length));
    if (code != 0) {
      throw loadError(lib, code);
    }
    return new Policy(lib, out.getValue(), defaults);
  }

  /**
   * Load a pack held in memory: file names relative to the pack ("pack.textproto",
   * "rules.textproto"...) to their text. {@code label} prefixes file names in problems.
   */
  public static Policy fromFiles(Map<String, String> files, String label) {
    return fromFiles(files, label, null);
  }

  public static Policy fromFiles(
      Map<String, String> files, String label, EvaluateOptions defaults) {
    Objects.requireNonNull(files, "files");
    Povmon lib = NativeApi.get();
    PovmonFile[] array = (PovmonFile[]) new PovmonFile().toArray(Math.max(files.size(), 1));
    List<Memory> keepAlive = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, String> file : files.entrySet()) {
      byte[] name = utf8(Objects.requireNonNull(file.getKey(), "file name"));
      byte[] content = utf8(Objects.requireNonNull(file.getValue(), "file content"));
      array[i].name = copy(name, keepAlive);
      array[i].name_len = new SizeT(name.length);
      array[i].content = copy(content, keepAlive);
      array[i].content_len = new SizeT(content.length);
      array[i].write();
      ++i;
    }
    byte[] labelBytes = utf8(label == null ? "" : label);
    PointerByReference out = new PointerByReference();
    int code =
        lib.povmon_policy_load_from_files(
            out, array, new SizeT(files.size()), labelBytes, new SizeT(labelBytes.length));
    keepAlive.clear();
    if (code != 0) {
      throw loadError(lib, code);
    }
    return new Policy(lib, out.getValue(), defaults);
  }

  private static Pointer copy(byte[] bytes, List<Memory> keepAlive) {
    Memory memory = new Memory(Math.max(bytes.length, 1));
    memory.write(0, bytes, 0, bytes.length);
    keepAlive.add(memory);
    return memory;
  }

  private static PovmonException loadError(Povmon lib, int code) {
    PovmonException error = NativeApi.lastError(lib, code);
    if (code != PovmonException.INVALID_ARGUMENT) {
      return error;
    }
    PointerByReference out = new PointerByReference();
    SizeTByReference length = new SizeTByReference();
    if (lib.povmon_last_problems_json(out, length) != 0) {
      return error;
    }
    String json = new String(NativeApi.take(lib, out, length), StandardCharsets.UTF_8);
    List<Problem> problems = new ArrayList<>();
    for (Object item : (List<?>) Json.parse(json)) {
      Map<String, Object> p = Json.object(item);
      problems.add(
          new Problem(
              (String) p.get("file"),
              ((Long) p.get("line")).intValue(),
              ((Long) p.get("column")).intValue(),
              (String) p.get("message")));
    }
    if (problems.isEmpty()) {
      return error;
    }
    return new PolicyLoadException(error.getMessage(), problems);
  }

  // ---------------------------------------------------------------- what-if

  /**
   * A what-if policy: this pack with some parameters given other values ("what if the line
   * rises to 7,000?"), to evaluate with like any policy and to close.
   *
   * <pre>{@code
   * try (Policy whatIf = policy.withChanges("monitoring_line=7000")) {
   *   String decision = whatIf.evaluate(householdJson, EvaluateOptions.asOf("2024-11-30"));
   * }
   * }</pre>
   *
   * <p>Each change is {@code NAME=VALUE} or {@code NAME=VALUE@YYYY-MM-DD}: a parameter of the
   * pack's parameter files, a value as they write one of its type (yuan for money, "7000" or
   * "7000.00"; a whole number; true or false; a date), and the first day of the new value
   * (the pack's first day when absent; later dated values are replaced too). Changes apply in
   * order; a variant of a variant keeps the first changes. The variant is checked like the pack,
   * has its own {@link #revision()}, lists its {@link #changes()}, and every decision made with
   * it carries them in {@code what_if}. It keeps this policy's default options.
   *
   * @throws PolicyLoadException for changes that do not hold (not NAME=VALUE, an unknown
   *     parameter, a value not of its type, a date outside the pack's), each a problem
   * @throws PovmonException with code INVALID_ARGUMENT for no change at all
   */
  public Policy withChanges(String... changes) {
    Objects.requireNonNull(changes, "changes");
    for (String change : changes) {
      Objects.requireNonNull(change, "change");
    }
    // One change per line: line N of a problem is the N-th change.
    byte[] data = utf8(String.join("\n", changes));
    lock.readLock().lock();
    try {
      checkOpen();
      PointerByReference out = new PointerByReference();
      int code = lib.povmon_policy_with_changes(out, handles.policy, data, new SizeT(data.length));
      if (code != 0) {
        throw loadError(lib, code);
      }
      return new Policy(lib, out.getValue(), defaults);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** {@link #withChanges(String...)} for the changes in a list, in order. */
  public Policy withChanges(List<String> changes) {
    Objects.requireNonNull(changes, "changes");
    return withChanges(changes.toArray(new String[0]));
  }

  /**
   * {@link #withChanges(String...)} from parameter names to values as the parameter files write
   * them ({@code Map.of("monitoring_line", "7000")}), from the pack's first day; in the map's
   * iteration order (use a LinkedHashMap when two changes depend on their order).
   */
  public Policy withChanges(Map<String, String> changes) {
    return withChanges(changes, null);
  }

  /** As {@link #withChanges(Map)}, the new values applying from {@code from} on. */
  public Policy withChanges(Map<String, String> changes, LocalDate from) {
    Objects.requireNonNull(changes, "changes");
    List<String> lines = new ArrayList<>(changes.size());
    for (Map.Entry<String, String> change : changes.entrySet()) {
      String name = Objects.requireNonNull(change.getKey(), "parameter name");
      String value = Objects.requireNonNull(change.getValue(), "value of " + name);
      lines.add(name + "=" + value + (from == null ? "" : "@" + from));
    }
    return withChanges(lines);
  }

  /**
   * The what-if changes this policy was made with ("NAME=VALUE" or "NAME=VALUE@YYYY-MM-DD", as
   * its decisions carry them in {@code what_if}); empty for a pack as loaded.
   */
  public List<String> changes() {
    return changes;
  }

  // ---------------------------------------------------------------- about

  /** The version of the libpovmon actually loaded, "MAJOR.MINOR.PATCH". */
  public static String libraryVersion() {
    return NativeApi.get().povmon_version_string();
  }

  /** The pack id, e.g. "hunan-2024". */
  public String id() {
    return id;
  }

  /**
   * Hex sha256 of the pack's files (and of the changes, for a what-if policy): every decision
   * carries it as pack_revision.
   */
  public String revision() {
    return revision;
  }

  /** The first date the pack answers for. */
  public LocalDate validFrom() {
    return validFrom;
  }

  /** The last date the pack answers for. */
  public LocalDate validUntil() {
    return validUntil;
  }

  // ---------------------------------------------------------------- lifetime

  /** Release the policy; waits for calls in progress. Closing twice is harmless. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      cleanable.clean();
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public String toString() {
    String whatIf = changes.isEmpty() ? "" : " what-if " + String.join(", ", changes);
    return "Policy " + id + whatIf + " (revision " + revision.substring(0, 12) + ")";
  }

  // ---------------------------------------------------------------- evaluate

  /** Decide one household given as JSON; returns the decision as one line of JSON. */
  public String evaluate(String householdJson, EvaluateOptions options) {
    Objects.requireNonNull(householdJson, "householdJson");
    byte[] out = call(NativeApi.FORMAT_JSON, utf8(householdJson), NativeApi.FORMAT_JSON, options);
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Decide one household given as serialized povmon.v1.Household; returns Decision bytes. */
  public byte[] evaluate(byte[] householdProto, EvaluateOptions options) {
    Objects.requireNonNull(householdProto, "householdProto");
    return call(NativeApi.FORMAT_PROTO, householdProto, NativeApi.FORMAT_PROTO, options);
  }

  /** Decide a household given as protobuf bytes; returns the decision as JSON. */
  public String evaluateToJson(byte[] householdProto, EvaluateOptions options) {
    Objects.requireNonNull(householdProto, "householdProto");
    byte[] out = call(NativeApi.FORMAT_PROTO, householdProto, NativeApi.FORMAT_JSON, options);
    return new String(out, StandardCharsets.UTF_8);
  }

  /** {@link #evaluate(String, EvaluateOptions)} with the options given at load. */
  public String evaluate(String householdJson) {
    return evaluate(householdJson, requireDefaults());
  }

  /** {@link #evaluate(byte[], EvaluateOptions)} with the options given at load. */
  public byte[] evaluate(byte[] householdProto) {
    return evaluate(householdProto, requireDefaults());
  }

  /**
   * Decide many households (JSON), one result per household in order, on every core. A
   * household that fails gets an error result in its slot and never stops the others; a
   * household id used by an earlier household of the list gets a
   * WARNING_CODE_DUPLICATE_HOUSEHOLD_ID entry in its decision's "warnings".
   */
  public List<BatchResult> evaluateBatch(List<String> householdsJson, EvaluateOptions options) {
    return evaluateBatch(householdsJson, options, 0);
  }

  /**
   * As {@link #evaluateBatch(List, EvaluateOptions)} on {@code jobs} worker threads (0: one per
   * core, 1: the calling thread only).
   */
  public List<BatchResult> evaluateBatch(
      List<String> householdsJson, EvaluateOptions options, int jobs) {
    Objects.requireNonNull(householdsJson, "householdsJson");
    Objects.requireNonNull(options, "options");
    List<BatchResult> results = new ArrayList<>(householdsJson.size());
    StringBuilder batch = new StringBuilder();
    int batchStart = 0;
    try (BatchRun run = new BatchRun(options, jobs)) {
      for (int i = 0; i < householdsJson.size(); ++i) {
        String household = Objects.requireNonNull(householdsJson.get(i), "household " + i);
        // A trailing line ending is JSON whitespace.
        int end = household.length();
        while (end > 0
            && (household.charAt(end - 1) == '\n' || household.charAt(end - 1) == '\r')) {
          --end;
        }
        household = household.substring(0, end);
        // A record of the library's JSON Lines must sit on one non-blank line;
        // any other household is decided on its own, in its place.
        boolean alone =
            household.isBlank() || household.indexOf('\n') >= 0 || household.indexOf('\r') >= 0;
        if (!alone) {
          batch.append(household).append('\n');
          continue;
        }
        runBatch(run, batch, batchStart, results);
        try {
          results.add(new BatchResult(evaluate(household, options), null));
        } catch (PovmonException e) {
          results.add(
              new BatchResult(
                  null,
                  PovmonException.of(e.code(), e.getMessage(), i, householdIdOf(household), null)));
        }
        batchStart = i + 1;
      }
      runBatch(run, batch, batchStart, results);
    }
    return results;
  }

  private void runBatch(BatchRun run, StringBuilder batch, int firstIndex, List<BatchResult> out) {
    if (batch.length() == 0) {
      return;
    }
    byte[] input = utf8(batch.toString());
    batch.setLength(0);
    int before = out.size();
    run.evaluate(input, 0, input.length, DecisionFormat.JSON, out::add);
    // Positions in the caller's list; lines of the internal batch mean nothing to the caller.
    for (int i = before; i < out.size(); ++i) {
      BatchResult r = out.get(i);
      if (!r.ok()) {
        PovmonException e = r.error();
        out.set(
            i,
            new BatchResult(
                null,
                PovmonException.of(
                    e.code(), e.getMessage(), firstIndex + (i - before), e.householdId(),
                    e.field())));
      }
    }
  }

  /**
   * Decide the households of a JSON Lines buffer (UTF-8 bytes, as read from the file) on every
   * core: one result per non-blank line, in order, with the decision's JSON as bytes. The bytes
   * go to the library as they are; it checks UTF-8 once, as it parses.
   */
  public List<BatchResult> evaluateJsonLines(byte[] jsonLines, EvaluateOptions options) {
    return evaluateJsonLines(jsonLines, options, DecisionFormat.JSON, 0);
  }

  /**
   * As {@link #evaluateJsonLines(byte[], EvaluateOptions)}, each decision as {@code format}
   * ({@link DecisionFormat#PROTO}: serialized povmon.v1.Decision bytes, no JSON at all), on
   * {@code jobs} worker threads (0: one per core). Errors carry the record's index and, for a
   * JSON result, its line; a household id used on an earlier line gets a
   * WARNING_CODE_DUPLICATE_HOUSEHOLD_ID warning.
   */
  public List<BatchResult> evaluateJsonLines(
      byte[] jsonLines, EvaluateOptions options, DecisionFormat format, int jobs) {
    Objects.requireNonNull(jsonLines, "jsonLines");
    List<BatchResult> results = new ArrayList<>();
    try (BatchRun run = new BatchRun(options, jobs)) {
      int start = 0;
      while (start < jsonLines.length) {
        int end = lineBoundary(ByteBuffer.wrap(jsonLines), start, jsonLines.length);
        run.evaluate(jsonLines, start, end, format, results::add);
        start = end;
      }
    }
    return results;
  }

  /**
   * Decide the households of a JSON Lines stream (read in chunks, never whole), giving each
   * result to {@code sink} in order, as {@link #evaluateJsonLines(byte[], EvaluateOptions,
   * DecisionFormat, int)} does: memory stays flat however long the stream.
   */
  public void evaluateJsonLines(
      InputStream in,
      EvaluateOptions options,
      DecisionFormat format,
      int jobs,
      Consumer<BatchResult> sink)
      throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(sink, "sink");
    try (BatchRun run = new BatchRun(options, jobs)) {
      byte[] buffer = new byte[CHUNK_BYTES];
      int filled = 0;
      for (; ; ) {
        int n = in.read(buffer, filled, buffer.length - filled);
        if (n < 0) {
          break;
        }
        filled += n;
        int cut = filled;
        while (cut > 0 && buffer[cut - 1] != '\n') {
          --cut;
        }
        if (cut == 0) {
          if (filled == buffer.length) {
            buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2); // a long line
          }
          continue;
        }
        run.evaluate(buffer, 0, cut, format, sink);
        System.arraycopy(buffer, cut, buffer, 0, filled - cut);
        filled -= cut;
      }
      if (filled > 0) {
        run.evaluate(buffer, 0, filled, format, sink);
      }
    }
  }

  /**
   * Decide the households of a JSON Lines buffer as {@link #evaluateJsonLines(byte[],
   * EvaluateOptions, DecisionFormat, int)} does, giving each result to {@code sink} in order
   * instead of keeping them: the fast path. A decision comes as a read-only view of a block
   * that the run reuses for every chunk, valid only until {@code sink} returns (copy what you
   * keep); nothing is decoded to a String and no result object is made.
   */
  public void evaluateJsonLines(
      byte[] jsonLines,
      EvaluateOptions options,
      DecisionFormat format,
      int jobs,
      DecisionSink sink) {
    evaluateJsonLines(
        ByteBuffer.wrap(Objects.requireNonNull(jsonLines, "jsonLines")), options, format, jobs, sink);
  }

  /**
   * As {@link #evaluateJsonLines(byte[], EvaluateOptions, DecisionFormat, int, DecisionSink)},
   * for the bytes from the buffer's position to its limit (the position does not move). A direct
   * buffer (e.g. {@code FileChannel.map} of the file) goes to the library where it is, without
   * a copy.
   */
  public void evaluateJsonLines(
      ByteBuffer jsonLines,
      EvaluateOptions options,
      DecisionFormat format,
      int jobs,
      DecisionSink sink) {
    Objects.requireNonNull(jsonLines, "jsonLines");
    Objects.requireNonNull(sink, "sink");
    Pointer base =
        jsonLines.isDirect()
            ? com.sun.jna.Native.getDirectBufferPointer(jsonLines).share(jsonLines.position())
            : null;
    ByteBuffer data = jsonLines.slice();
    try (BatchRun run = new BatchRun(options, jobs)) {
      int start = 0;
      int size = data.limit();
      while (start < size) {
        int end = lineBoundary(data, start, size);
        Pointer chunk = base != null ? base.share(start) : run.copyIn(data, start, end);
        run.evaluate(chunk, end - start, format, sink);
        start = end;
      }
    } finally {
      // The library reads the buffer's memory: keep it from being freed until then.
      java.lang.ref.Reference.reachabilityFence(jsonLines);
    }
  }

  /** Bytes of JSON Lines handed to the library at a time. */
  private static final int CHUNK_BYTES = 4 << 20;

  /** The end of a chunk from {@code start}: about CHUNK_BYTES, at a line boundary. */
  private static int lineBoundary(ByteBuffer data, int start, int size) {
    int end = (int) Math.min((long) start + CHUNK_BYTES, size);
    while (end < size && data.get(end - 1) != '\n') {
      ++end;
    }
    return end;
  }

  /** One povmon_batch: its record indexes, lines and duplicate ids span all its calls. */
  private final class BatchRun implements AutoCloseable {
    private final Pointer batch;
    /** The native copy of the chunk being decided, reused (grown when needed) for every chunk. */
    private Memory input;
    /** Records decided by earlier calls: the index of a PROTO result's error spans calls. */
    private long records;
    /** The copy of the library's output that a DecisionSink's views show, reused. */
    private ByteBuffer results;

    BatchRun(EvaluateOptions options, int jobs) {
      Objects.requireNonNull(options, "options");
      if (jobs < 0 || jobs > 256) {
        throw new IllegalArgumentException(
            "jobs is " + jobs + "; give 0 (one worker per core) or 1 to 256 worker threads");
      }
      lock.readLock().lock();
      try {
        checkOpen();
        Pointer cached = handles.options.get(options);
        Pointer nativeOptions = cached != null ? cached : nativeOptions(options);
        boolean ownOptions = nativeOptions != handles.options.get(options);
        try {
          PointerByReference out = new PointerByReference();
          int code = lib.povmon_batch_create(out, handles.policy, nativeOptions, jobs);
          if (code != 0) {
            throw NativeApi.lastError(lib, code);
          }
          batch = out.getValue();
        } finally {
          if (ownOptions) {
            lib.povmon_options_destroy(nativeOptions);
          }
        }
      } finally {
        lock.readLock().unlock();
      }
    }

    int jobs() {
      return lib.povmon_batch_jobs(batch);
    }

    /** Decide data[start, end) and give each result to sink, in order. */
    void evaluate(
        byte[] data, int start, int end, DecisionFormat format, Consumer<BatchResult> sink) {
      ByteBuffer out = shared(call(copyIn(data, start, end), end - start, format));
      split(out, format, (offset, length, error) -> sink.accept(
          new BatchResult(error == null ? out : null, offset, length, format, error)));
    }

    /**
     * Decide size bytes at input and give each result to sink as a view of this run's reused
     * results block, valid until sink returns.
     */
    void evaluate(Pointer input, int size, DecisionFormat format, DecisionSink sink) {
      Pointer out = call(input, size, format);
      long outSize = lastOutSize;
      if (results == null || results.capacity() < outSize) {
        results = ByteBuffer.allocateDirect((int) Math.max(outSize, 1L << 20));
      }
      // A copy, so that a view kept past its call shows stale bytes of a Java buffer rather
      // than native memory the run has reused or freed.
      ByteBuffer view = results.duplicate();
      view.clear().limit((int) outSize);
      if (outSize > 0) {
        view.put(out.getByteBuffer(0, outSize));
      }
      view.flip();
      ByteBuffer block = view.asReadOnlyBuffer();
      long[] next = {records};
      split(block, format, (offset, length, error) -> {
        ByteBuffer decision = null;
        if (error == null) {
          decision = block.duplicate();
          decision.limit(offset + length).position(offset);
          decision = decision.slice();
        }
        sink.accept(next[0]++, decision, error);
      });
    }

    /** Copy data[start, end) into the run's reused native block. */
    Pointer copyIn(byte[] data, int start, int end) {
      reserve(end - start).write(0, data, start, end - start);
      return input;
    }

    /** Copy src[start, end) into the run's reused native block. */
    Pointer copyIn(ByteBuffer src, int start, int end) {
      ByteBuffer from = src.duplicate();
      from.limit(end).position(start);
      reserve(end - start).getByteBuffer(0, end - start).put(from);
      return input;
    }

    /** The run's native input block, grown to hold at least size bytes. */
    private Memory reserve(int size) {
      if (input == null || input.size() < size) {
        if (input != null) {
          input.close();
        }
        input = new Memory(Math.max(1L, size));
      }
      return input;
    }

    private long lastOutSize;

    /**
     * povmon_batch_evaluate_view over size bytes at input; returns the library's output
     * (lastOutSize bytes) in the run's native block, valid until the next call.
     */
    private Pointer call(Pointer input, int size, DecisionFormat format) {
      int outputFormat =
          format == DecisionFormat.PROTO ? NativeApi.FORMAT_PROTO : NativeApi.FORMAT_JSON;
      lock.readLock().lock();
      try {
        checkOpen();
        PointerByReference result = new PointerByReference();
        SizeTByReference length = new SizeTByReference();
        int code =
            lib.povmon_batch_evaluate_view(
                result, length, batch, NativeApi.FORMAT_JSON, input, new SizeT(size),
                outputFormat);
        if (code != 0) {
          throw NativeApi.lastError(lib, code);
        }
        Pointer out = result.getValue();
        lastOutSize = length.getValue();
        if (lastOutSize > Integer.MAX_VALUE - 8) {
          throw new PovmonException(
              PovmonException.RESOURCE_EXHAUSTED,
              "a result of " + lastOutSize + " bytes is too big for Java");
        }
        return out;
      } finally {
        lock.readLock().unlock();
      }
    }

    /**
     * The block that kept results are copied into, shared by consecutive chunks (see
     * ResultBlocks); its position is the end of the bytes in use.
     */
    private ByteBuffer kept;

    /**
     * The library's output copied once into the run's current block of kept results, which the
     * following chunks fill too, then the next block (ResultBlocks.next). Returns the output's
     * bytes in the block, from position 0.
     */
    private ByteBuffer shared(Pointer out) {
      int size = (int) lastOutSize;
      if (kept == null || kept.remaining() < size) {
        kept = ResultBlocks.next(kept == null ? 0 : kept.capacity(), size);
      }
      ByteBuffer view = kept.slice();
      view.limit(size);
      if (size > 0) {
        view.put(out.getByteBuffer(0, size));
      }
      kept.position(kept.position() + size);
      return view.flip();
    }

    /** Gives each result of out to pieces, in order, counting the run's records. */
    private void split(ByteBuffer out, DecisionFormat format, Pieces pieces) {
      if (format == DecisionFormat.PROTO) {
        records += splitProto(out, records, pieces);
      } else {
        records += splitJson(out, pieces);
      }
    }

    @Override
    public void close() {
      lib.povmon_batch_destroy(batch);
      if (input != null) {
        input.close();
      }
    }
  }

  /** One result of a batch output: its bytes out[offset, offset + length), or its error. */
  private interface Pieces {
    void accept(int offset, int length, PovmonException error);
  }

  private static final byte[] ERROR_PREFIX = "{\"index\":".getBytes(StandardCharsets.UTF_8);

  private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

  /** The index of the first '\n' in out from {@code from} (there is one: every line ends so). */
  static int lineEnd(ByteBuffer out, int from) {
    int size = out.limit();
    int i = from;
    boolean little = out.order() == java.nio.ByteOrder.LITTLE_ENDIAN;
    // Eight bytes at a time: a byte of x is zero where out has '\n', and zero's high bit is set
    // exactly at x's zero bytes (no carry crosses a byte: each is at most 0x7F + 0x7F).
    for (; i + 8 <= size; i += 8) {
      long x = out.getLong(i) ^ NEWLINES;
      long zero = ~(((x & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | x | LOW_SEVEN_BITS);
      if (zero != 0) {
        return i + ((little ? Long.numberOfTrailingZeros(zero) : Long.numberOfLeadingZeros(zero))
            >>> 3);
      }
    }
    while (out.get(i) != '\n') {
      ++i;
    }
    return i;
  }

  /** Gives each result of a JSON batch output to pieces; returns the number of results. */
  private static long splitJson(ByteBuffer out, Pieces pieces) {
    int start = 0;
    int size = out.limit();
    long count = 0;
    while (start < size) {
      int end = lineEnd(out, start);
      boolean error = end - start >= ERROR_PREFIX.length;
      for (int k = 0; error && k < ERROR_PREFIX.length; ++k) {
        error = out.get(start + k) == ERROR_PREFIX[k];
      }
      if (!error) {
        pieces.accept(start, end - start, null);
      } else {
        Map<String, Object> record = Json.object(Json.parse(utf8(out, start, end - start)));
        Map<String, Object> failure = Json.object(record.get("error"));
        pieces.accept(
            0,
            0,
            PovmonException.of(
                ((Long) failure.get("code")).intValue(),
                (String) failure.get("message"),
                (Long) record.get("index"),
                (String) record.get("household_id"),
                (String) failure.get("field")));
      }
      ++count;
      start = end + 1;
    }
    return count;
  }

  /**
   * Gives each result of a PROTO batch output to pieces; {@code firstIndex} is the record index
   * of the first (the batch run's records before this call). Returns the number of results.
   */
  private static long splitProto(ByteBuffer out, long firstIndex, Pieces pieces) {
    int[] pos = {0};
    long index = firstIndex;
    while (pos[0] < out.limit()) {
      long code = readVarint(out, pos);
      int size = (int) readVarint(out, pos);
      int start = pos[0];
      pos[0] += size;
      if (code == 0) {
        pieces.accept(start, size, null);
      } else {
        String message = utf8(out, start, size);
        String field = PovmonException.fieldOf(message);
        pieces.accept(0, 0, PovmonException.of((int) code, message, index, null, field));
      }
      ++index;
    }
    return index - firstIndex;
  }

  /** The text of out[start, start + size), UTF-8. */
  private static String utf8(ByteBuffer out, int start, int size) {
    byte[] text = new byte[size];
    ByteBuffer view = out.duplicate();
    view.position(start);
    view.get(text);
    return new String(text, StandardCharsets.UTF_8);
  }

  private static long readVarint(ByteBuffer data, int[] pos) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = data.get(pos[0]++);
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }

  /** The "id" of a household decided on its own, when its JSON can be read. */
  private static String householdIdOf(String json) {
    try {
      Object id = Json.object(Json.parse(json)).get("id");
      return id instanceof String && !((String) id).isEmpty() ? (String) id : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- explain

  /** A human-readable explanation (Chinese and English) of a decision given as JSON. */
  public String explain(String decisionJson) {
    Objects.requireNonNull(decisionJson, "decisionJson");
    return explain(NativeApi.FORMAT_JSON, utf8(decisionJson));
  }

  /** A human-readable explanation of a decision given as serialized povmon.v1.Decision. */
  public String explain(byte[] decisionProto) {
    Objects.requireNonNull(decisionProto, "decisionProto");
    return explain(NativeApi.FORMAT_PROTO, decisionProto);
  }

  // ---------------------------------------------------------------- typed

  /**
   * Decide a typed household ({@code povmon.v1.Household}, classes generated from the .proto
   * files into {@code org.povmon.v1}); returns the typed {@link Decision}. Throws {@link
   * InvalidArgumentException} (with {@link PovmonException#field()}) for a household that cannot
   * be decided, {@link OutOfRangeException} for a date outside the pack's.
   */
  public Decision evaluate(Household household, EvaluateOptions options) {
    Objects.requireNonNull(household, "household");
    return parseDecision(
        call(NativeApi.FORMAT_PROTO, household.toByteArray(), NativeApi.FORMAT_PROTO, options));
  }

  /** {@link #evaluate(Household, EvaluateOptions)} with the options given at load. */
  public Decision evaluate(Household household) {
    return evaluate(household, requireDefaults());
  }

  /** Decide a household given as JSON; returns the typed {@link Decision}. */
  public Decision decide(String householdJson, EvaluateOptions options) {
    Objects.requireNonNull(householdJson, "householdJson");
    return parseDecision(
        call(NativeApi.FORMAT_JSON, utf8(householdJson), NativeApi.FORMAT_PROTO, options));
  }

  /** {@link #decide(String, EvaluateOptions)} with the options given at load. */
  public Decision decide(String householdJson) {
    return decide(householdJson, requireDefaults());
  }

  /** A typed decision this policy made, explained (Simplified Chinese beside English). */
  public String explain(Decision decision) {
    Objects.requireNonNull(decision, "decision");
    return explain(decision.toByteArray());
  }

  /**
   * Decide typed households as they come, lazily: {@code batchSize} at a time go to the library's
   * batch call, so only one batch is held. One result per household, in order; a household that
   * fails gets its error (with its index, line and id) in its slot and never stops the others.
   */
  public Iterator<BatchResult> decideEach(
      Iterator<Household> households, EvaluateOptions options, int batchSize) {
    Objects.requireNonNull(households, "households");
    Objects.requireNonNull(options, "options");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be at least 1");
    }
    return new Iterator<BatchResult>() {
      private final List<BatchResult> ready = new ArrayList<>();
      private int next;
      private long index;

      @Override
      public boolean hasNext() {
        if (next < ready.size()) {
          return true;
        }
        ready.clear();
        next = 0;
        List<Household> batch = new ArrayList<>(batchSize);
        while (batch.size() < batchSize && households.hasNext()) {
          batch.add(Objects.requireNonNull(households.next(), "household " + (index + batch.size())));
        }
        if (batch.isEmpty()) {
          return false;
        }
        byte[] out =
            call(NativeApi.FORMAT_PROTO, ProtoBatch.encode(batch), NativeApi.FORMAT_PROTO, options, true);
        ready.addAll(ProtoBatch.decode(out, batch, index));
        index += batch.size();
        return true;
      }

      @Override
      public BatchResult next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return ready.get(next++);
      }
    };
  }

  /** {@link #decideEach} as a sequential Stream, 256 households a batch. */
  public Stream<BatchResult> decideStream(Stream<Household> households, EvaluateOptions options) {
    Objects.requireNonNull(households, "households");
    Iterator<BatchResult> results = decideEach(households.iterator(), options, 256);
    return StreamSupport.stream(
        Spliterators.spliteratorUnknownSize(results, Spliterator.ORDERED | Spliterator.NONNULL),
        false);
  }

  private static Decision parseDecision(byte[] bytes) {
    try {
      return Decision.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw PovmonException.of(
          PovmonException.INTERNAL, "the library returned a Decision that does not parse: "
              + e.getMessage(), -1, null, null);
    }
  }

  private String explain(int format, byte[] decision) {
    lock.readLock().lock();
    try {
      checkOpen();
      PointerByReference out = new PointerByReference();
      SizeTByReference length = new SizeTByReference();
      int code =
          lib.povmon_policy_explain(
              out, length, handles.policy, format, decision, new SizeT(decision.length));
      if (code != 0) {
        throw NativeApi.lastError(lib, code);
      }
      return new String(NativeApi.take(lib, out, length), StandardCharsets.UTF_8);
    } finally {
      lock.readLock().unlock();
    }
  }

  // ---------------------------------------------------------------- reports (0.3)

  /**
   * What the pack holds, counted, so that a pack which silently lost a file shows it: TEXT is the
   * two lines {@code povmon check} prints; JSON is {@code {"label","id","revision","valid_from",
   * "valid_until","rules","measures","principles","lifecycle":{"elimination_rules","procedures",
   * "visit_cadences","duties"} or null,"population":{"rules","places"} or null,"calendar_years"
   * or null,"changes":[...]}}.
   */
  public String summary(ReportFormat format) {
    checkReportFormat(format, false);
    lock.readLock().lock();
    try {
      checkOpen();
      PointerByReference out = new PointerByReference();
      SizeTByReference length = new SizeTByReference();
      int code = lib.povmon_policy_summary(out, length, handles.policy, format.code);
      if (code != 0) {
        throw NativeApi.lastError(lib, code);
      }
      return new String(NativeApi.take(lib, out, length), StandardCharsets.UTF_8);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Run the pack's own test cases ({@code directory}/tests/*.textproto; {@code null} for the
   * folder the pack was loaded from), each decided with this policy. A failing case is a result
   * ({@link PackTestReport#failed()}), not an exception.
   *
   * @throws PovmonException NOT_FOUND for a folder without tests, INVALID_ARGUMENT for a test
   *     file that does not parse (the message gives file:line:col)
   */
  public PackTestReport runTests(Path directory, ReportFormat format) {
    checkReportFormat(format, false);
    byte[] path = directory == null ? new byte[0] : utf8(directory.toString());
    lock.readLock().lock();
    try {
      checkOpen();
      PointerByReference out = new PointerByReference();
      SizeTByReference length = new SizeTByReference();
      SizeTByReference failed = new SizeTByReference();
      int code =
          lib.povmon_policy_test(
              out, length, failed, handles.policy, path.length == 0 ? null : path,
              new SizeT(path.length), format.code);
      if (code != 0) {
        throw NativeApi.lastError(lib, code);
      }
      String report = new String(NativeApi.take(lib, out, length), StandardCharsets.UTF_8);
      return new PackTestReport(report, failed.getValue());
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The public-notice list (公示名單, Plan 10 §3.2) of households given as JSON, each decided as
   * of {@code options.asOf()}: the notices in force that day, with no ID numbers, addresses,
   * phone numbers, birth dates or bank card numbers whatever the records hold; CSV, or a
   * printable HTML page when {@code html}. A household that cannot be decided is listed in the
   * report, never thrown.
   */
  public NoticeList notices(List<String> householdsJson, EvaluateOptions options, boolean html) {
    Objects.requireNonNull(options, "options");
    byte[] data = jsonLines(householdsJson);
    lock.readLock().lock();
    try {
      checkOpen();
      Pointer nativeOptions = dateOptions(options);
      try {
        PointerByReference out = new PointerByReference();
        SizeTByReference length = new SizeTByReference();
        PointerByReference report = new PointerByReference();
        SizeTByReference reportLength = new SizeTByReference();
        int code =
            lib.povmon_notice_list(
                out, length, report, reportLength, handles.policy, nativeOptions, data,
                new SizeT(data.length), html ? NOTICE_HTML : NOTICE_CSV);
        if (code != 0) {
          throw NativeApi.lastError(lib, code);
        }
        String document = new String(NativeApi.take(lib, out, length), StandardCharsets.UTF_8);
        String reportJson =
            new String(NativeApi.take(lib, report, reportLength), StandardCharsets.UTF_8);
        return new NoticeList(document, reportJson);
      } finally {
        lib.povmon_options_destroy(nativeOptions);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * The what-if comparison: households given as JSON decided as of {@code options.asOf()} under
   * this policy and under {@code whatIf} (normally from {@link #withChanges}), and what changes.
   * TEXT is what {@code povmon whatif} prints; JSON one object ({@code "changes"} with each
   * parameter's {@code pack_value} and {@code what_if_value}, the counts, {@code "monitored"},
   * {@code "category_changes"}, {@code "elimination_changes"}, {@code "amounts"} by department
   * and basis, {@code "changed_households"} with their differences in words, {@code "errors"});
   * JSONL one line per household, as {@code povmon whatif --format jsonl} writes them. A
   * household's {@code line} is its 1-based position.
   */
  public String compareWhatIf(
      Policy whatIf, List<String> householdsJson, EvaluateOptions options, ReportFormat format) {
    Objects.requireNonNull(whatIf, "whatIf");
    Objects.requireNonNull(options, "options");
    checkReportFormat(format, true);
    byte[] data = jsonLines(householdsJson);
    lock.readLock().lock();
    try {
      checkOpen();
      whatIf.lock.readLock().lock();
      try {
        whatIf.checkOpen();
        Pointer nativeOptions = dateOptions(options);
        try {
          PointerByReference out = new PointerByReference();
          SizeTByReference length = new SizeTByReference();
          int code =
              lib.povmon_what_if_compare(
                  out, length, handles.policy, whatIf.handles.policy, nativeOptions, data,
                  new SizeT(data.length), format.code);
          if (code != 0) {
            throw NativeApi.lastError(lib, code);
          }
          return new String(NativeApi.take(lib, out, length), StandardCharsets.UTF_8);
        } finally {
          lib.povmon_options_destroy(nativeOptions);
        }
      } finally {
        whatIf.lock.readLock().unlock();
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  private static final int NOTICE_CSV = 1;
  private static final int NOTICE_HTML = 2;

  private static void checkReportFormat(ReportFormat format, boolean allowJsonLines) {
    Objects.requireNonNull(format, "format");
    if (format == ReportFormat.JSONL && !allowJsonLines) {
      throw new IllegalArgumentException("JSONL is for compareWhatIf only; use TEXT or JSON");
    }
  }

  /** Households as JSON Lines, one line each (raw line breaks are JSON whitespace). */
  private static byte[] jsonLines(List<String> householdsJson) {
    Objects.requireNonNull(householdsJson, "householdsJson");
    StringBuilder lines = new StringBuilder();
    int position = 0;
    for (String household : householdsJson) {
      ++position;
      Objects.requireNonNull(household, "household " + position);
      if (household.isBlank()) {
        throw new IllegalArgumentException("household " + position + " is blank");
      }
      if (position > 1) {
        lines.append('\n');
      }
      appendOneLine(lines, household, position);
    }
    return utf8(lines.toString());
  }

  /**
   * A household's JSON on one line: raw line breaks between tokens are JSON whitespace and become
   * spaces; one inside a string is not JSON, and since joining the lines would hide it, it is
   * refused here.
   */
  private static void appendOneLine(StringBuilder lines, String household, int position) {
    boolean inString = false;
    boolean escaped = false;
    for (int i = 0; i < household.length(); ++i) {
      char c = household.charAt(i);
      boolean lineBreak = c == '\r' || c == '\n';
      if (inString) {
        if (lineBreak) {
          throw new IllegalArgumentException(
              "household " + position + ": a raw line break inside a JSON string (character "
                  + (i + 1) + "); write it as \\n");
        }
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (lineBreak) {
        c = ' ';
      }
      lines.append(c);
    }
  }

  /** New native options with the as-of date (the caller destroys them). */
  private Pointer dateOptions(EvaluateOptions options) {
    PointerByReference out = new PointerByReference();
    int code = lib.povmon_options_create(out);
    if (code != 0) {
      throw NativeApi.lastError(lib, code);
    }
    Pointer created = out.getValue();
    byte[] date = utf8(options.asOf().toString());
    code = lib.povmon_options_set_as_of(created, date, new SizeT(date.length));
    if (code != 0) {
      PovmonException error = NativeApi.lastError(lib, code);
      lib.povmon_options_destroy(created);
      throw error;
    }
    return created;
  }

  // ---------------------------------------------------------------- internals

  private interface StringFunction {
    int call(PointerByReference out, SizeTByReference length, Pointer policy);
  }

  private String readString(StringFunction function) {
    PointerByReference out = new PointerByReference();
    SizeTByReference length = new SizeTByReference();
    int code = function.call(out, length, handles.policy);
    if (code != 0) {
      throw NativeApi.lastError(lib, code);
    }
    return new String(NativeApi.take(lib, out, length), StandardCharsets.UTF_8);
  }

  private EvaluateOptions requireDefaults() {
    if (defaults == null) {
      throw new PovmonException(
          PovmonException.INVALID_ARGUMENT,
          "no as-of date: pass EvaluateOptions, or load the policy with default options");
    }
    return defaults;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("policy " + id + " is closed");
    }
  }

  private byte[] call(int inputFormat, byte[] input, int outputFormat, EvaluateOptions options) {
    return call(inputFormat, input, outputFormat, options, false);
  }

  private byte[] call(
      int inputFormat, byte[] input, int outputFormat, EvaluateOptions options, boolean batch) {
    Objects.requireNonNull(options, "options");
    lock.readLock().lock();
    try {
      checkOpen();
      Pointer cached = handles.options.get(options);
      Pointer nativeOptions = cached != null ? cached : nativeOptions(options);
      boolean ownOptions = nativeOptions != handles.options.get(options);
      try {
        Pointer evaluator = borrowEvaluator();
        try {
          PointerByReference out = new PointerByReference();
          SizeTByReference length = new SizeTByReference();
          SizeT inputLength = new SizeT(input.length);
          int code =
              batch
                  ? lib.povmon_evaluate_batch(
                      out, length, evaluator, nativeOptions, inputFormat, input, inputLength,
                      outputFormat)
                  : lib.povmon_evaluate(
                      out, length, evaluator, nativeOptions, inputFormat, input, inputLength,
                      outputFormat);
          if (code != 0) {
            throw NativeApi.lastError(lib, code);
          }
          return NativeApi.take(lib, out, length);
        } finally {
          handles.evaluators.push(evaluator);
        }
      } finally {
        if (ownOptions) {
          lib.povmon_options_destroy(nativeOptions);
        }
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /** An idle evaluator from the pool, or a new one. */
  private Pointer borrowEvaluator() {
    Pointer evaluator = handles.evaluators.poll();
    if (evaluator != null) {
      return evaluator;
    }
    PointerByReference created = new PointerByReference();
    int code = lib.povmon_evaluator_create(created, handles.policy);
    if (code != 0) {
      throw NativeApi.lastError(lib, code);
    }
    return created.getValue();
  }

  /** At most this many options are kept (each as-of date and trace level is one). */
  private static final int MAX_CACHED_OPTIONS = 64;

  /**
   * New native options for `options`, cached in the policy until close unless the cache is
   * full (then the caller destroys them after its call).
   */
  private Pointer nativeOptions(EvaluateOptions options) {
    PointerByReference out = new PointerByReference();
    int code = lib.povmon_options_create(out);
    if (code != 0) {
      throw NativeApi.lastError(lib, code);
    }
    Pointer created = out.getValue();
    byte[] date = utf8(options.asOf().toString());
    code = lib.povmon_options_set_as_of(created, date, new SizeT(date.length));
    if (code == 0) {
      code = lib.povmon_options_set_trace_level(created, options.trace().level);
    }
    if (code != 0) {
      PovmonException error = NativeApi.lastError(lib, code);
      lib.povmon_options_destroy(created);
      throw error;
    }
    if (handles.options.size() >= MAX_CACHED_OPTIONS) {
      return created;
    }
    Pointer winner = handles.options.putIfAbsent(options, created);
    if (winner != null) {
      lib.povmon_options_destroy(created);
      return winner;
    }
    return created;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
