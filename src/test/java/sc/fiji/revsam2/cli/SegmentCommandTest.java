package sc.fiji.revsam2.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.revsam2.cli.CliTesting.args;
import static sc.fiji.revsam2.cli.CliTesting.run;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import sc.fiji.revsam2.io.NiftiDataType;
import sc.fiji.revsam2.io.NiftiHeader;
import sc.fiji.revsam2.io.NiftiReader;
import sc.fiji.revsam2.sam2.PhantomModel;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Volume;

/** {@code segment} end to end on the test model, then {@code evaluate} on its output. */
class SegmentCommandTest {

	@TempDir
	Path dir;

	@Test
	void labelsOnTheQueryGiveAnAlignedLabelVolumeAndAJsonReport() throws Exception {
		Volume v = CliTesting.volume(48, 40, 6, 1);
		Path query = dir.resolve("query.nii.gz"), labels = dir.resolve("query_labels.nii.gz");
		Path out = dir.resolve("out").resolve("query_revsam2.nii.gz"), report = dir.resolve("report.json");
		NiftiHeader qh = CliTesting.writeVolume(query, v);
		LabelVolume drawn = CliTesting.onlySlices(CliTesting.truth(48, 40, 6), 1, 4);
		CliTesting.writeLabels(labels, drawn, qh);

		CliTesting.Result r = run(args("segment", query, "--labels", labels, "--test-model", "--k", 3, "--window", "abdomen", "--class-names",
			"1=disc,2=square", "--output", out, "--report", report));
		assertEquals(Exit.OK, r.code(), r::toString);
		assertTrue(r.err().contains(PhantomModel.WARNING), "the phantom model's warning on stderr");
		assertTrue(r.out().contains(PhantomModel.WARNING), "and with the results");
		assertTrue(r.err().contains("forward propagation") && r.err().contains("%]"), "progress lines on stderr: " + r.err());
		assertTrue(r.out().contains("class 1 disc") && r.out().contains("class 2 square"), r.out());

		// the output: the query's size and geometry, a label volume, only the classes given
		NiftiHeader oh = NiftiReader.readHeader(out);
		assertEquals(48, oh.nx());
		assertEquals(40, oh.ny());
		assertEquals(6, oh.nz());
		assertEquals(NiftiDataType.UINT8, oh.dataType());
		assertEquals(NiftiHeader.INTENT_LABEL, oh.intentCode());
		assertMatrixEquals(qh.sformMatrix(), oh.sformMatrix());
		assertMatrixEquals(qh.qformMatrix(), oh.qformMatrix());
		assertEquals(qh.sformCode(), oh.sformCode());
		assertEquals(qh.qformCode(), oh.qformCode());
		assertArrayEquals(new double[] { qh.pixdim(1), qh.pixdim(2), qh.pixdim(3) }, new double[] { oh.pixdim(1), oh.pixdim(2), oh.pixdim(3) }, 1e-6);
		LabelVolume seg = NiftiReader.readLabels(out);
		assertTrue(Set.of(0, 1, 2).containsAll(CliTesting.values(seg)), () -> "labels " + CliTesting.values(seg));
		assertEquals(List.of("query_revsam2.nii.gz"), CliTesting.list(out.getParent()), "no temporary file left");

		// the report: both classes, every slice scored, k slices selected, stages with call counts
		JsonObject rep = json(report);
		assertTrue(rep.getAsJsonObject("model").get("test_model").getAsBoolean());
		assertEquals(3, rep.getAsJsonObject("options").get("k").getAsInt());
		JsonObject vol = rep.getAsJsonArray("volumes").get(0).getAsJsonObject();
		assertEquals("ok", vol.get("status").getAsString());
		assertEquals("48x40x6", vol.get("size").getAsString());
		JsonArray classes = vol.getAsJsonArray("classes");
		assertEquals(2, classes.size());
		long encoderCalls = 0;
		for (int i = 0; i < 2; i++) {
			JsonObject c = classes.get(i).getAsJsonObject();
			int label = i + 1;
			assertEquals(label, c.get("label").getAsInt());
			assertEquals(label == 1 ? "disc" : "square", c.get("name").getAsString());
			assertEquals(CliTesting.count(seg, label), c.get("voxels").getAsLong(), "voxel count of class " + label + " matches the file");
			assertEquals(label == 1 ? 2 : drawn.slicesWith(2).length, c.get("supports").getAsInt());
			JsonArray slices = c.getAsJsonArray("slices");
			assertEquals(6, slices.size());
			int selected = 0;
			for (int z = 0; z < 6; z++) {
				JsonObject s = slices.get(z).getAsJsonObject();
				assertEquals(z + 1, s.get("slice").getAsInt(), "slices are 1-based");
				double score = s.get("score").getAsDouble();
				assertTrue(score >= 0 && score <= 1, "score " + score);
				assertEquals(c.getAsJsonObject().get("supports").getAsInt(), s.getAsJsonArray("reverse_dice").size());
				if (s.get("selected").getAsBoolean()) selected++;
			}
			assertEquals(3, selected);
			assertEquals(3, c.getAsJsonArray("selected").size());
			List<String> stages = new ArrayList<>();
			for (JsonElement st : c.getAsJsonArray("stages")) {
				stages.add(st.getAsJsonObject().get("stage").getAsString());
				assertTrue(st.getAsJsonObject().get("seconds").getAsDouble() >= 0);
				encoderCalls += st.getAsJsonObject().getAsJsonObject("calls").get("image_encoder").getAsLong();
			}
			assertEquals(List.of("supports", "forward + reverse", "self-propagation"), stages);
		}
		assertEquals(6, encoderCalls, "every slice encoded once for both classes (the supports are query slices)");

		// evaluate the output against the drawn labels and the truth
		Path csv = dir.resolve("scores.csv"), js = dir.resolve("scores.json");
		Path truthFile = dir.resolve("truth.nii.gz");
		CliTesting.writeLabels(truthFile, CliTesting.truth(48, 40, 6), qh);
		CliTesting.Result e = run(args("evaluate", "--prediction", out, "--truth", truthFile, "--labels", "1,2", "--tolerance", "2.0", "--csv", csv,
			"--json", js));
		assertEquals(Exit.OK, e.code(), e::toString);
		JsonObject ej = json(js);
		assertEquals(2, ej.getAsJsonArray("classes").size());
		for (JsonElement c : ej.getAsJsonArray("classes")) {
			double d = c.getAsJsonObject().get("dice").getAsDouble(), n = c.getAsJsonObject().get("nsd").getAsDouble();
			assertTrue(d >= 0 && d <= 1 && n >= 0 && n <= 1, c.toString());
		}
		double mdsc = ej.get("mDSC").getAsDouble();
		assertTrue(mdsc >= 0 && mdsc <= 1);
		List<String> rows = Files.readAllLines(csv);
		assertEquals("label,name,dice,nsd,prediction_voxels,truth_voxels", rows.get(0));
		assertEquals(4, rows.size(), "two classes and the mean");
		assertTrue(rows.get(3).startsWith("mean,"));
	}

	@Test
	void perfectPredictionScoresOne() throws Exception {
		LabelVolume t = CliTesting.truth(40, 32, 5);
		NiftiHeader h = CliTesting.writeVolume(dir.resolve("img.nii.gz"), CliTesting.volume(40, 32, 5, 2));
		Path a = dir.resolve("a.nii.gz"), b = dir.resolve("b.nii");
		CliTesting.writeLabels(a, t, h);
		CliTesting.writeLabels(b, t, null);
		Path csv = dir.resolve("e.csv"), js = dir.resolve("e.json");
		CliTesting.Result r = run(args("evaluate", "--prediction", a, "--truth", b, "--csv", csv, "--json", js, "--class-names", "1=disc"));
		assertEquals(Exit.OK, r.code(), r::toString);
		assertTrue(r.out().contains("disc"), r.out());
		JsonObject j = json(js);
		assertEquals(1.0, j.get("mDSC").getAsDouble(), 1e-12);
		assertEquals(1.0, j.get("mNSD").getAsDouble(), 1e-12);
		assertEquals(2, j.getAsJsonArray("classes").size(), "every label of either volume by default");
		for (JsonElement c : j.getAsJsonArray("classes")) {
			assertEquals(1.0, c.getAsJsonObject().get("dice").getAsDouble(), 1e-12);
			assertEquals(1.0, c.getAsJsonObject().get("nsd").getAsDouble(), 1e-12);
			assertEquals(CliTesting.count(t, c.getAsJsonObject().get("label").getAsInt()), c.getAsJsonObject().get("truth_voxels").getAsLong());
		}
		List<String> rows = Files.readAllLines(csv);
		assertTrue(rows.get(1).startsWith("1,disc,1.00000,1.00000,"), rows.get(1));
		assertEquals("mean,,1.00000,1.00000,,", rows.get(3));

		// a prediction missing class 2 scores 0 on it
		LabelVolume only1 = CliTesting.truth(40, 32, 5);
		for (int z = 0; z < 5; z++) for (int i = 0; i < only1.slice(z).length; i++) if (only1.slice(z)[i] == 2) only1.slice(z)[i] = 0;
		Path c = dir.resolve("c.nii.gz");
		CliTesting.writeLabels(c, only1, h);
		CliTesting.Result r2 = run(args("evaluate", "--prediction", c, "--truth", b, "--json", js));
		assertEquals(Exit.OK, r2.code(), r2::toString);
		JsonObject j2 = json(js);
		assertEquals(0.5, j2.get("mDSC").getAsDouble(), 1e-9);
	}

	@Test
	void supportsFromOtherVolumesOfOtherSizesWithSeveralClassesAndACsvReport() throws Exception {
		Path query = dir.resolve("patient.nii.gz");
		NiftiHeader qh = CliTesting.writeVolume(query, CliTesting.volume(40, 36, 5, 3));
		// atlas A: 32x32x4 with classes 1 and 2, only slices 2 and 3 (1-based) used
		Path a = dir.resolve("atlasA.nii"), al = dir.resolve("atlasA_labels.nii.gz");
		NiftiHeader ah = CliTesting.writeVolume(a, CliTesting.volume(32, 32, 4, 4));
		CliTesting.writeLabels(al, CliTesting.truth(32, 32, 4), ah);
		// atlas B: 44x30x3 with class 1 renamed 3 and class 2 kept, slice 2 labelled
		Path b = dir.resolve("atlasB.nii.gz"), bl = dir.resolve("atlasB_labels.nii.gz");
		NiftiHeader bh = CliTesting.writeVolume(b, CliTesting.volume(44, 30, 3, 5));
		LabelVolume lb = CliTesting.onlySlices(CliTesting.truth(44, 30, 3), 1);
		for (int i = 0; i < lb.slice(1).length; i++) if (lb.slice(1)[i] == 1) lb.slice(1)[i] = 3;
		CliTesting.writeLabels(bl, lb, bh);
		Path out = dir.resolve("patient_seg.nii"), report = dir.resolve("r.csv");

		CliTesting.Result r = run(args("segment", "--query", query, "--support", a, "--support-labels", al, "--support-slices", "2,3", "--support", b,
			"--support-labels", bl, "--test-model", "--method", "forward", "--slices", "2-4", "--fill-holes", 0, "--output", out, "--report", report));
		assertEquals(Exit.OK, r.code(), r::toString);
		LabelVolume seg = NiftiReader.readLabels(out);
		assertEquals(40, seg.width());
		assertEquals(36, seg.height());
		assertEquals(5, seg.depth());
		assertMatrixEquals(qh.sformMatrix(), NiftiReader.readHeader(out).sformMatrix());
		assertTrue(Set.of(0, 1, 2, 3).containsAll(CliTesting.values(seg)));
		for (int z : new int[] { 0, 4 }) for (short s : seg.slice(z)) assertEquals(0, s, "slices outside --slices stay empty");

		List<String> rows = Files.readAllLines(report);
		assertEquals(SegmentReport.CSV_HEADER, rows.get(0));
		Map<String, Integer> kinds = new HashMap<>();
		TreeSet<String> classLabels = new TreeSet<>();
		int cols = SegmentReport.CSV_HEADER.split(",").length;
		for (String row : rows.subList(1, rows.size())) {
			String[] f = row.split(",", -1);
			assertEquals(cols, f.length, row);
			kinds.merge(f[1], 1, Integer::sum);
			if (f[1].equals("class")) classLabels.add(f[4]);
			if (f[1].equals("slice")) {
				int slice = Integer.parseInt(f[7]);
				assertTrue(slice >= 2 && slice <= 4, "only slices 2-4 scored: " + row);
			}
		}
		assertEquals(Set.of("1", "2", "3"), classLabels);
		assertEquals(1, kinds.get("volume"));
		assertEquals(3, kinds.get("class"));
		assertEquals(3 * 3, kinds.get("slice"), "3 classes x 3 slices");
		assertEquals(3 * 2, kinds.get("stage"), "forward-only: supports and forward stages per class");
		assertTrue(rows.get(1).contains(",volume,ok,"), rows.get(1));
	}

	@Test
	void theQueryGivenAgainAsASupportIsReadAndEncodedOnce() throws Exception {
		Path query = dir.resolve("q.nii.gz"), labels = dir.resolve("l.nii.gz"), out = dir.resolve("o.nii.gz"), report = dir.resolve("r.json");
		NiftiHeader h = CliTesting.writeVolume(query, CliTesting.volume(32, 32, 4, 9));
		CliTesting.writeLabels(labels, CliTesting.onlySlices(CliTesting.truth(32, 32, 4), 1), h);
		CliTesting.Result r = run(args("segment", query, "--support", dir.resolve(".").resolve("q.nii.gz"), "--support-labels", labels, "--test-model",
			"--output", out, "--report", report, "--quiet"));
		assertEquals(Exit.OK, r.code(), r::toString);
		long encoder = 0;
		for (JsonElement c : json(report).getAsJsonArray("volumes").get(0).getAsJsonObject().getAsJsonArray("classes")) {
			for (JsonElement st : c.getAsJsonObject().getAsJsonArray("stages")) {
				encoder += st.getAsJsonObject().getAsJsonObject("calls").get("image_encoder").getAsLong();
			}
		}
		assertEquals(4, encoder, "4 query slices, the support slice among them");
		assertEquals(query.toString(), json(report).getAsJsonArray("supports").get(0).getAsJsonObject().get("file").getAsString());
		assertEquals("", r.err().lines().filter(l -> !l.contains("TEST model") && !l.startsWith("!!")).filter(l -> l.startsWith("[")).findAny().orElse(""),
			"--quiet: no progress lines");
	}

	private static JsonObject json(Path p) throws Exception {
		try (Reader r = Files.newBufferedReader(p)) {
			JsonObject o = JsonParser.parseReader(r).getAsJsonObject();
			assertNotNull(o);
			return o;
		}
	}

	private static void assertMatrixEquals(double[][] expected, double[][] actual) {
		assertEquals(expected.length, actual.length);
		for (int i = 0; i < expected.length; i++) assertArrayEquals(expected[i], actual[i], 1e-4, "row " + i);
		assertFalse(expected[0][0] == 0 && expected[0][1] == 0, "a real matrix");
	}
}
