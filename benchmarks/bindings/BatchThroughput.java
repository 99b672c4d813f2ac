import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.povmon.DecisionFormat;
import org.povmon.EvaluateOptions;
import org.povmon.Policy;

/**
 * java BatchThroughput PACK FILE JOBS JSON|PROTO: decides the JSON Lines file twice with
 * Policy.evaluateJsonLines (a warm-up, then the measured run) and prints the measured run's
 * process CPU seconds (every thread), wall seconds and result count.
 */
public final class BatchThroughput {
  public static void main(String[] args) throws Exception {
    byte[] data = Files.readAllBytes(Path.of(args[1]));
    int jobs = Integer.parseInt(args[2]);
    DecisionFormat format = DecisionFormat.valueOf(args[3]);
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    EvaluateOptions options = EvaluateOptions.asOf("2024-11-30");
    try (Policy policy = Policy.load(Path.of(args[0]))) {
      policy.evaluateJsonLines(data, options, format, jobs);
      long cpu0 = os.getProcessCpuTime();
      long wall0 = System.nanoTime();
      int n = policy.evaluateJsonLines(data, options, format, jobs).size();
      double cpu = (os.getProcessCpuTime() - cpu0) * 1e-9;
      double wall = (System.nanoTime() - wall0) * 1e-9;
      System.out.println(cpu + " " + wall + " " + n);
    }
  }
}
