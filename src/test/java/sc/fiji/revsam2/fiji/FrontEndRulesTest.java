package sc.fiji.revsam2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import sc.fiji.revsam2.cli.Main;
import sc.fiji.revsam2.io.ImagePlusVolumes;
import sc.fiji.revsam2.io.NiftiHeader;
import sc.fiji.revsam2.io.NiftiReader;
import sc.fiji.revsam2.io.NiftiVersion;
import sc.fiji.revsam2.io.NiftiWriter;
import sc.fiji.revsam2.task.TaskMonitor;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/**
 * The rules the command line and the Fiji commands used to apply differently, each pinned on both
 * front ends: the command line through {@link Main#run} with its flags, Fiji through
 * {@link SegmentationRun.Request#fromKeys} with the macro keys (what both the SciJava command and
 * the ImageJ 1.x command call) and {@link SegmentationRun#run}. Small volumes, the test model.
 */
class FrontEndRulesTest {

	@TempDir
	Path dir;

	/** A query of {@code depth} slices with a disc, labels (value 1) on {@code labelled} (0-based) slices, written as NIfTI and as images. */
	private record Inputs(Path query, Path labels, ImagePlus image, ImagePlus labelImage) {}

	private Inputs inputs(int depth, int... labelled) throws Exception {
		int w = 24, h = 20;
		Volume v = Volume.zeros(w, h, depth, new Spacing(1, 1, 2, "mm"));
		LabelVolume l = LabelVolume.zeros(w, h, depth, v.spacing());
		for (int z = 0; z < depth; z++) {
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					boolean in = (x - 12) * (x - 12) + (y - 10) * (y - 10) < 30;
					v.set(x, y, z, in ? 100 : 5 + (x + y) % 3);
				}
			}
		}
		for (int z : labelled) for (int y = 8; y < 12; y++) for (int x = 10; x < 14; x++) l.set(x, y, z, 1);
		Path q = dir.resolve("query.nii.gz"), lf = dir.resolve("labels.nii.gz");
		NiftiWriter.defaults().write(q, v);
		NiftiWriter.defaults().write(lf, l);
		ImagePlus image = ImagePlusVolumes.toImagePlus(v, "query");
		ImagePlus labelImage = ImagePlusVolumes.toImagePlus(l, "labels");
		return new Inputs(q, lf, image, labelImage);
	}

	/** Exit code and stderr of the command line. */
	private record Cli(int code, String err) {}

	private static Cli cli(Object... args) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		int code;
		try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
			code = new Main().run(Arrays.stream(args).map(String::valueOf).toArray(String[]::new), o, e);
		}
		return new Cli(code, err.toString(StandardCharsets.UTF_8));
	}

	/** The segment command on the inputs' query and labels with the test model and more flags. */
	private Cli segment(Inputs in, Path out, Object... more) {
		List<Object> a = new ArrayList<>(List.of("segment", in.query(), "--labels", in.labels(), "--test-model", "--k", 1, "--output", out));
		a.addAll(Arrays.asList(more));
		return cli(a.toArray());
	}

	/** Fiji: the macro keys (label image supports, test model) plus {@code more}; the warnings it gave; throws its failure. */
	private static List<String> fiji(Inputs in, Object... more) throws SegmentationRun.Failure {
		Map<String, Object> keys = new HashMap<>(Map.of("image", in.image(), "supports", "label image", "labels", in.labelImage(), "model",
			ModelChoice.TEST_MODEL, "k", 1));
		for (int i = 0; i < more.length; i += 2) keys.put((String) more[i], more[i + 1]);
		List<String> warnings = new ArrayList<>();
		SegmentationRun.run(SegmentationRun.Request.fromKeys(keys), TaskMonitor.NONE, warnings::add);
		return warnings;
	}

	private static void assertContains(String text, String part) {
		assertTrue(text.contains(part), () -> "'" + part + "' not in: " + text);
	}

	// ---- class names: ',' ';' and new lines separate pairs on both; a label named twice is refused on both

	@Test
	void classNamesSplitOnCommaSemicolonAndNewLineInBoth() throws Exception {
		Inputs in = inputs(4, 1);
		Path out = dir.resolve("a.nii.gz");
		Cli c = segment(in, out, "--class-names", "1=liver;2=spleen", "--report", dir.resolve("r.json"));
		assertEquals(0, c.code(), c.err());
		assertContains(Files.readString(dir.resolve("r.json")), "liver");
		SegmentationRun.Request r = SegmentationRun.Request.fromKeys(Map.of("names", "1=liver;2=spleen\n3=kidney", "image", in.image()));
		assertEquals(Map.of(1, "liver", 2, "spleen", 3, "kidney"), r.settings.classNames());
		r = SegmentationRun.Request.fromKeys(Map.of("names", "1=liver,2=spleen"));
		assertEquals(Map.of(1, "liver", 2, "spleen"), r.settings.classNames());
	}

	@Test
	void aLabelNamedTwiceIsRefusedInBoth() throws Exception {
		Inputs in = inputs(4, 1);
		Path out = dir.resolve("a.nii.gz");
		Cli c = segment(in, out, "--class-names", "1=liver,1=spleen");
		assertEquals(2, c.code(), c.err());
		assertContains(c.err(), "label 1 is named twice");
		assertFalse(Files.exists(out));
		var e = assertThrows(IllegalArgumentException.class, () -> fiji(in, "names", "1=liver; 1=spleen"));
		assertContains(e.getMessage(), "names: label 1 is named twice");
	}

	@Test
	void aNameForALabelInNoSupportWarnsInBoth() throws Exception {
		Inputs in = inputs(4, 1);
		Cli c = segment(in, dir.resolve("a.nii.gz"), "--class-names", "1=liver,7=spleen");
		assertEquals(0, c.code(), c.err());
		assertContains(c.err(), "label 7 (spleen) is in no support");
		assertTrue(fiji(in, "names", "1=liver,7=spleen").stream().anyMatch(w -> w.contains("label 7 (spleen) is in no support")));
	}

	// ---- slice range: a first slice past the volume is refused, a last slice past it is clamped with a warning, in both

	@Test
	void aLastSlicePastTheVolumeIsClampedWithAWarningInBoth() throws Exception {
		Inputs in = inputs(5, 1);
		Path out = dir.resolve("a.nii.gz");
		Cli c = segment(in, out, "--slices", "2-99");
		assertEquals(0, c.code(), c.err());
		assertContains(c.err(), "has 5 slices; segmenting 2-5");
		LabelVolume seg = NiftiReader.readLabels(out);
		for (short s : seg.slice(0)) assertEquals(0, s, "slice 1 is outside the range");
		assertTrue(fiji(in, "first_slice", 2, "last_slice", 99).stream().anyMatch(w -> w.contains("has 5 slices; segmenting 2-5")));
	}

	@Test
	void aFirstSlicePastTheVolumeIsRefusedInBoth() throws Exception {
		Inputs in = inputs(5, 1);
		Path out = dir.resolve("a.nii.gz");
		Cli c = segment(in, out, "--slices", "7-9");
		assertEquals(2, c.code(), c.err());
		assertContains(c.err(), "has only 5 slices");
		assertFalse(Files.exists(out));
		var e = assertThrows(SegmentationRun.Failure.class, () -> fiji(in, "first_slice", 7, "last_slice", 9));
		assertContains(e.getMessage(), "has only 5 slices");
	}

	// ---- more than 20 supports in a class: a warning in both

	@Test
	void moreThanTwentySupportsWarnInBoth() throws Exception {
		int[] labelled = new int[21];
		for (int i = 0; i < 21; i++) labelled[i] = i;
		Inputs in = inputs(22, labelled);
		Cli c = segment(in, dir.resolve("a.nii.gz"), "--method", "forward", "--slices", "22-22");
		assertEquals(0, c.code(), c.err());
		assertContains(c.err(), "has 21 support slices");
		assertTrue(fiji(in, "method", "forward", "first_slice", 22, "last_slice", 22).stream().anyMatch(w -> w.contains("has 21 support slices")));
	}

	// ---- outputs checked before any work (issue 12, item 7)

	@Test
	void anOutputThatCannotBeWrittenIsRefusedBeforeTheRunInBoth() throws Exception {
		Inputs in = inputs(4, 1);
		Path file = Files.writeString(dir.resolve("plain.txt"), "x");
		for (Path bad : List.of(file.resolve("out.nii.gz"), Path.of("/proc/revsam2-out.nii.gz"))) {
			Cli c = segment(in, bad);
			assertEquals(3, c.code(), c.err());
			assertFalse(c.err().contains("model"), "refused before the model is loaded: " + c.err());
			assertFalse(Files.exists(bad));
			var e = assertThrows(IllegalArgumentException.class, () -> fiji(in, "output", bad.toString()));
			assertContains(e.getMessage(), "output");
		}
		Cli c = segment(in, file.resolve("out.nii.gz"));
		assertContains(c.err(), "is a file, not a folder");
		Path readOnly = Files.createDirectory(dir.resolve("ro"));
		if (readOnly.toFile().setWritable(false) && !Files.isWritable(readOnly)) { // not as root
			c = segment(in, readOnly.resolve("out.nii.gz"));
			assertEquals(3, c.code(), c.err());
			assertContains(c.err(), "cannot write in");
			assertThrows(IllegalArgumentException.class, () -> fiji(in, "output", readOnly.resolve("o.nii.gz").toString()));
		}
		try (var s = Files.list(dir)) {
			assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".revsam2-probe")), "the probe file is removed");
		}
	}

	@Test
	void aMissingOutputFolderIsCreatedInBoth() throws Exception {
		Inputs in = inputs(4, 1);
		Path cliOut = dir.resolve("new/cli/out.nii.gz");
		Cli c = segment(in, cliOut, "--report", dir.resolve("new/cli-scores/s.csv"));
		assertEquals(0, c.code(), c.err());
		assertTrue(Files.isRegularFile(cliOut));
		assertTrue(Files.isRegularFile(dir.resolve("new/cli-scores/s.csv")));
		Path fijiOut = dir.resolve("new/fiji/out.nii.gz"), fijiCsv = dir.resolve("new/fiji-scores/s.csv");
		fiji(in, "output", fijiOut.toString(), "output_scores", fijiCsv.toString());
		assertTrue(Files.isRegularFile(fijiOut));
		assertTrue(Files.isRegularFile(fijiCsv));
	}

	@Test
	void aNifti2QueryWhoseHeaderDoesNotFitNifti1GivesNifti2LabelsInBoth() throws Exception {
		Inputs in = inputs(4, 1);
		Volume v = NiftiReader.read(in.query()).volume();
		NiftiHeader h = NiftiReader.readHeader(in.query()).toBuilder().version(NiftiVersion.NIFTI2).sformCode(40000).sliceTiming(0, 70000, 70003, 0)
			.build();
		Path q2 = dir.resolve("query2.nii.gz");
		NiftiWriter.writeExactly(q2, h, v);
		Path out = dir.resolve("a.nii.gz");
		Cli c = cli("segment", q2, "--labels", in.labels(), "--test-model", "--k", 1, "--output", out);
		assertEquals(0, c.code(), c.err());
		NiftiHeader written = NiftiReader.readHeader(out);
		assertEquals(NiftiVersion.NIFTI2, written.version());
		assertEquals(40000, written.sformCode());
		// Fiji: the query opened from that file carries its header to the writer
		ImagePlus image = sc.fiji.revsam2.io.NiftiImagePlus.toImagePlus(NiftiReader.read(q2), "query2");
		Path fijiOut = dir.resolve("fiji.nii.gz");
		fiji(new Inputs(q2, in.labels(), image, in.labelImage()), "output", fijiOut.toString());
		assertEquals(NiftiVersion.NIFTI2, NiftiReader.readHeader(fijiOut).version());
		assertEquals(40000, NiftiReader.readHeader(fijiOut).sformCode());
	}

	// ---- --support-slices checked against the volume before its ranges are expanded (issue 12, item 8)

	@Test
	void aHugeSupportSliceRangeIsRefusedAtOnceNamingTheVolumesDepth() throws Exception {
		Inputs in = inputs(4, 1);
		Path out = dir.resolve("a.nii.gz");
		Cli c = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> cli("segment", in.query(), "--support",
			in.query(), "--support-labels", in.labels(), "--support-slices", "3-2147483647", "--test-model", "--output", out));
		assertEquals(2, c.code(), c.err());
		assertContains(c.err(), "--support-slices 2147483647: query.nii.gz has only 4 slices");
		assertFalse(Files.exists(out));
		assertEquals(List.of(2, 3, 4), Arrays.stream(sc.fiji.revsam2.request.RequestText.sliceList("s", "2-4,3", 4, "v")).boxed().toList());
	}

	// ---- label images: Fiji's NIfTI export writes them as the command line does

	@Test
	void aLabelImageSavedFromFijiIsWrittenByTheCommandLinesLabelWriter() throws Exception {
		LabelVolume l = LabelVolume.zeros(6, 5, 3, new Spacing(0.5, 0.5, 2, "mm"));
		l.set(1, 1, 1, 3);
		l.set(2, 2, 2, 300);
		ImagePlus query = ImagePlusVolumes.toImagePlus(Volume.zeros(6, 5, 3, l.spacing()), "q");
		ImagePlus labels = LabelImagePlus.create(l, 300, query, LabelImagePlus.title(query));
		Path fiji = dir.resolve("fiji.nii"), cli = dir.resolve("cli.nii");
		sc.fiji.revsam2.io.NiftiImagePlus.save(labels, fiji, null);
		NiftiWriter.defaults().write(cli, l, null);
		org.junit.jupiter.api.Assertions.assertArrayEquals(Files.readAllBytes(cli), Files.readAllBytes(fiji), "same bytes as the command line's");
		assertEquals(NiftiHeader.INTENT_LABEL, NiftiReader.readHeader(fiji).intentCode());
	}
}
