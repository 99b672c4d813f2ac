import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.povmon.BatchResult;
import org.povmon.EvaluateOptions;
import org.povmon.Policy;
import org.povmon.PovmonException;

/**
 * Decide households with povmon's Java binding and print each decision, explained.
 *
 * <pre>java -cp povmon.jar:jna.jar:. EvaluateHouseholds pack-dir as-of households.jsonl...</pre>
 *
 * <p>Prints exactly what the C, C++ and Python examples print: "== file:line", then the decision
 * explained or "error STATUS: message". Exit status 0, 2 when some household was not decided, 1
 * on usage or pack errors.
 */
public final class EvaluateHouseholds {
  private EvaluateHouseholds() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: EvaluateHouseholds <pack-dir> <as-of YYYY-MM-DD> <households.jsonl>...");
      System.exit(1);
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    boolean undecided = false;
    EvaluateOptions options = EvaluateOptions.asOf(args[1]);
    try (Policy policy = Policy.load(Path.of(args[0]))) {
      for (int f = 2; f < args.length; ++f) {
        Path path = Path.of(args[f]);
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        List<Integer> numbers = new ArrayList<>();
        List<String> households = new ArrayList<>();
        for (int i = 0; i < lines.size(); ++i) {
          if (!lines.get(i).chars().allMatch(c -> c == ' ' || c == '\t')) {
            numbers.add(i + 1);
            households.add(lines.get(i));
          }
        }
        // One result per household, in order; a bad one never stops the rest.
        List<BatchResult> results = policy.evaluateBatch(households, options);
        for (int i = 0; i < results.size(); ++i) {
          out.print("== " + path.getFileName() + ":" + numbers.get(i) + "\n");
          BatchResult result = results.get(i);
          if (result.ok()) {
            out.print(policy.explain(result.decisionJson()));
          } else {
            PovmonException error = result.error();
            out.print("error " + error.status() + ": " + error.getMessage() + "\n");
            undecided = true;
          }
        }
      }
    } catch (PovmonException e) {
      out.flush();
      System.err.println(e.getMessage());
      System.exit(1);
    }
    out.flush();
    System.exit(undecided ? 2 : 0);
  }
}
