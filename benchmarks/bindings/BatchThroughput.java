import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.povmon.DecisionFormat;
import org.povmon.DecisionSink;
import org.povmon.EvaluateOptions;
import org.povmon.Policy;

/**
 * java BatchThroughput PACK FILE JOBS JSON|PROTO [list|sink] [ROUNDS]: decides the JSON Lines
 * file ROUNDS + 1 times (a warm-up, then the measured calls) and prints, per measured call, its
 * process CPU seconds (every thread), wall seconds and result count. list:
 * Policy.evaluateJsonLines(byte[], options, format, jobs), every result kept in the returned
 * list; sink: the same with a DecisionSink that reads each decision's bytes and keeps nothing.
 */
public final class BatchThroughput {
  public static void main(String[] args) throws Exception {
    byte[] data = Files.readAllBytes(Path.of(args[1]));
    int jobs = Integer.parseInt(args[2]);
    DecisionFormat format = DecisionFormat.valueOf(args[3]);
    boolean sink = args.length > 4 && args[4].equals("sink");
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    EvaluateOptions options = EvaluateOptions.asOf("2024-11-30");
    try (Policy policy = Policy.load(Path.of(args[0]))) {
      for (int round = 0; round <= rounds; ++round) {
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        long n = sink ? sink(policy, data, options, format, jobs)
            : policy.evaluateJsonLines(data, options, format, jobs).size();
        double cpu = (os.getProcessCpuTime() - cpu0) * 1e-9;
        double wall = (System.nanoTime() - wall0) * 1e-9;
        if (round > 0) {
          System.out.println(cpu + " " + wall + " " + n);
        }
      }
    }
  }

  /** Decides through a DecisionSink, reading every decision's bytes; returns the count. */
  private static long sink(
      Policy policy, byte[] data, EvaluateOptions options, DecisionFormat format, int jobs) {
    long[] seen = new long[2];
    DecisionSink count = (index, decision, error) -> {
      ++seen[0];
      if (decision != null) {
        seen[1] += decision.get(decision.limit() - 1); // touch the last byte, as a reader would
      }
    };
    policy.evaluateJsonLines(data, options, format, jobs, count);
    return seen[0];
  }
}
