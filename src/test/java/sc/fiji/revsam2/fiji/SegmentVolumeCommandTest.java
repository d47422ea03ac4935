package sc.fiji.revsam2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Line;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.process.LUT;
import sc.fiji.revsam2.io.NiftiReader;
import sc.fiji.revsam2.sam2.InstalledModels;
import sc.fiji.revsam2.sam2.TestModel;
import sc.fiji.revsam2.testing.TempDirs;

/**
 * Segment Volume run headless in a real SciJava context, as a Fiji macro or script runs it, on
 * the bundled test model (random weights: the masks mean nothing, so the tests check the
 * machinery: sizes, calibration, classes, table, ROIs, files, messages).
 */
class SegmentVolumeCommandTest {

	private static Context context;
	private static CommandService commands;
	private static ModuleService modules;
	private static Path emptyModels;

	@TempDir
	Path dir;

	@BeforeAll
	static void start() throws Exception {
		emptyModels = Files.createTempDirectory("revsam2-no-models");
		TempDirs.deleteOnExit(emptyModels);
		System.setProperty("revsam2.models", emptyModels.toString());
		context = new Context();
		commands = context.service(CommandService.class);
		modules = context.service(ModuleService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
		System.clearProperty("revsam2.models");
	}

	/** Every input with the command's defaults (so that values persisted by other runs cannot leak in), then the overrides. */
	static Map<String, Object> inputs(ImagePlus image, Object... overrides) {
		Map<String, Object> in = new HashMap<>();
		in.put("image", image);
		in.put("channel", 1);
		in.put("frame", 1);
		in.put("supports", "ROIs");
		in.put("names", "");
		in.put("model", ModelChoice.TEST_MODEL);
		in.put("k", 10);
		in.put("window", "min-max");
		in.put("method", "revsam2");
		in.put("device", "cpu");
		in.put("first_slice", 0);
		in.put("last_slice", 0);
		in.put("add_rois", false);
		in.put("output", "");
		in.put("output_scores", "");
		for (int i = 0; i < overrides.length; i += 2) in.put((String) overrides[i], overrides[i + 1]);
		return in;
	}

	/** Runs the command as Fiji does (a DynamicCommand is its own module, so CommandService.run cannot hand it back). */
	static SegmentVolumeCommand run(Map<String, Object> inputs) throws Exception {
		return (SegmentVolumeCommand) start(inputs).get();
	}

	static Future<Module> start(Map<String, Object> inputs) {
		return modules.run(commands.getCommand(SegmentVolumeCommand.class), true, inputs);
	}

	static ImagePlus output(SegmentVolumeCommand m) {
		assertFalse(m.isCanceled(), () -> "cancelled: " + m.getCancelReason());
		ImagePlus out = (ImagePlus) m.getOutput("segmentation");
		assertNotNull(out);
		return out;
	}

	static void assertFails(SegmentVolumeCommand m, String expectedPart) {
		assertTrue(m.isCanceled(), "the command should have been cancelled");
		assertNotNull(m.getCancelReason());
		assertTrue(m.getCancelReason().contains(expectedPart), () -> "message '" + m.getCancelReason() + "' lacks '" + expectedPart + "'");
		assertFalse(m.getCancelReason().contains("\n"), () -> "message is not one line: " + m.getCancelReason());
		assertNull(m.getOutput("segmentation"), "no output after a failure");
	}

	static ImagePlus phantomWithRois() {
		ImagePlus imp = Phantoms.ellipsoid("phantom.tif", 64, 64, 8);
		double[] s = Phantoms.centred(imp);
		return Phantoms.withOverlay(imp, Phantoms.oval(s, 3), Phantoms.oval(s, 5));
	}

	/** Label values in the image (0 included). */
	static Set<Integer> values(ImagePlus imp) {
		Set<Integer> v = new TreeSet<>();
		for (int z = 1; z <= imp.getStackSize(); z++) {
			var ip = imp.getStack().getProcessor(z);
			for (int i = 0; i < ip.getPixelCount(); i++) v.add(ip.get(i));
		}
		return v;
	}

	/** Checks the table's shape and contents: rows per class and slice, scores in [0,1] or NaN, k selected per class. */
	static void assertTable(ResultsTable rt, Map<Integer, String> classes, int depth, int selectedPerClass) {
		assertEquals(classes.size() * depth, rt.size());
		for (String col : new String[] { "Class", "Name", "Slice", "Score", "Selected" }) assertTrue(rt.columnExists(col), "column " + col);
		Map<Integer, Integer> selected = new HashMap<>();
		for (int i = 0; i < rt.size(); i++) {
			int label = (int) rt.getValue("Class", i);
			assertTrue(classes.containsKey(label), "unexpected class " + label);
			assertEquals(classes.get(label), rt.getStringValue("Name", i));
			assertEquals(i % depth + 1, (int) rt.getValue("Slice", i));
			double score = rt.getValue("Score", i);
			assertTrue(score >= 0 && score <= 1, "score " + score + " in row " + i);
			String sel = rt.getStringValue("Selected", i);
			assertTrue(sel.equals("yes") || sel.equals("no"));
			if (sel.equals("yes")) selected.merge(label, 1, Integer::sum);
		}
		for (int label : classes.keySet()) assertEquals(selectedPerClass, selected.getOrDefault(label, 0), "selected slices of class " + label);
	}

	@Test
	void registeredWithItsMenuPathAndMacroFriendlyNames() {
		CommandInfo info = commands.getCommand(SegmentVolumeCommand.class);
		assertEquals("Plugins > Segmentation > RevSAM2 > Segment Volume", info.getMenuPath().getMenuString());
		List<String> names = new ArrayList<>();
		for (ModuleItem<?> item : info.inputs()) {
			if (!org.scijava.service.Service.class.isAssignableFrom(item.getType()) && item.getType() != Context.class) names.add(item.getName());
		}
		for (String n : names) assertTrue(n.matches("[a-z][a-z_]*"), "macro key " + n);
		assertTrue(names.containsAll(List.of("image", "channel", "frame", "supports", "labels", "atlas", "atlaslabels", "names", "model", "k", "window",
			"method", "device", "first_slice", "last_slice", "add_rois", "output", "output_scores")), names.toString());
		// ImageJ's Macro.getValue finds "key=" anywhere not preceded by a letter: no key may end another after '_'
		for (String a : names) {
			for (String b : names) {
				if (!a.equals(b) && b.endsWith(a)) assertTrue(Character.isLetter(b.charAt(b.length() - a.length() - 1)), a + " is read from " + b);
			}
		}
	}

	@Test
	void roisOnTheOverlaySegmentTheStackWithItsCalibration() throws Exception {
		ImagePlus imp = phantomWithRois();
		SegmentVolumeCommand m = run(inputs(imp, "k", 3));
		ImagePlus out = output(m);
		assertEquals("phantom-RevSAM2", out.getTitle());
		assertEquals(8, out.getBitDepth());
		assertEquals(64, out.getWidth());
		assertEquals(64, out.getHeight());
		assertEquals(8, out.getNSlices());
		assertEquals(1, out.getNChannels());
		assertEquals(Phantoms.PIXEL, out.getCalibration().pixelWidth, 1e-9);
		assertEquals(Phantoms.PIXEL, out.getCalibration().pixelHeight, 1e-9);
		assertEquals(Phantoms.DEPTH, out.getCalibration().pixelDepth, 1e-9);
		assertEquals("mm", out.getCalibration().getUnit());
		assertEquals(Set.of(0, 1), values(out), "the class is present (the test model's masks are visible, if meaningless)");
		LUT lut = out.getProcessor().getLut();
		assertEquals(0, lut.getRGB(0) & 0xffffff, "background is black");
		assertTrue((lut.getRGB(1) & 0xffffff) != 0, "label 1 has a colour");
		assertTable(m.scores(), Map.of(1, "object"), 8, 3);
		assertTrue(m.rois().isEmpty(), "no ROIs unless asked for");
	}

	@Test
	void namedRoisMakeOneClassPerName() throws Exception {
		double[][] shapes = { { 20, 32, 3.5, 10, 8, 3 }, { 46, 32, 3.5, 8, 12, 3 } };
		ImagePlus imp = Phantoms.ellipsoids("two organs", 64, 64, 8, shapes);
		Roi a = Phantoms.oval(shapes[0], 3), a2 = Phantoms.oval(shapes[0], 5), b = Phantoms.oval(shapes[1], 4), b2 = Phantoms.oval(shapes[1], 4);
		a.setName("liver");
		a2.setName("liver-1"); // the ROI Manager's name for a second "liver"
		b.setName("spleen");
		b2.setName("spleen-1");
		b2.setLocation(b.getBounds().x + 2, b.getBounds().y); // same slice: united with the other spleen ROI
		Phantoms.withOverlay(imp, a, b, a2, b2);
		// random weights (any model shows every class on such shapes; the phantom model need not)
		SegmentVolumeCommand m = run(inputs(imp, "k", 2, "model", TestModel.folder().toString()));
		ImagePlus out = output(m);
		assertEquals("two organs-RevSAM2", out.getTitle());
		assertEquals(Set.of(0, 1, 2), values(out));
		assertTable(m.scores(), Map.of(1, "liver", 2, "spleen"), 8, 2);
	}

	@Test
	void roiGroupsGiveTheLabels() throws Exception {
		double[][] shapes = { { 20, 32, 3.5, 10, 8, 3 }, { 46, 32, 3.5, 8, 12, 3 } };
		ImagePlus imp = Phantoms.ellipsoids("groups", 64, 64, 8, shapes);
		Roi a = Phantoms.oval(shapes[0], 4), b = Phantoms.oval(shapes[1], 4);
		a.setGroup(3);
		b.setGroup(7);
		b.setName("spleen-4"); // a name as exported by add_rois: the class name without the slice
		Phantoms.withOverlay(imp, a, b);
		SegmentVolumeCommand m = run(inputs(imp, "k", 1, "method", "random"));
		ImagePlus out = output(m);
		assertEquals(8, out.getBitDepth());
		assertTrue(Set.of(0, 3, 7).containsAll(values(out)));
		ResultsTable rt = m.scores();
		assertEquals(16, rt.size());
		Set<String> names = new TreeSet<>();
		for (int i = 0; i < rt.size(); i++) names.add((int) rt.getValue("Class", i) + " " + rt.getStringValue("Name", i));
		assertTrue(names.contains("7 spleen"), names.toString());
		assertTrue(names.stream().anyMatch(n -> n.startsWith("3 ")), names.toString());
	}

	@Test
	void labelImageSupportsWithClassNames() throws Exception {
		double[][] shapes = { { 20, 32, 3.5, 10, 8, 3 }, { 46, 32, 3.5, 8, 12, 3 } };
		ImagePlus imp = Phantoms.ellipsoids("ct", 64, 64, 8, shapes);
		ImagePlus labels = Phantoms.labels(imp, shapes, new int[] { 1, 2 }, new int[][] { { 2, 6 }, { 4 } });
		SegmentVolumeCommand m = run(inputs(imp, "supports", "label image", "labels", labels, "names", "1=kidney, 2=spleen", "k", 2, "window", "abdomen",
			"model", TestModel.folder().toString()));
		ImagePlus out = output(m);
		assertEquals(8, out.getNSlices());
		assertEquals(Set.of(0, 1, 2), values(out));
		assertTable(m.scores(), Map.of(1, "kidney", 2, "spleen"), 8, 2);
	}

	@Test
	void anotherImageWithItsLabelsSupportsTheQuery() throws Exception {
		ImagePlus query = Phantoms.ellipsoid("patient-2", 64, 64, 8);
		ImagePlus atlas = Phantoms.ellipsoid("atlas", 48, 40, 6);
		double[] s = Phantoms.centred(atlas);
		ImagePlus atlasLabels = Phantoms.labels(atlas, new double[][] { s }, new int[] { 5 }, new int[][] { { 2, 3, 4 } });
		SegmentVolumeCommand m = run(inputs(query, "supports", "other image + labels", "atlas", atlas, "atlaslabels", atlasLabels, "k", 4, "window", "0:1200"));
		ImagePlus out = output(m);
		assertEquals(64, out.getWidth());
		assertEquals(8, out.getNSlices());
		assertEquals(Phantoms.DEPTH, out.getCalibration().pixelDepth, 1e-9);
		assertEquals(Set.of(0, 5), values(out));
		assertTable(m.scores(), Map.of(5, "class 5"), 8, 4);
	}

	@Test
	void hyperstackUsesTheChosenChannelAndTimePoint() throws Exception {
		ImagePlus single = Phantoms.ellipsoid("one", 64, 64, 6);
		ImagePlus imp = IJ.createHyperStack("hyper", 64, 64, 2, 6, 2, 16);
		for (int c = 1; c <= 2; c++) for (int z = 1; z <= 6; z++) for (int t = 1; t <= 2; t++) {
			var ip = single.getStack().getProcessor(z).duplicate();
			if (c == 1) ip.multiply(0.1);
			imp.getStack().setProcessor(ip, imp.getStackIndex(c, z, t));
		}
		imp.setCalibration(single.getCalibration().copy());
		Roi r = Phantoms.oval(Phantoms.centred(single), 3);
		r.setPosition(2, 3, 2);
		Phantoms.withOverlay(imp, r);
		SegmentVolumeCommand m = run(inputs(imp, "channel", 2, "frame", 2, "k", 2, "add_rois", true));
		ImagePlus out = output(m);
		assertEquals(1, out.getNChannels());
		assertEquals(1, out.getNFrames());
		assertEquals(6, out.getNSlices());
		assertEquals(Phantoms.PIXEL, out.getCalibration().pixelWidth, 1e-9);
		assertTable(m.scores(), Map.of(1, "object"), 6, 2);
		for (Roi roi : m.rois()) assertTrue(roi.hasHyperStackPosition(), "exported ROIs on a hyperstack carry their Z position");
	}

	@Test
	void sliceRangeLimitsTheRun() throws Exception {
		SegmentVolumeCommand m = run(inputs(phantomWithRois(), "first_slice", 2, "last_slice", 6, "k", 2));
		ImagePlus out = output(m);
		for (int z : new int[] { 1, 7, 8 }) {
			var ip = out.getStack().getProcessor(z);
			for (int i = 0; i < ip.getPixelCount(); i++) assertEquals(0, ip.get(i), "slice " + z + " is outside the range");
		}
		ResultsTable rt = m.scores();
		for (int i = 0; i < rt.size(); i++) {
			int z = (int) rt.getValue("Slice", i);
			assertEquals(z < 2 || z > 6, Double.isNaN(rt.getValue("Score", i)), "score of slice " + z);
		}
	}

	@Test
	void roisOfTheSegmentationAreExported() throws Exception {
		SegmentVolumeCommand m = run(inputs(phantomWithRois(), "k", 2, "add_rois", true));
		ImagePlus out = output(m);
		int expected = 0;
		for (int z = 1; z <= out.getNSlices(); z++) {
			var ip = out.getStack().getProcessor(z);
			boolean any = false;
			for (int i = 0; i < ip.getPixelCount() && !any; i++) any = ip.get(i) == 1;
			if (any) expected++;
		}
		assertTrue(expected > 0, "some slices have foreground");
		assertEquals(expected, m.rois().size());
		for (Roi r : m.rois()) {
			assertTrue(r.getName().matches("object-\\d+"), r.getName());
			assertEquals(Integer.parseInt(r.getName().substring(7)), r.getZPosition());
			assertEquals(1, r.getGroup());
		}
		// headless there is no ROI Manager: the ROIs go to the label image's overlay
		assertEquals(expected, out.getOverlay() == null ? 0 : out.getOverlay().size());
	}

	@Test
	void savesTheLabelsAndTheScores() throws Exception {
		Path tif = dir.resolve("labels.tif"), nii = dir.resolve("labels.nii.gz"), csv = dir.resolve("scores.csv");
		SegmentVolumeCommand m = run(inputs(phantomWithRois(), "k", 2, "output", tif.toString(), "output_scores", csv.toString()));
		ImagePlus out = output(m);
		ImagePlus back = IJ.openImage(tif.toString());
		assertEquals(8, back.getNSlices());
		assertEquals(8, back.getBitDepth());
		assertEquals(Phantoms.DEPTH, back.getCalibration().pixelDepth, 1e-9);
		for (int z = 1; z <= 8; z++) {
			assertTrue(java.util.Arrays.equals((byte[]) out.getStack().getPixels(z), (byte[]) back.getStack().getPixels(z)), "slice " + z);
		}
		List<String> lines = Files.readAllLines(csv);
		assertEquals("Class,Name,Slice,Score,Selected", lines.get(0));
		assertEquals(9, lines.size());
		assertTrue(lines.get(1).startsWith("1,object,1,"), lines.get(1));
		assertEquals(2, lines.stream().filter(l -> l.endsWith(",yes")).count());

		output(run(inputs(phantomWithRois(), "k", 2, "output", nii.toString())));
		var nifti = NiftiReader.read(nii);
		assertEquals(8, nifti.volume().depth());
		assertEquals(Phantoms.PIXEL, nifti.volume().spacing().x(), 1e-6);
		try (var files = Files.list(dir)) {
			assertEquals(Set.of("labels.tif", "labels.nii.gz", "scores.csv"), files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()),
				"no temporary files left");
		}
	}

	@Test
	void escapeCancelsTheRunWithoutOutput() throws Exception {
		Future<Module> f = start(inputs(phantomWithRois()));
		try {
			while (!f.isDone()) {
				IJ.setKeyDown(KeyEvent.VK_ESCAPE);
				Thread.sleep(20);
			}
		} finally {
			IJ.resetEscape();
			IJ.setKeyUp(KeyEvent.VK_ESCAPE);
		}
		SegmentVolumeCommand m = (SegmentVolumeCommand) f.get();
		assertFails(m, "Cancelled");
		assertNull(m.scores());
	}

	// ---- bad input: one-line messages, no output ---------------------------------------------------

	@Test
	void noSupportRois() throws Exception {
		assertFails(run(inputs(Phantoms.ellipsoid("plain", 64, 64, 8))), "No support ROIs");
	}

	@Test
	void emptyRoi() throws Exception {
		ImagePlus imp = Phantoms.ellipsoid("p", 64, 64, 8);
		Roi empty = new ij.gui.PolygonRoi(new float[] { 10, 20, 30 }, new float[] { 10, 10, 10 }, Roi.POLYGON);
		empty.setPosition(2);
		empty.setName("flat");
		assertFails(run(inputs(Phantoms.withOverlay(imp, empty))), "ROI 1 'flat' on slice 2 is empty (zero area)");
	}

	@Test
	void roiOutsideTheImage() throws Exception {
		Roi r = new Roi(100, 100, 10, 10);
		r.setPosition(3);
		assertFails(run(inputs(Phantoms.withOverlay(Phantoms.ellipsoid("p", 64, 64, 8), r))), "lies outside the image");
	}

	@Test
	void roiOnASliceThatDoesNotExist() throws Exception {
		Roi r = new Roi(10, 10, 10, 10);
		r.setPosition(12);
		assertFails(run(inputs(Phantoms.withOverlay(Phantoms.ellipsoid("p", 64, 64, 8), r))), "is on slice 12, but the image has 8 slices");
	}

	@Test
	void roiNotTiedToASlice() throws Exception {
		Roi r = new Roi(10, 10, 10, 10);
		assertFails(run(inputs(Phantoms.withOverlay(Phantoms.ellipsoid("p", 64, 64, 8), r))), "is not tied to a slice");
	}

	@Test
	void lineRoi() throws Exception {
		Roi r = new Line(5, 5, 30, 30);
		r.setPosition(2);
		assertFails(run(inputs(Phantoms.withOverlay(Phantoms.ellipsoid("p", 64, 64, 8), r))), "line or point selection");
	}

	@Test
	void twoDimensionalImage() throws Exception {
		assertFails(run(inputs(IJ.createImage("flat", "16-bit ramp", 64, 64, 1))), "flat is a 2D image");
	}

	@Test
	void rgbImage() throws Exception {
		assertFails(run(inputs(IJ.createImage("colour", "RGB ramp", 64, 64, 4))), "RGB images are not supported");
	}

	@Test
	void labelImageOfAnotherSize() throws Exception {
		ImagePlus imp = Phantoms.ellipsoid("p", 64, 64, 8);
		ImagePlus labels = IJ.createImage("seg", "8-bit black", 64, 64, 7);
		labels.getStack().getProcessor(3).set(10, 10, 1);
		assertFails(run(inputs(imp, "supports", "label image", "labels", labels)), "seg is 64x64x7 but its image is 64x64x8: they must have the same size");
	}

	@Test
	void missingOrEmptyLabelImage() throws Exception {
		ImagePlus imp = Phantoms.ellipsoid("p", 64, 64, 8);
		assertFails(run(inputs(imp, "supports", "label image")), "No label image");
		ImagePlus empty = IJ.createImage("empty", "8-bit black", 64, 64, 8);
		assertFails(run(inputs(imp, "supports", "label image", "labels", empty)), "empty is empty");
		assertFails(run(inputs(imp, "supports", "other image + labels", "atlas", imp)), "need that image and its label image");
	}

	@Test
	void noModelInstalled() throws Exception {
		assertEquals(List.of(ModelChoice.NONE_INSTALLED, ModelChoice.TEST_MODEL), ModelChoice.choices(InstalledModels.root()));
		for (String model : new String[] { ModelChoice.NONE_INSTALLED, "" }) {
			SegmentVolumeCommand m = run(inputs(phantomWithRois(), "model", model));
			assertFails(m, "No SAM2 model is installed in " + emptyModels);
			assertTrue(m.getCancelReason().contains("Plugins > Segmentation > RevSAM2 > Install SAM2 Model"));
		}
		assertFails(run(inputs(phantomWithRois(), "model", "sam2.1_hiera_large")), "No model 'sam2.1_hiera_large'");
	}

	@Test
	void modelFolderThatFailsToLoad() throws Exception {
		Path broken = dir.resolve("broken-model");
		Files.createDirectories(broken);
		Files.writeString(broken.resolve("model.json"), "{ not json");
		SegmentVolumeCommand m = run(inputs(phantomWithRois(), "model", broken.toString()));
		assertFails(m, "Model folder " + broken + " model.json cannot be read");
	}

	@Test
	void badOptions() throws Exception {
		Files.writeString(dir.resolve("a-file"), "not a folder");
		assertFails(run(inputs(phantomWithRois(), "window", "soft tissue")), "intensity window 'soft tissue' not understood");
		assertFails(run(inputs(phantomWithRois(), "first_slice", 6, "last_slice", 3)), "slice range 6-3 runs backwards");
		assertFails(run(inputs(phantomWithRois(), "first_slice", 9)), "has only 8 slices");
		assertFails(run(inputs(phantomWithRois(), "method", "magic")), "unknown method 'magic'");
		assertFails(run(inputs(phantomWithRois(), "device", "tpu")), "unknown device 'tpu'");
		assertFails(run(inputs(phantomWithRois(), "output", dir.resolve("x.png").toString())), "must end in .tif, .nii or .nii.gz");
		assertFails(run(inputs(phantomWithRois(), "output_scores", dir.resolve("a-file/s.csv").toString())), "a-file is a file, not a folder");
		ImagePlus imp = Phantoms.ellipsoid("p", 64, 64, 8);
		ImagePlus labels = Phantoms.labels(imp, new double[][] { Phantoms.centred(imp) }, new int[] { 1 }, new int[][] { { 4 } });
		assertFails(run(inputs(imp, "supports", "label image", "labels", labels, "names", "1:liver")), "label=name pairs");
		try (var files = Files.list(dir)) {
			assertEquals(1, files.count(), "nothing written after a failure (a-file is the test's own)");
		}
	}
}
