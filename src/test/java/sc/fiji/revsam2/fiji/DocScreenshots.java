package sc.fiji.revsam2.fiji;

import java.awt.Button;
import java.awt.Choice;
import java.awt.Color;
import java.awt.Component;
import java.awt.Container;
import java.awt.Checkbox;
import java.awt.EventQueue;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Robot;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.ImageRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.plugin.frame.RoiManager;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import ij.text.TextWindow;
import sc.fiji.revsam2.bench.Phantom;
import sc.fiji.revsam2.sam2.PhantomModel;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Volume;
import sc.fiji.revsam2.volume.metrics.Dice;

/**
 * Makes the README screenshots under a (virtual) display: the IJ1 dialog of Segment Volume, a
 * result over its query (the demo's phantom, supports as ROIs drawn from its truth, the run's
 * Dice in the caption) and the scores table, with the bundled phantom model, or with a checkpoint
 * given as second argument (installed into a temporary models folder first). Not a test; run by hand:
 * {@code xvfb-run -s "-screen 0 1400x1000x24" java -cp <test classpath> sc.fiji.revsam2.fiji.DocScreenshots <folder> [<checkpoint.pt>]}
 * (system properties: window, method, imageSize for the checkpoint's conversion).
 * It exercises the GUI path too (ROI Manager supports, ROIs added back, the scores window).
 */
public final class DocScreenshots {

	private DocScreenshots() {}

	public static void main(String[] args) throws Exception {
		Path out = Paths.get(args.length > 0 ? args[0] : "docs/images");
		Files.createDirectories(out);
		String model = ModelChoice.TEST_MODEL;
		if (args.length > 1) {
			// another checkpoint, installed like a real one
			Path root = Files.createTempDirectory("revsam2-shot-models");
			System.setProperty("revsam2.models", root.toString());
			model = "shot-" + Paths.get(args[1]).getParent().getFileName();
			sc.fiji.revsam2.sam2.ModelInstaller.installFile(Paths.get(args[1]), root, model, null, Integer.getInteger("imageSize", 256),
				sc.fiji.revsam2.task.TaskMonitor.NONE);
		}
		String chosen = model;
		// the demo's phantom (seed 1), supports drawn from its truth on two slices per class
		Phantom.Case demo = Phantom.generate(1);
		ImagePlus ct = phantom(demo);
		LabelVolume drawn = Phantom.supportLabels(demo.truth(), 2);
		ct.show();
		RoiManager rm = RoiManager.getRoiManager();
		rm.reset();
		for (int label = 1; label <= Phantom.CLASS_NAMES.length; label++) {
			for (int z : drawn.slicesWith(label)) addRoi(rm, ct, maskRoi(drawn, label, z), z + 1, Phantom.CLASS_NAMES[label - 1]);
		}
		int shown = Integer.getInteger("slice", drawn.slicesWith(1)[0] + 1);
		ct.setSlice(shown);
		IJ.wait(500);

		Thread run = new Thread(() -> new SegmentVolumePlugIn().run(""), "RevSAM2 screenshots");
		run.start();
		GenericDialog gd = waitForDialog();
		EventQueue.invokeAndWait(() -> {
			select(gd, "model", chosen);
			setText(gd, "K (conditioning", "10");
			setText(gd, "Window (intensity", System.getProperty("window", "abdomen"));
			select(gd, "method", System.getProperty("method", "revsam2"));
			tick(gd, "Add ROIs", false);
			gd.pack();
		});
		IJ.wait(800);
		capture(gd, out.resolve("segment-dialog-ij1.png"));
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(gd.getButtons()[0], ActionEvent.ACTION_PERFORMED, "OK")));
		run.join(300_000);

		ImagePlus labels = WindowManager.getImage(ct.getTitle() + "-RevSAM2");
		if (labels == null) throw new IllegalStateException("no result; see the Log window");
		LabelVolume result = sc.fiji.revsam2.io.ImagePlusVolumes.toLabelVolume(labels);
		StringBuilder dice = new StringBuilder("Dice of this run (the label image against the phantom's truth):");
		for (int label = 1; label <= Phantom.CLASS_NAMES.length; label++) {
			dice.append(String.format(java.util.Locale.ROOT, " %s %.3f", Phantom.CLASS_NAMES[label - 1], Dice.of(result, demo.truth(), label)));
		}
		System.out.println(dice);
		String note = args.length > 1 ? "Model " + model + "." : "Bundled phantom model: " + PhantomModel.DESCRIPTION + ".";
		BufferedImage composed = composeResult(ct, labels, shown, dice.toString(), note);
		ImageIO.write(composed, "png", out.resolve("segment-result-phantom-model.png").toFile());
		Window table = WindowManager.getWindow(ScoresTable.TITLE);
		if (table instanceof TextWindow tw) {
			tw.setSize(520, 300);
			IJ.wait(800);
			capture(tw, out.resolve("scores-table.png"));
		}
		System.exit(0);
	}

	/** The phantom in a 16-bit stack (HU + 1024, calibrated back to HU), 1 x 1 x 2.5 mm, abdomen window. */
	static ImagePlus phantom(Phantom.Case c) {
		Volume v = c.image();
		ImageStack stack = new ImageStack(v.width(), v.height());
		for (int z = 0; z < v.depth(); z++) {
			float[] hu = v.slice(z);
			short[] px = new short[hu.length];
			for (int i = 0; i < hu.length; i++) px[i] = (short) Math.max(0, Math.min(65535, Math.round(hu[i] + 1024)));
			stack.addSlice(null, new ShortProcessor(v.width(), v.height(), px, null));
		}
		ImagePlus imp = new ImagePlus("phantom", stack);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = cal.pixelHeight = 1.0;
		cal.pixelDepth = 2.5;
		cal.setUnit("mm");
		cal.setFunction(Calibration.STRAIGHT_LINE, new double[] { -1024, 1 }, "HU");
		imp.setDisplayRange(1024 - 160, 1024 + 240);
		return imp;
	}

	/** The outline of {@code label} on slice {@code z} as a ROI, as a user would draw it. */
	static Roi maskRoi(LabelVolume labels, int label, int z) {
		ByteProcessor bp = new ByteProcessor(labels.width(), labels.height());
		short[] s = labels.slice(z);
		for (int i = 0; i < s.length; i++) if ((s[i] & 0xffff) == label) bp.set(i, 255);
		bp.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		return ThresholdToSelection.run(new ImagePlus("m", bp));
	}

	private static void addRoi(RoiManager rm, ImagePlus imp, Roi roi, int slice, String name) {
		roi.setPosition(slice);
		roi.setName(name);
		rm.add(roi, -1);
	}

	private static GenericDialog waitForDialog() throws InterruptedException {
		for (int i = 0; i < 600; i++) {
			for (Window w : Window.getWindows()) {
				if (w instanceof GenericDialog gd && w.isShowing()) return gd;
			}
			Thread.sleep(100);
		}
		throw new IllegalStateException("the dialog did not open");
	}

	private static void select(GenericDialog gd, String labelStart, String item) {
		Component label = null;
		for (Component c : all(gd)) {
			if (c instanceof java.awt.Label l && l.getText().toLowerCase().startsWith(labelStart)) label = l;
			else if (label != null && c instanceof Choice ch) {
				ch.select(item);
				return;
			}
		}
		throw new IllegalStateException("no choice " + labelStart);
	}

	private static void setText(GenericDialog gd, String labelStart, String text) {
		Component label = null;
		for (Component c : all(gd)) {
			if (c instanceof java.awt.Label l && l.getText().startsWith(labelStart)) label = l;
			else if (label != null && c instanceof TextField tf) {
				tf.setText(text);
				return;
			}
		}
		throw new IllegalStateException("no field " + labelStart);
	}

	private static void tick(GenericDialog gd, String labelStart, boolean on) {
		for (Component c : all(gd)) {
			if (c instanceof Checkbox cb && cb.getLabel().startsWith(labelStart)) {
				cb.setState(on);
				return;
			}
		}
		throw new IllegalStateException("no checkbox " + labelStart);
	}

	private static java.util.List<Component> all(Container root) {
		java.util.List<Component> out = new java.util.ArrayList<>();
		for (Component c : root.getComponents()) {
			out.add(c);
			if (c instanceof Container k && !(c instanceof Button)) out.addAll(all(k));
		}
		return out;
	}

	private static void capture(Window w, Path file) throws Exception {
		w.toFront();
		IJ.wait(300);
		// where the window really is on the screen (without a window manager its bounds can lag behind)
		Rectangle r = new Rectangle(w.getLocationOnScreen(), w.getSize());
		BufferedImage img = new Robot().createScreenCapture(r);
		ImageIO.write(img, "png", file.toFile());
		System.out.println("wrote " + file + " (" + r.width + "x" + r.height + ")");
	}

	/** The query slice (abdomen window) with the labels over it, next to the label image, with a caption. */
	static BufferedImage composeResult(ImagePlus ct, ImagePlus labels, int slice, String dice, String note) {
		ct.setSlice(slice);
		ct.deleteRoi();
		ImageProcessor lab = labels.getStack().getProcessor(slice).duplicate();
		lab.setLut(LabelImagePlus.lut());
		ImageRoi over = new ImageRoi(0, 0, lab.convertToRGB());
		over.setOpacity(0.45);
		over.setZeroTransparent(true);
		ImagePlus single = new ImagePlus("q", ct.getStack().getProcessor(slice).duplicate());
		single.setDisplayRange(1024 - 160, 1024 + 240);
		Overlay ov = new Overlay(over);
		RoiManager rm = RoiManager.getInstance();
		if (rm != null) {
			for (Roi r : rm.getRoisAsArray()) {
				if (r.getZPosition() == slice && r.getGroup() == 0) {
					Roi support = (Roi) r.clone();
					support.setStrokeColor(Color.YELLOW);
					support.setPosition(0);
					ov.add(support);
				}
			}
		}
		single.setOverlay(ov);
		BufferedImage left = single.flatten().getBufferedImage();
		ImagePlus labelSlice = new ImagePlus("l", lab);
		BufferedImage right = labelSlice.flatten().getBufferedImage();
		int scale = 3, pad = 8, caption = 90;
		int w = (left.getWidth() + right.getWidth()) * scale + 3 * pad, h = left.getHeight() * scale + 2 * pad + caption;
		BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = out.createGraphics();
		g.setColor(Color.WHITE);
		g.fillRect(0, 0, w, h);
		g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
		g.drawImage(left, pad, pad, left.getWidth() * scale, left.getHeight() * scale, null);
		g.drawImage(right, 2 * pad + left.getWidth() * scale, pad, right.getWidth() * scale, right.getHeight() * scale, null);
		g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
		g.setColor(Color.BLACK);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
		int y = 2 * pad + left.getHeight() * scale + 14;
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
		g.drawString("Demo phantom (seed 1), slice " + slice + ": labels over the query, support ROIs in yellow; right: the label image.", pad, y);
		g.drawString(dice, pad, y + 18);
		g.setColor(new Color(170, 0, 0));
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
		// the note on two lines at its "; " so that it fits the picture
		int cut = note.indexOf("; ");
		g.drawString(cut < 0 ? note : note.substring(0, cut + 1), pad, y + 38);
		if (cut >= 0) g.drawString(note.substring(cut + 2), pad, y + 56);
		g.dispose();
		return out;
	}

}
