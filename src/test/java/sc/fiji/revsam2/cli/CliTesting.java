package sc.fiji.revsam2.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import sc.fiji.revsam2.io.NiftiDataType;
import sc.fiji.revsam2.io.NiftiHeader;
import sc.fiji.revsam2.io.NiftiWriter;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/** Runs the command line in-process and makes small synthetic volumes for its tests. */
final class CliTesting {

	private CliTesting() {}

	/** Exit code, stdout and stderr of one run. */
	record Result(int code, String out, String err) {
		/** The lines of stderr that report an error. */
		List<String> errorLines() {
			return err.lines().filter(l -> l.contains("error")).collect(Collectors.toList());
		}

		@Override
		public String toString() {
			return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
		}
	}

	static Result run(String... args) {
		return run(new Main(), args);
	}

	static Result run(Main main, String... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		int code;
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
			code = main.run(args, o, e);
		}
		return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	/** Arguments as strings (paths included). */
	static String[] args(Object... parts) {
		return Arrays.stream(parts).map(String::valueOf).toArray(String[]::new);
	}

	/**
	 * Asserts a failed run: the exit code, exactly one error line on stderr that contains each of
	 * {@code expected}, no stack trace, and that none of {@code mustNotExist} exists.
	 */
	static void assertFails(Result r, int code, List<String> expected, Path... mustNotExist) {
		assertEquals(code, r.code(), () -> "exit code; " + r);
		List<String> errors = r.errorLines();
		assertEquals(1, errors.size(), () -> "exactly one error line expected; " + r);
		for (String e : expected) assertTrue(errors.get(0).contains(e), () -> "error line lacks '" + e + "'; " + r);
		assertFalse(r.err().contains("\tat "), () -> "no stack trace expected; " + r);
		for (Path p : mustNotExist) assertFalse(Files.exists(p), () -> p + " must not exist; " + r);
	}

	/** A rotated, shifted, anisotropic voxel-to-world matrix, so that copying geometry is visible. */
	static double[][] affine() {
		double c = Math.cos(0.3), s = Math.sin(0.3);
		return new double[][] { { -0.8 * c, -0.7 * s, 0, 12.5 }, { -0.8 * s, 0.7 * c, 0, -40.25 }, { 0, 0, 2.5, 101 } };
	}

	/** A CT-like volume with a bright disc (where label 1 is drawn) and a darker square (label 2). */
	static Volume volume(int w, int h, int d, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		float[][] s = new float[d][w * h];
		LabelVolume truth = truth(w, h, d);
		for (int z = 0; z < d; z++) {
			for (int i = 0; i < w * h; i++) {
				int l = truth.slice(z)[i];
				s[z][i] = (float) Math.rint((l == 1 ? 200 : l == 2 ? 90 : 10) + 15 * r.nextGaussian());
			}
		}
		return new Volume(w, h, s, new Spacing(0.8, 0.7, 2.5, "mm"));
	}

	/** Ground truth of {@link #volume}: a disc (1) on every slice, a square (2) on the middle slices. */
	static LabelVolume truth(int w, int h, int d) {
		LabelVolume l = LabelVolume.zeros(w, h, d, new Spacing(0.8, 0.7, 2.5, "mm"));
		for (int z = 0; z < d; z++) {
			double rad = 0.22 * Math.min(w, h) * (1 - 0.3 * Math.abs(z - d / 2.0) / d);
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					double dx = x - 0.35 * w, dy = y - 0.5 * h;
					if (dx * dx + dy * dy < rad * rad) l.set(x, y, z, 1);
					else if (z >= 1 && z < d - 1 && x > 0.62 * w && x < 0.85 * w && y > 0.3 * h && y < 0.6 * h) l.set(x, y, z, 2);
				}
			}
		}
		return l;
	}

	/** Keeps only these slices (0-based) of a label volume. */
	static LabelVolume onlySlices(LabelVolume l, int... slices) {
		LabelVolume out = LabelVolume.zeros(l.width(), l.height(), l.depth(), l.spacing());
		for (int z : slices) System.arraycopy(l.slice(z), 0, out.slice(z), 0, l.slice(z).length);
		return out;
	}

	/** Writes a volume as int16 NIfTI with the rotated geometry of {@link #affine()}; returns its header. */
	static NiftiHeader writeVolume(Path file, Volume v) throws IOException {
		NiftiHeader geometry = NiftiHeader.fromSpacing(v.width(), v.height(), v.depth(), v.spacing()).toBuilder()
			.geometryFromAffine(NiftiHeader.XFORM_SCANNER_ANAT, NiftiHeader.XFORM_ALIGNED_ANAT, affine()).build();
		return NiftiWriter.defaults().write(file, v, geometry, NiftiDataType.INT16);
	}

	static void writeLabels(Path file, LabelVolume l, NiftiHeader geometry) throws IOException {
		NiftiWriter.defaults().write(file, l, geometry);
	}

	/** The distinct values of a label volume. */
	static TreeSet<Integer> values(LabelVolume l) {
		TreeSet<Integer> v = new TreeSet<>();
		for (int z = 0; z < l.depth(); z++) for (short s : l.slice(z)) v.add(s & 0xffff);
		return v;
	}

	static long count(LabelVolume l, int label) {
		long n = 0;
		for (int z = 0; z < l.depth(); z++) for (short s : l.slice(z)) if ((s & 0xffff) == label) n++;
		return n;
	}

	/** Files in a folder, hidden ones included (to catch temporary files left behind). */
	static List<String> list(Path dir) throws IOException {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		}
	}
}
