package sc.fiji.revsam2.fiji;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import ij.measure.ResultsTable;
import sc.fiji.revsam2.algorithm.SegmentationResult;
import sc.fiji.revsam2.io.AtomicFiles;

/**
 * The "RevSAM2 scores" table: one row per class and query slice with the class label and name,
 * the slice (1-based), the reverse-propagation score (NaN where not computed: outside the slice
 * range, or for methods without reverse propagation) and whether the slice conditioned the
 * self-propagation.
 */
public final class ScoresTable {

	public static final String TITLE = "RevSAM2 scores";
	public static final String CLASS = "Class", NAME = "Name", SLICE = "Slice", SCORE = "Score", SELECTED = "Selected";

	private ScoresTable() {}

	public static ResultsTable create(SegmentationResult result, int depth) {
		ResultsTable rt = new ResultsTable();
		rt.showRowNumbers(false);
		rt.setPrecision(4);
		for (SegmentationResult.ClassResult c : result.classes()) {
			float[] scores = c.scores();
			int[] selected = c.selected();
			for (int z = 0; z < depth; z++) {
				rt.incrementCounter();
				rt.addValue(CLASS, c.objectClass().label());
				rt.addValue(NAME, c.objectClass().name());
				rt.addValue(SLICE, z + 1);
				rt.addValue(SCORE, scores != null && z < scores.length ? scores[z] : Double.NaN);
				rt.addValue(SELECTED, contains(selected, z) ? "yes" : "no");
			}
		}
		return rt;
	}

	/** Writes the table as CSV (comma-separated, a header line, NaN for missing scores), atomically. */
	public static void saveCsv(ResultsTable rt, Path file) throws IOException {
		AtomicFiles.write(file, out -> {
			Writer w = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
			w.write(String.join(",", CLASS, NAME, SLICE, SCORE, SELECTED) + "\n");
			for (int i = 0; i < rt.size(); i++) {
				w.write((int) rt.getValue(CLASS, i) + "," + csv(rt.getStringValue(NAME, i)) + "," + (int) rt.getValue(SLICE, i) + ","
					+ String.format(Locale.ROOT, "%.6f", rt.getValue(SCORE, i)) + "," + rt.getStringValue(SELECTED, i) + "\n");
			}
			w.flush();
		});
	}

	private static String csv(String s) {
		return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
	}

	private static boolean contains(int[] a, int v) {
		return a != null && Arrays.stream(a).anyMatch(x -> x == v);
	}
}
