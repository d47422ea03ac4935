package sc.fiji.revsam2.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static sc.fiji.revsam2.quality.PhantomQuality.KIDNEY;
import static sc.fiji.revsam2.quality.PhantomQuality.ORGAN;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import sc.fiji.revsam2.bench.Phantom;
import sc.fiji.revsam2.fiji.HeadlessIJ1;
import sc.fiji.revsam2.io.ImagePlusVolumes;
import sc.fiji.revsam2.io.NiftiHeader;
import sc.fiji.revsam2.io.NiftiReader;
import sc.fiji.revsam2.volume.LabelVolume;

/**
 * The Fiji front ends with the trained phantom model, scored against the phantom's truth: the
 * SciJava command "Segment Volume" with supports as ROIs on the overlay and in the ROI Manager, as
 * a label image and as another image with its labels, with a slice range and a NIfTI output; and
 * the ImageJ 1.x command through a macro (IJ.run and the headless macro file). Each threshold is a measured Dice less a
 * small margin (the measured value is in the comment). The Fiji commands have no hole-filling
 * option: they run with the method's default (8 px), the abdomen window as in the model's README.
 */
class PhantomQualityFijiTest {

	static final String COMMAND = "Plugins > Segmentation > RevSAM2 > Segment Volume";
	static final String IJ1_COMMAND = "RevSAM2 Segment (IJ1)";

	@TempDir
	static Path dir;

	private static Context context;
	private static CommandService commands;
	private static ModuleService modules;
	private static Path model;

	@BeforeAll
	static void start() throws Exception {
		model = PhantomQuality.modelFolder();
		context = new Context();
		commands = context.service(CommandService.class);
		modules = context.service(ModuleService.class);
	}

	@AfterAll
	static void stop() {
		context.dispose();
	}

	/** The command's inputs, all given (so that values persisted by other runs cannot leak in), then the overrides. */
	static Map<String, Object> inputs(Path model, ImagePlus image, Object... overrides) {
		Map<String, Object> in = new HashMap<>();
		in.put("image", image);
		in.put("channel", 1);
		in.put("frame", 1);
		in.put("supports", "ROIs");
		in.put("names", "");
		in.put("model", model.toString());
		in.put("k", 10);
		in.put("window", "abdomen");
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

	/** Segment Volume, found as Fiji finds it: by its menu path. */
	static CommandInfo segmentVolume(CommandService commands) {
		for (CommandInfo c : commands.getCommands()) if (c.getMenuPath() != null && COMMAND.equals(c.getMenuPath().getMenuString())) return c;
		throw new AssertionError("no command at " + COMMAND);
	}

	/** Runs Segment Volume as Fiji does and returns its label image. */
	private static LabelVolume segment(Map<String, Object> inputs) throws Exception {
		Module m = modules.run(segmentVolume(commands), true, inputs).get();
		ImagePlus out = (ImagePlus) m.getOutput("segmentation");
		assertNotNull(out, () -> "no segmentation: " + cancelReason(m));
		return ImagePlusVolumes.toLabelVolume(out);
	}

	private static String cancelReason(Module m) {
		return m instanceof org.scijava.Cancelable c ? c.getCancelReason() : "(not cancelable)";
	}

	private static ImagePlus image(Phantom.Case g, String title) {
		return ImagePlusVolumes.toImagePlus(g.image(), title);
	}

	/**
	 * Outlines of each labelled slice of each class as ROIs, as a user draws them: the ROI's
	 * position is its slice, its group the class's label and its name the class's name.
	 */
	static Roi[] rois(LabelVolume supports) {
		List<Roi> out = new ArrayList<>();
		for (int label : supports.labels()) {
			for (int z : supports.slicesWith(label)) {
				ByteProcessor bp = new ByteProcessor(supports.width(), supports.height());
				short[] s = supports.slice(z);
				for (int i = 0; i < s.length; i++) if (s[i] == label) bp.set(i, 255);
				bp.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
				Roi r = ThresholdToSelection.run(new ImagePlus("mask", bp));
				assertEquals(supports.mask(label, z).count(), r.getContainedPoints().length, "the outline holds the labelled pixels");
				r.setPosition(z + 1);
				r.setGroup(label);
				r.setName(Phantom.CLASS_NAMES[label - 1]);
				out.add(r);
			}
		}
		return out.toArray(new Roi[0]);
	}

	private static ImagePlus withOverlay(ImagePlus imp, Roi[] rois) {
		Overlay ov = new Overlay();
		for (Roi r : rois) ov.add(r);
		imp.setOverlay(ov);
		return imp;
	}

	@Test
	void roisOnTheOverlaySegmentBothClasses() throws Exception {
		Phantom.Case q = PhantomQuality.query();
		ImagePlus imp = withOverlay(image(q, "phantom"), rois(PhantomQuality.supportLabels(q.truth())));
		Path csv = dir.resolve("overlay-scores.csv");
		LabelVolume seg = segment(inputs(model, imp, "output_scores", csv.toString()));
		PhantomQuality.assertDice("Segment Volume, ROIs on the overlay", seg, q.truth(), ORGAN, 0.70); // measured 0.7329
		PhantomQuality.assertDice("Segment Volume, ROIs on the overlay", seg, q.truth(), KIDNEY, 0.16); // measured 0.1908
		PhantomQuality.assertMeanScore("Segment Volume, ROIs on the overlay", csv, ORGAN, 0.84); // measured 0.8755
		PhantomQuality.assertMeanScore("Segment Volume, ROIs on the overlay", csv, KIDNEY, 0.17); // measured 0.2056
	}

	/**
	 * The ROIs in the ROI Manager. ImageJ cannot create the ROI Manager headless (it is an AWT
	 * frame), so this runs {@link RoiManagerRun} in a JVM with a display: the session's DISPLAY,
	 * else a virtual one from xvfb-run; with neither it is skipped, saying so.
	 */
	@Test
	void roisInTheRoiManager() throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> cmd = new ArrayList<>();
		if (System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isBlank()) {
			Assumptions.assumeTrue(onPath("xvfb-run"), "the ROI Manager needs a display: no DISPLAY and no xvfb-run (run under xvfb-run to include this test)");
			cmd.addAll(List.of("xvfb-run", "-a"));
		}
		Path nii = dir.resolve("roi-manager.nii.gz"), csv = dir.resolve("roi-manager-scores.csv"), log = dir.resolve("roi-manager.log");
		cmd.addAll(List.of(java, "-Djava.awt.headless=false", "-Xmx2g", "-cp", System.getProperty("java.class.path"), RoiManagerRun.class.getName(), model.toString(),
			nii.toString(), csv.toString()));
		Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the ROI Manager run finished");
		assertEquals(0, p.exitValue(), () -> "ROI Manager run failed:\n" + read(log));
		LabelVolume seg = NiftiReader.readLabels(nii);
		Phantom.Case q = PhantomQuality.query();
		PhantomQuality.assertDice("Segment Volume, ROIs in the ROI Manager", seg, q.truth(), ORGAN, 0.70); // measured 0.7329
		PhantomQuality.assertDice("Segment Volume, ROIs in the ROI Manager", seg, q.truth(), KIDNEY, 0.16); // measured 0.1908
		PhantomQuality.assertMeanScore("Segment Volume, ROIs in the ROI Manager", csv, ORGAN, 0.84); // measured 0.8755
		PhantomQuality.assertMeanScore("Segment Volume, ROIs in the ROI Manager", csv, KIDNEY, 0.17); // measured 0.2056
	}

	private static boolean onPath(String program) {
		for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) if (!d.isEmpty() && java.nio.file.Files.isExecutable(Path.of(d, program))) return true;
		return false;
	}

	private static String read(Path log) {
		try {
			return java.nio.file.Files.readString(log);
		} catch (java.io.IOException e) {
			return "(no log: " + e.getMessage() + ")";
		}
	}

	@Test
	void labelImageOfTheQuery() throws Exception {
		Phantom.Case q = PhantomQuality.query();
		ImagePlus labels = ImagePlusVolumes.toImagePlus(PhantomQuality.supportLabels(q.truth()), "phantom-labels");
		Path csv = dir.resolve("label-image-scores.csv");
		LabelVolume seg = segment(inputs(model, image(q, "phantom"), "supports", "label image", "labels", labels, "names", "1=organ, 2=kidney", "output_scores", csv.toString()));
		PhantomQuality.assertDice("Segment Volume, label image", seg, q.truth(), ORGAN, 0.70); // measured 0.7329
		PhantomQuality.assertDice("Segment Volume, label image", seg, q.truth(), KIDNEY, 0.16); // measured 0.1908
		PhantomQuality.assertMeanScore("Segment Volume, label image", csv, ORGAN, 0.84); // measured 0.8755
		PhantomQuality.assertMeanScore("Segment Volume, label image", csv, KIDNEY, 0.17); // measured 0.2056
	}

	@Test
	void anotherPatientWithItsLabelsAndANiftiOutput() throws Exception {
		Phantom.Case q = PhantomQuality.query(), s = PhantomQuality.support();
		ImagePlus atlasLabels = ImagePlusVolumes.toImagePlus(PhantomQuality.supportLabels(s.truth()), "atlas-labels");
		Path nii = dir.resolve("fiji-atlas.nii.gz");
		LabelVolume seg = segment(inputs(model, image(q, "phantom"), "supports", "other image + labels", "atlas", image(s, "atlas"), "atlaslabels", atlasLabels,
			"output", nii.toString()));
		PhantomQuality.assertDice("Segment Volume, other image + labels", seg, q.truth(), ORGAN, 0.82); // measured 0.8485
		LabelVolume back = NiftiReader.readLabels(nii);
		for (int z = 0; z < seg.depth(); z++) assertTrue(java.util.Arrays.equals(seg.slice(z), back.slice(z)), "the NIfTI file holds the label image, slice " + (z + 1));
		PhantomQuality.assertDice("Segment Volume, other image + labels, NIfTI read back", back, q.truth(), ORGAN, 0.82); // measured 0.8485
	}

	@Test
	void sliceRange() throws Exception {
		Phantom.Case q = PhantomQuality.query(), s = PhantomQuality.support();
		ImagePlus atlasLabels = ImagePlusVolumes.toImagePlus(PhantomQuality.supportLabels(s.truth()), "atlas-labels");
		LabelVolume seg = segment(inputs(model, image(q, "phantom"), "supports", "other image + labels", "atlas", image(s, "atlas"), "atlaslabels", atlasLabels,
			"first_slice", 3, "last_slice", 14));
		PhantomQuality.assertEmptyOutside("Segment Volume, slices 3-14", seg, 2, 13);
		PhantomQuality.assertDice("Segment Volume, slices 3-14", seg, PhantomQuality.within(q.truth(), 2, 13), ORGAN, 0.83); // measured 0.8674
	}

	@Test
	void imageJ1CommandFromAMacroCallWithRois() throws Exception {
		HeadlessIJ1.installCommands();
		Phantom.Case q = PhantomQuality.query();
		ImagePlus imp = withOverlay(image(q, "phantom"), rois(PhantomQuality.supportLabels(q.truth())));
		Path nii = dir.resolve("ij1-rois.nii.gz"), csv = dir.resolve("ij1-scores.csv");
		IJ.run(imp, IJ1_COMMAND, "supports=ROIs model=[" + model + "] k=10 window=abdomen output=[" + nii + "] output_scores=[" + csv + "]");
		LabelVolume seg = NiftiReader.readLabels(nii);
		PhantomQuality.assertDice("RevSAM2 Segment (IJ1), ROIs", seg, q.truth(), ORGAN, 0.70); // measured 0.7329
		PhantomQuality.assertDice("RevSAM2 Segment (IJ1), ROIs", seg, q.truth(), KIDNEY, 0.16); // measured 0.1908
		PhantomQuality.assertMeanScore("RevSAM2 Segment (IJ1), ROIs", csv, ORGAN, 0.84); // measured 0.8755
		PhantomQuality.assertMeanScore("RevSAM2 Segment (IJ1), ROIs", csv, KIDNEY, 0.17); // measured 0.2056
	}

	@Test
	void headlessMacroFileWithNiftiFiles() throws Exception {
		Phantom.Case q = PhantomQuality.query(), s = PhantomQuality.support();
		Path in = dir.resolve("macro-in"), out = dir.resolve("macro-out");
		java.nio.file.Files.createDirectories(in);
		Path vol = in.resolve("phantom.nii.gz"), atlas = in.resolve("atlas.nii.gz"), atlasLabels = in.resolve("atlas_labels.nii.gz");
		PhantomQuality.writeNifti(vol, q.image());
		NiftiHeader ah = PhantomQuality.writeNifti(atlas, s.image());
		PhantomQuality.writeNiftiLabels(atlasLabels, PhantomQuality.supportLabels(s.truth()), ah);
		HeadlessIJ1.runMacro(Path.of("macros", "segment-volume-headless.ijm").toAbsolutePath().toString(),
			"volume=[" + vol + "] atlas=[" + atlas + "] atlaslabels=[" + atlasLabels + "] out=[" + out + "] model=[" + model + "] window=abdomen names=[1=organ,2=kidney]");
		LabelVolume seg = NiftiReader.readLabels(out.resolve("phantom_revsam2.nii.gz"));
		PhantomQuality.assertDice("segment-volume-headless.ijm, atlas", seg, q.truth(), ORGAN, 0.82); // measured 0.8485
	}
}
