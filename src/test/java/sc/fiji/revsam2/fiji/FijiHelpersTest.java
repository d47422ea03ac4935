package sc.fiji.revsam2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.event.KeyEvent;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.LUT;
import sc.fiji.revsam2.algorithm.ObjectClass;
import sc.fiji.revsam2.algorithm.Support;
import sc.fiji.revsam2.request.RequestText;
import sc.fiji.revsam2.io.ImagePlusVolumes;
import sc.fiji.revsam2.task.CancelledException;
import sc.fiji.revsam2.task.TaskMonitor;
import sc.fiji.revsam2.volume.IntensityWindow;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Mask2D;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/** The Fiji-side pieces on their own: ROI supports, ROI export, LUT, windows, progress and cancel. */
class FijiHelpersTest {

	private static Roi rect(int x, int y, int w, int h, int z, String name) {
		Roi r = new Roi(x, y, w, h);
		r.setPosition(z);
		r.setName(name);
		return r;
	}

	@Test
	void roisOfOneClassOnOneSliceAreUnited() {
		ImagePlus imp = IJ.createImage("s", "16-bit black", 20, 10, 4);
		Volume v = ImagePlusVolumes.toVolume(imp);
		Roi[] rois = { rect(0, 0, 2, 2, 2, "0002-0001-0001"), rect(5, 5, 3, 1, 2, "0002-0005-0006"), rect(1, 1, 1, 1, 4, null) };
		List<ObjectClass> classes = RoiSupports.classes(imp, v, rois);
		assertEquals(1, classes.size());
		ObjectClass c = classes.get(0);
		assertEquals(1, c.label());
		assertEquals(2, c.supports().size(), "two slices");
		Support s = c.supports().get(0);
		assertEquals(1, s.slice(), "slice 2 is index 1");
		assertEquals(4 + 3, s.mask().count());
		assertTrue(s.mask().get(0, 0) && s.mask().get(7, 5) && !s.mask().get(4, 4));
		assertEquals(3, c.supports().get(1).slice());
	}

	@Test
	void namesGiveClassesInOrderOfFirstAppearance() {
		ImagePlus imp = IJ.createImage("s", "8-bit black", 20, 10, 5);
		Volume v = ImagePlusVolumes.toVolume(imp);
		Roi[] rois = { rect(0, 0, 2, 2, 3, "spleen"), rect(0, 0, 2, 2, 1, "liver"), rect(3, 3, 2, 2, 5, "spleen-1"), rect(3, 3, 2, 2, 5, "organ-2") };
		List<ObjectClass> classes = RoiSupports.classes(imp, v, rois);
		assertEquals(List.of("spleen", "liver", "organ-2"), classes.stream().map(ObjectClass::name).toList());
		assertEquals(List.of(1, 2, 3), classes.stream().map(ObjectClass::label).toList());
		assertEquals(2, classes.get(0).supports().size());
	}

	@Test
	void mixedNamedAndUnnamedOrGroupedAndUngroupedRoisAreRefused() {
		ImagePlus imp = IJ.createImage("s", "8-bit black", 20, 10, 5);
		Volume v = ImagePlusVolumes.toVolume(imp);
		var e = assertThrows(IllegalArgumentException.class, () -> RoiSupports.classes(imp, v, new Roi[] { rect(0, 0, 2, 2, 3, "liver"), rect(0, 0, 2, 2, 1, "0001-0001-0001") }));
		assertTrue(e.getMessage().startsWith("ROI 2 '0001-0001-0001' has no name while other ROIs are named"), e.getMessage());
		Roi g = rect(0, 0, 2, 2, 3, null);
		g.setGroup(2);
		e = assertThrows(IllegalArgumentException.class, () -> RoiSupports.classes(imp, v, new Roi[] { g, rect(0, 0, 2, 2, 1, null) }));
		assertTrue(e.getMessage().startsWith("ROI 2 has no group while other ROIs have one"), e.getMessage());
	}

	@Test
	void hyperstackRoisTakeTheirZPosition() {
		ImagePlus imp = IJ.createHyperStack("h", 10, 10, 3, 4, 2, 8);
		Roi a = new Roi(1, 1, 2, 2);
		a.setPosition(2, 3, 1);
		assertEquals(3, RoiSupports.slice(imp, a, "a"));
		Roi b = new Roi(1, 1, 2, 2);
		b.setPosition(imp.getStackIndex(3, 4, 2)); // a plain stack index on a hyperstack
		assertEquals(4, RoiSupports.slice(imp, b, "b"));
		Roi c = new Roi(1, 1, 2, 2);
		c.setPosition(1, 0, 1);
		assertThrows(IllegalArgumentException.class, () -> RoiSupports.slice(imp, c, "c"));
	}

	@Test
	void maskRoisOutlineEachClassOnEachSlice() {
		short[][] s = new short[3][8 * 6];
		for (int y = 1; y < 4; y++) for (int x = 2; x < 6; x++) s[0][y * 8 + x] = 2; // 4x3 of class 2 on slice 1
		s[2][0] = 1;
		s[2][7] = 300;
		LabelVolume lv = new LabelVolume(8, 6, s, Spacing.UNIT);
		List<ObjectClass> classes = List.of(new ObjectClass(1, "a", List.of()), new ObjectClass(2, "b", List.of()), new ObjectClass(300, "c", List.of()));
		List<Roi> rois = MaskRois.create(lv, classes, IJ.createImage("q", "8-bit black", 8, 6, 3));
		List<String> names = new ArrayList<>();
		for (Roi r : rois) names.add(r.getName());
		assertEquals(List.of("a-3", "b-1", "c-3"), names);
		Roi b = rois.get(1);
		assertEquals(1, b.getPosition());
		assertEquals(2, b.getGroup());
		assertEquals(new java.awt.Rectangle(2, 1, 4, 3), b.getBounds());
		assertEquals(12, b.getContainedPoints().length);
		assertEquals(0, rois.get(2).getGroup(), "labels above 255 get no group");
	}

	@Test
	void labelLutIsBlackThenDistinctColours() {
		LUT lut = LabelImagePlus.lut();
		assertEquals(0, lut.getRGB(0) & 0xffffff);
		Set<Integer> colours = new HashSet<>();
		for (int i = 1; i < 256; i++) {
			int rgb = lut.getRGB(i) & 0xffffff;
			assertTrue(rgb != 0, "label " + i + " is not black");
			colours.add(rgb);
		}
		assertTrue(colours.size() >= 250, "distinct colours: " + colours.size());
	}

	@Test
	void labelImagesAre16BitFromLabel256AndKeepTheCalibration() {
		ImagePlus q = IJ.createImage("ct scan.nii.gz", "16-bit black", 4, 3, 2);
		q.getCalibration().pixelDepth = 3;
		q.getCalibration().setFunction(ij.measure.Calibration.STRAIGHT_LINE, new double[] { -1024, 1 }, "HU");
		LabelVolume lv = LabelVolume.zeros(4, 3, 2, Spacing.UNIT);
		lv.set(1, 1, 1, 256);
		ImagePlus out = LabelImagePlus.create(lv, 256, q, LabelImagePlus.title(q));
		assertEquals("ct scan-RevSAM2", out.getTitle());
		assertEquals(16, out.getBitDepth());
		assertEquals(256, out.getStack().getProcessor(2).get(1, 1));
		assertEquals(3, out.getCalibration().pixelDepth, 0);
		assertFalse(out.getCalibration().calibrated(), "labels carry no value calibration");
		assertEquals(8, LabelImagePlus.create(lv, 255, q, "t").getBitDepth());
	}

	@Test
	void intensityWindows() {
		assertTrue(RequestText.window("window", "min-max").isMinMax());
		assertTrue(RequestText.window("window", "").isMinMax());
		assertEquals(new IntensityWindow(-160, 240), RequestText.window("window", "abdomen"));
		assertEquals(new IntensityWindow(-160, 240), RequestText.window("window", "Abdomen (W400 L40)"));
		assertEquals(new IntensityWindow(-1350, 150), RequestText.window("window", "lung (W1500 L-600)"));
		assertEquals(new IntensityWindow(-100, 300), RequestText.window("window", "-100:300"));
		assertEquals(new IntensityWindow(-160, 240), RequestText.window("window", "400,40"));
		for (String bad : new String[] { "300:-100", "0,40", "wide", "1:2:3", "soft (tissue)" }) {
			assertThrows(IllegalArgumentException.class, () -> RequestText.window("window", bad), bad);
		}
		String[] choices = RequestText.windowChoices();
		assertEquals("min-max", choices[0]);
		assertEquals("abdomen (W400 L40)", choices[1]);
		for (String c : choices) RequestText.window("window", c);
	}

	@Test
	void supportModesParseLeniently() {
		assertEquals(SupportMode.ROIS, SupportMode.parse("ROIs"));
		assertEquals(SupportMode.LABEL_IMAGE, SupportMode.parse("label image"));
		assertEquals(SupportMode.OTHER_IMAGE, SupportMode.parse("other image + labels"));
		assertEquals(SupportMode.OTHER_IMAGE, SupportMode.parse("atlas"));
		assertThrows(IllegalArgumentException.class, () -> SupportMode.parse("points"));
	}

	@Test
	void monitorIsCancelledByEscapeByTheModuleAndByInterrupt() throws Exception {
		AtomicBoolean moduleCancelled = new AtomicBoolean();
		FijiTaskMonitor m = new FijiTaskMonitor("RevSAM2", null, moduleCancelled::get);
		assertFalse(m.isCancelled());
		m.progress("forward propagation", 0.5);
		moduleCancelled.set(true);
		assertTrue(m.isCancelled());
		moduleCancelled.set(false);
		try {
			IJ.setKeyDown(KeyEvent.VK_ESCAPE);
			assertTrue(m.isCancelled());
			assertThrows(CancelledException.class, m::checkCancelled);
		} finally {
			IJ.resetEscape();
			IJ.setKeyUp(KeyEvent.VK_ESCAPE);
		}
		assertFalse(m.isCancelled());
		Thread t = new Thread(() -> {
			Thread.currentThread().interrupt();
			assertThrows(CancelledException.class, m::checkCancelled);
		});
		t.start();
		t.join();
	}

	@Test
	void aCancelledRunEndsAsCancelledFailureBeforeAnyOutput() {
		ImagePlus imp = Phantoms.ellipsoid("c", 32, 32, 4);
		SegmentationRun.Request r = new SegmentationRun.Request();
		r.image = imp;
		r.rois = new Roi[] { rect(10, 10, 8, 8, 2, null) };
		r.model = ModelChoice.TEST_MODEL;
		List<String> stages = new ArrayList<>();
		TaskMonitor cancelSoon = new TaskMonitor() {
			@Override
			public void progress(String stage, double fraction) { stages.add(stage); }

			@Override
			public boolean isCancelled() { return stages.size() > 1; }
		};
		var e = assertThrows(SegmentationRun.Failure.class, () -> SegmentationRun.run(r, cancelSoon, w -> {}));
		assertTrue(e.cancelled());
		assertEquals("Cancelled", e.getMessage());
	}

	@Test
	void classNamesParse() {
		assertEquals(java.util.Map.of(1, "liver", 2, "right kidney"), RequestText.classNames("names", "1=liver, 2 = right kidney"));
		assertTrue(RequestText.classNames("names", " ").isEmpty());
		assertThrows(IllegalArgumentException.class, () -> RequestText.classNames("names", "liver"));
		assertThrows(IllegalArgumentException.class, () -> RequestText.classNames("names", "x=liver"));
	}

	@Test
	void masksOfSupportsMatchTheirRois() {
		ImagePlus imp = IJ.createImage("s", "8-bit black", 6, 6, 2);
		Roi oval = new ij.gui.OvalRoi(1, 1, 4, 4);
		oval.setPosition(2);
		Mask2D m = RoiSupports.classes(imp, ImagePlusVolumes.toVolume(imp), new Roi[] { oval }).get(0).supports().get(0).mask();
		assertEquals(oval.getContainedPoints().length, m.count());
	}
}
