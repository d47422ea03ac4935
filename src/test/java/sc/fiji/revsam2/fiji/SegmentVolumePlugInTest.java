package sc.fiji.revsam2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import sc.fiji.revsam2.testing.TempDirs;

/**
 * The ImageJ 1.x shim as an IJ1 macro runs it: options in the macro-options string of a "Run$_"
 * thread, the volume as the current image, other images by title (batch mode). Headless, where
 * ImageJ 1.x cannot build its dialog, the plugin reads the same keys from the options.
 */
class SegmentVolumePlugInTest {

	@TempDir
	Path dir;

	@BeforeAll
	static void noModels() throws Exception {
		Path empty = Files.createTempDirectory("revsam2-no-models");
		TempDirs.deleteOnExit(empty);
		System.setProperty("revsam2.models", empty.toString());
	}

	@AfterAll
	static void restore() {
		System.clearProperty("revsam2.models");
	}

	/** Runs the plugin as IJ.run(imp, command, options) would: returns the plugin and the current image afterwards. */
	private static Object[] runMacro(ImagePlus current, String options, ImagePlus... open) throws Exception {
		AtomicReference<Object[]> result = new AtomicReference<>();
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		Thread t = new Thread(() -> {
			boolean batch = Interpreter.batchMode;
			try {
				Interpreter.batchMode = true;
				for (ImagePlus imp : open) Interpreter.addBatchModeImage(imp);
				WindowManager.setTempCurrentImage(current);
				Macro.setOptions(options);
				SegmentVolumePlugIn p = new SegmentVolumePlugIn();
				p.run("");
				result.set(new Object[] { p, WindowManager.getCurrentImage() });
			} catch (Throwable e) {
				thrown.set(e);
			} finally {
				Macro.setOptions(null);
				for (ImagePlus imp : open) Interpreter.removeBatchModeImage(imp);
				Interpreter.batchMode = batch;
			}
		}, "Run$_test");
		t.start();
		t.join();
		if (thrown.get() != null) throw new AssertionError(thrown.get());
		return result.get();
	}

	@Test
	void pluginsConfigRegistersTheShim() throws Exception {
		String config;
		try (InputStream in = getClass().getResourceAsStream("/plugins.config")) {
			config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		List<String> entries = config.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
		// through the Java 8 gate, which runs the plug-in named in its argument
		String gate = sc.fiji.revsam2.ij1.Java17Gate.class.getName();
		assertEquals(List.of("Plugins>Segmentation>RevSAM2, \"" + SegmentVolumePlugIn.COMMAND + "\", " + gate + "(\"" + SegmentVolumePlugIn.class.getName() + "\")",
			"File>Import, \"" + OpenNiftiPlugIn.COMMAND + "\", " + gate + "(\"" + OpenNiftiPlugIn.class.getName() + "\")"), entries);
		for (String e : entries) assertTrue(PlugIn.class.isAssignableFrom(Class.forName(e.substring(e.indexOf("(\"") + 2, e.length() - 2))), e);
	}

	@Test
	void segmentsTheCurrentImageFromMacroOptions() throws Exception {
		ImagePlus imp = SegmentVolumeCommandTest.phantomWithRois();
		Path tif = dir.resolve("seg.tif"), csv = dir.resolve("scores.csv");
		Object[] r = runMacro(imp, "supports=ROIs model=[test model (random weights)] k=2 window=abdomen add_rois output=[" + tif + "] output_scores=[" + csv + "]");
		SegmentVolumePlugIn p = (SegmentVolumePlugIn) r[0];
		assertNull(p.error(), p.error());
		ImagePlus out = (ImagePlus) r[1];
		assertEquals("phantom-RevSAM2", out.getTitle());
		assertEquals(8, out.getNSlices());
		assertEquals(Phantoms.DEPTH, out.getCalibration().pixelDepth, 1e-9);
		assertEquals(8, IJ.openImage(tif.toString()).getNSlices());
		List<String> lines = Files.readAllLines(csv);
		assertEquals(9, lines.size());
		assertEquals(2, lines.stream().filter(l -> l.endsWith(",yes")).count());
	}

	@Test
	void runsThroughIJRunAsAPlainMacroCallWould() throws Exception {
		HeadlessIJ1.installCommands();
		ImagePlus imp = SegmentVolumeCommandTest.phantomWithRois();
		Path csv = dir.resolve("ijrun.csv");
		IJ.run(imp, SegmentVolumePlugIn.COMMAND, "supports=ROIs model=test k=3 output_scores=[" + csv + "]");
		List<String> lines = Files.readAllLines(csv);
		assertEquals(9, lines.size());
		assertEquals(3, lines.stream().filter(l -> l.endsWith(",yes")).count());
	}

	@Test
	void otherImagesAreChosenByTitle() throws Exception {
		ImagePlus imp = Phantoms.ellipsoid("query", 64, 64, 8);
		ImagePlus labels = Phantoms.labels(imp, new double[][] { Phantoms.centred(imp) }, new int[] { 4 }, new int[][] { { 3, 5 } });
		labels.setTitle("query-seg");
		Path csv = dir.resolve("s.csv");
		Object[] r = runMacro(imp, "supports=[label image] labels=query-seg names=[4=tumour] model=test k=1 method=random output_scores=[" + csv + "]", imp, labels);
		SegmentVolumePlugIn p = (SegmentVolumePlugIn) r[0];
		assertNull(p.error(), p.error());
		assertTrue(Files.readAllLines(csv).get(1).startsWith("4,tumour,1,"));
	}

	@Test
	void badOptionsFailWithAMessageAndLeaveTheCurrentImage() throws Exception {
		ImagePlus imp = SegmentVolumeCommandTest.phantomWithRois();
		Object[] r = runMacro(imp, "model=test k=0");
		assertEquals("k must be at least 1, got 0", ((SegmentVolumePlugIn) r[0]).error());
		assertSame(imp, r[1]);
		r = runMacro(imp, "model=test supports=[label image] labels=[not open]");
		assertEquals("There is no open image titled 'not open'", ((SegmentVolumePlugIn) r[0]).error());
		r = runMacro(imp, "model=test k=ten");
		assertEquals("k=ten is not a number", ((SegmentVolumePlugIn) r[0]).error());
	}
}
