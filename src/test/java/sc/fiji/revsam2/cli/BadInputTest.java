package sc.fiji.revsam2.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.revsam2.cli.CliTesting.args;
import static sc.fiji.revsam2.cli.CliTesting.assertFails;
import static sc.fiji.revsam2.cli.CliTesting.run;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import sc.fiji.revsam2.io.NiftiHeader;
import sc.fiji.revsam2.io.NiftiWriter;
import sc.fiji.revsam2.volume.LabelVolume;

/** Every kind of bad input: the exit code, one error line naming the file and problem, no output. */
class BadInputTest {

	@TempDir
	Path dir;

	Path query, labels, out;
	NiftiHeader geometry;

	@BeforeEach
	void goodInputs() throws Exception {
		query = dir.resolve("query.nii.gz");
		labels = dir.resolve("labels.nii.gz");
		out = dir.resolve("result.nii.gz");
		geometry = CliTesting.writeVolume(query, CliTesting.volume(40, 36, 5, 1));
		CliTesting.writeLabels(labels, CliTesting.onlySlices(CliTesting.truth(40, 36, 5), 2), geometry);
	}

	private CliTesting.Result segment(Object... more) {
		Object[] all = new Object[more.length + 1];
		all[0] = "segment";
		System.arraycopy(more, 0, all, 1, more.length);
		return run(args(all));
	}

	@Test
	void missingQueryFile() {
		Path missing = dir.resolve("missing.nii.gz");
		assertFails(segment(missing, "--labels", labels, "--test-model", "--output", out), Exit.INPUT, List.of("missing.nii.gz", "no such file"), out);
		CliTesting.Result debug = segment(missing, "--labels", labels, "--test-model", "--output", out, "--debug");
		assertEquals(Exit.INPUT, debug.code());
		assertTrue(debug.err().contains("\tat "), "--debug shows the stack trace");
	}

	@Test
	void truncatedGzippedNifti() throws Exception {
		Path t = dir.resolve("truncated.nii.gz");
		byte[] whole = Files.readAllBytes(query);
		Files.write(t, java.util.Arrays.copyOf(whole, whole.length / 2));
		assertFails(segment(t, "--labels", labels, "--test-model", "--output", out), Exit.INPUT, List.of("truncated.nii.gz", "truncated"), out);
	}

	@Test
	void unsupportedDataType() throws Exception {
		Path rgb = dir.resolve("rgb.nii");
		NiftiWriter.defaults().write(rgb, CliTesting.volume(40, 36, 5, 1));
		try (RandomAccessFile f = new RandomAccessFile(rgb.toFile(), "rw")) {
			f.seek(70);
			f.write(new byte[] { (byte) 128, 0, 24, 0 }); // datatype RGB24, bitpix 24 (little-endian)
		}
		assertFails(segment(rgb, "--labels", labels, "--test-model", "--output", out), Exit.INPUT, List.of("rgb.nii", "unsupported data type"), out);
	}

	@Test
	void labelVolumeOfAnotherSize() throws Exception {
		Path small = dir.resolve("small_labels.nii.gz");
		CliTesting.writeLabels(small, CliTesting.truth(40, 36, 4), null);
		assertFails(segment(query, "--labels", small, "--test-model", "--output", out), Exit.INPUT,
			List.of("small_labels.nii.gz", "40x36x4", "query.nii.gz", "40x36x5", "same size"), out);
		// the same for a support volume and its labels
		assertFails(segment(query, "--support", query, "--support-labels", small, "--test-model", "--output", out), Exit.INPUT,
			List.of("small_labels.nii.gz", "same size"), out);
	}

	@Test
	void intensitiesGivenAsLabels() {
		assertFails(segment(query, "--support", labels, "--support-labels", query, "--test-model", "--output", out), Exit.INPUT,
			List.of("query.nii.gz", "not a label volume"), out);
	}

	@Test
	void emptySupportSet() throws Exception {
		Path empty = dir.resolve("empty_labels.nii.gz");
		CliTesting.writeLabels(empty, LabelVolume.zeros(40, 36, 5, null), geometry);
		assertFails(segment(query, "--labels", empty, "--test-model", "--output", out), Exit.INPUT, List.of("empty_labels.nii.gz", "empty support set"),
			out);
		// labelled, but not on the slices chosen
		CliTesting.Result r = segment(query, "--support", query, "--support-labels", labels, "--support-slices", "1,2", "--test-model", "--output", out);
		assertFails(r, Exit.INPUT, List.of("labels.nii.gz", "empty support set"), out);
		assertTrue(r.err().contains("warning: labels.nii.gz: support slice 1 has no label"), r::toString);
	}

	@Test
	void unknownFlag() {
		assertFails(segment(query, "--labels", labels, "--frobnicate", "--output", out), Exit.USAGE, List.of("unknown flag --frobnicate"), out);
		assertFails(segment(query, "--labels", labels, "--suport", query, "--output", out), Exit.USAGE, List.of("--suport", "did you mean --support?"), out);
		assertFails(run("--frobnicate"), Exit.USAGE, List.of("--frobnicate"));
		assertFails(run("segmnet"), Exit.USAGE, List.of("unknown command 'segmnet'"));
		assertFails(run(), Exit.USAGE, List.of("no command"));
	}

	@Test
	void missingRequiredFlagsAndArguments() {
		assertFails(segment(query, "--labels", labels, "--test-model"), Exit.USAGE, List.of("missing required flag --output"));
		assertFails(segment(query, "--test-model", "--output", out), Exit.USAGE, List.of("no supports"), out);
		assertFails(segment("--labels", labels, "--test-model", "--output", out), Exit.USAGE, List.of("missing query volume"), out);
		assertFails(segment(query, "--support", query, "--test-model", "--output", out), Exit.USAGE, List.of("needs --support-labels"), out);
		assertFails(segment(query, "--support-labels", labels, "--support", query, "--output", out), Exit.USAGE,
			List.of("--support-labels", "must follow the --support volume"), out);
		assertFails(segment(query, "--labels", labels, "--output"), Exit.USAGE, List.of("--output needs a value"));
		assertFails(run(args("evaluate", "--prediction", labels)), Exit.USAGE, List.of("missing required flag --truth"));
		assertFails(run(args("convert", "model.pt")), Exit.USAGE, List.of("expected <checkpoint.pt> <model folder or name>"));
	}

	@Test
	void badFlagValues() {
		assertFails(segment(query, "--labels", labels, "--test-model", "--k", 0, "--output", out), Exit.USAGE, List.of("--k", "out of range"), out);
		assertFails(segment(query, "--labels", labels, "--test-model", "--k", "ten", "--output", out), Exit.USAGE, List.of("--k", "whole number", "ten"), out);
		assertFails(segment(query, "--labels", labels, "--k", 3, "--k", 4, "--output", out), Exit.USAGE, List.of("--k is given twice"), out);
		assertFails(segment(query, "--labels", labels, "--window", "bright", "--output", out), Exit.USAGE, List.of("--window", "bright"), out);
		assertFails(segment(query, "--labels", labels, "--method", "magic", "--output", out), Exit.USAGE, List.of("--method", "magic"), out);
		assertFails(segment(query, "--labels", labels, "--slices", "4-2", "--output", out), Exit.USAGE, List.of("--slices", "before the first"), out);
		assertFails(segment(query, "--labels", labels, "--test-model", "--slices", "9-12", "--output", out), Exit.USAGE,
			List.of("--slices", "query.nii.gz has only 5 slices"), out);
		assertFails(segment(query, "--support", query, "--support-labels", labels, "--support-slices", "3,9", "--test-model", "--output", out),
			Exit.USAGE, List.of("--support-slices 9", "query.nii.gz has only 5 slices"), out);
		assertFails(segment(query, "--labels", labels, "--class-names", "1:liver", "--output", out), Exit.USAGE, List.of("--class-names", "1:liver"), out);
		assertFails(segment(query, "--labels", labels, "--device", "tpu", "--output", out), Exit.USAGE, List.of("--device", "tpu"), out);
		assertFails(segment(query, "--labels", labels, "--precision", "fp16", "--output", out), Exit.USAGE, List.of("--precision", "fp16", "fp32 or bf16"), out);
		assertFails(segment(query, "--labels", labels, "--output", dir.resolve("result.tif")), Exit.USAGE, List.of("result.tif", ".nii.gz"));
		assertFails(segment(query, "--labels", labels, "--report", dir.resolve("r.txt"), "--output", out), Exit.USAGE, List.of("r.txt", ".json or .csv"),
			out);
		assertFails(segment(query, "--labels", labels, "--model", "x", "--test-model", "--output", out), Exit.USAGE,
			List.of("--model and --test-model cannot be used together"), out);
		assertFails(run(args("evaluate", "--prediction", labels, "--truth", labels, "--tolerance", "-1")), Exit.USAGE, List.of("--tolerance"));
	}

	@Test
	void outputExists() throws Exception {
		byte[] before = "not a NIfTI file".getBytes(StandardCharsets.UTF_8);
		Files.write(out, before);
		CliTesting.Result r = segment(query, "--labels", labels, "--test-model", "--output", out);
		assertFails(r, Exit.USAGE, List.of("result.nii.gz", "already exists", "--overwrite"));
		assertArrayEquals(before, Files.readAllBytes(out), "the existing file is untouched");
		// never over an input, even with --overwrite
		assertFails(segment(query, "--labels", labels, "--test-model", "--overwrite", "--output", query), Exit.USAGE, List.of("is also an input"));
		// with --overwrite it is replaced
		CliTesting.Result ok = segment(query, "--labels", labels, "--test-model", "--overwrite", "--output", out, "--quiet");
		assertEquals(Exit.OK, ok.code(), ok::toString);
		assertEquals(5, sc.fiji.revsam2.io.NiftiReader.readLabels(out).depth());
	}

	@Test
	void modelProblems() throws Exception {
		String old = System.getProperty("revsam2.models");
		Path empty = Files.createDirectories(dir.resolve("models"));
		System.setProperty("revsam2.models", empty.toString());
		try {
			assertFails(segment(query, "--labels", labels, "--output", out), Exit.MODEL, List.of("No SAM2 model is installed", "--test-model"), out);
			assertFails(segment(query, "--labels", labels, "--model", "sam2.1_hiera_large", "--output", out), Exit.MODEL,
				List.of("No model 'sam2.1_hiera_large'"), out);
			Path notAModel = Files.createDirectories(dir.resolve("not-a-model"));
			assertFails(segment(query, "--labels", labels, "--model", notAModel, "--output", out), Exit.MODEL, List.of("not-a-model", "model.json"), out);
		} finally {
			if (old == null) System.clearProperty("revsam2.models");
			else System.setProperty("revsam2.models", old);
		}
	}

	@Test
	void evaluateBadInputs() throws Exception {
		Path other = dir.resolve("other.nii.gz");
		CliTesting.writeLabels(other, CliTesting.truth(40, 36, 4), null);
		Path json = dir.resolve("e.json");
		assertFails(run(args("evaluate", "--prediction", labels, "--truth", other, "--json", json)), Exit.INPUT,
			List.of("labels.nii.gz", "other.nii.gz", "same size"), json);
		assertFails(run(args("evaluate", "--prediction", query, "--truth", labels, "--json", json)), Exit.INPUT,
			List.of("query.nii.gz", "not a label volume"), json);
		assertFails(run(args("evaluate", "--prediction", dir.resolve("nope.nii"), "--truth", labels, "--json", json)), Exit.INPUT,
			List.of("nope.nii", "no such file"), json);
	}

	@Test
	void convertBadInputs() throws Exception {
		Path model = dir.resolve("model");
		assertFails(run(args("convert", dir.resolve("missing.pt"), model)), Exit.INPUT, List.of("missing.pt", "no such file"), model);
		Path junk = dir.resolve("junk.pt");
		Files.write(junk, new byte[] { 1, 2, 3, 4, 5 });
		assertFails(run(args("convert", junk, model, "--image-size", 1024)), Exit.INPUT, List.of("junk.pt"), model);
		// never a silent 1024: an unknown checkpoint without --image-size is a usage error
		assertFails(run(args("convert", junk, model)), Exit.USAGE, List.of("image size of junk.pt is not known", "--image-size"), model);
		assertFails(run(args("convert", junk, model, "--image-size", 100)), Exit.USAGE, List.of("--image-size", "multiple of 32"), model);
		assertTrue(CliTesting.list(dir).stream().noneMatch(n -> n.contains("converting")), "no temporary folder left");
	}

	@Test
	void cancellingMidRunWritesNothing() throws Exception {
		Main main = new Main();
		// cancel as soon as the first slice is being propagated, like Ctrl-C would
		ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
		PrintStream err = new PrintStream(new OutputStream() {
			@Override
			public void write(int b) {
				errBytes.write(b);
				if (errBytes.toString(StandardCharsets.UTF_8).contains("propagation")) main.cancel();
			}
		}, true, StandardCharsets.UTF_8);
		ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
		int code = main.run(args("segment", query, "--labels", labels, "--test-model", "--output", out, "--report", dir.resolve("r.json")),
			new PrintStream(outBytes, true, StandardCharsets.UTF_8), err);
		String e = errBytes.toString(StandardCharsets.UTF_8);
		assertEquals(Exit.CANCELLED, code, e);
		assertTrue(e.contains("cancelled"), e);
		assertEquals(List.of("labels.nii.gz", "query.nii.gz"), CliTesting.list(dir), "no output, no report, no temporary file");
	}

	@Test
	void helpAndVersion() {
		CliTesting.Result h = run("--help");
		assertEquals(Exit.OK, h.code());
		assertTrue(h.out().contains("Exit codes") && h.out().contains("130") && h.out().contains("segment"), h.out());
		for (String c : new String[] { "segment", "evaluate", "convert", "bench", "demo" }) {
			CliTesting.Result r = run(c, "--help");
			assertEquals(Exit.OK, r.code(), c);
			assertTrue(r.out().startsWith("Usage: revsam2 " + c), r.out());
			assertTrue(r.out().contains("Exit codes"), c);
			assertEquals(Exit.OK, run(c, "-h").code());
		}
		CliTesting.Result v = run("--version");
		assertEquals(Exit.OK, v.code());
		assertTrue(v.out().startsWith("RevSAM2 for Fiji "), v.out());
	}
}
