package sc.fiji.revsam2.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.revsam2.cli.CliTesting.args;
import static sc.fiji.revsam2.cli.CliTesting.run;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import sc.fiji.revsam2.algorithm.Method;
import sc.fiji.revsam2.sam2.PhantomModel;

/** {@code revsam2 compare} on a tiny set: every method and class in the table, the rank correlation, the time per case. */
class CompareCommandTest {

	@Test
	void tableOfEveryMethodAndClass() {
		CliTesting.Result r = run(args("compare", "--test-model", "--cases", 2, "--size", 64, "--slices", 6, "--supports", 2, "--k", 3));
		assertEquals(Exit.OK, r.code(), r::toString);
		String out = r.out();
		assertTrue(out.contains("2 cases (query seeds 1-2, supports drawn on seeds 1001-1002)"), out);
		assertTrue(out.contains(PhantomModel.WARNING), "says what the bundled model is");
		Pattern row = Pattern.compile("^(\\S+) +(organ|kidney) +([0-9.]+) ± ([0-9.]+) \\(([0-9.]+)-([0-9.]+)\\) +([0-9.]+) ± ([0-9.]+)", Pattern.MULTILINE);
		Matcher m = row.matcher(out);
		int rows = 0;
		while (m.find()) {
			rows++;
			double mean = Double.parseDouble(m.group(3)), min = Double.parseDouble(m.group(5)), max = Double.parseDouble(m.group(6));
			assertTrue(min <= mean + 1e-3 && mean <= max + 1e-3 && max <= 1 && Double.parseDouble(m.group(7)) <= 1, m.group());
			if (m.group(2).equals("organ") && !m.group(1).equals("forward-query")) assertTrue(mean > 0.3, "the phantom model finds the organ: " + m.group());
		}
		assertEquals(2 * Method.values().length, rows, out);
		for (Method method : Method.values()) assertTrue(out.contains(method.id() + " "), method.id());
		assertTrue(out.contains("rank correlation (Spearman)") && Pattern.compile("  organ +(rho|undefined)").matcher(out).find(), out);
		assertTrue(Pattern.compile("time per case .*revsam2 [0-9.]+ ± [0-9.]+ \\([0-9.]+-[0-9.]+\\) s").matcher(out).find(), out);
	}

	@Test
	void badSettingsAreUsageErrors() {
		CliTesting.assertFails(run(args("compare", "--test-model", "--methods", "revsam2,best")), Exit.USAGE, List.of("--methods", "best"));
		CliTesting.assertFails(run(args("compare", "--test-model", "--cases", 0)), Exit.USAGE, List.of("--cases"));
		CliTesting.assertFails(run(args("compare", "--test-model", "--model", "x")), Exit.USAGE, List.of("cannot be used together"));
	}
}
