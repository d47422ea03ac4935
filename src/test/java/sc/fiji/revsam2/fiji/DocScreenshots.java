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
import java.util.Random;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.ImageRoi;
import ij.gui.OvalRoi;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.plugin.frame.RoiManager;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import ij.text.TextWindow;

/**
 * Makes the README screenshots under a (virtual) display: the IJ1 dialog of Segment Volume, a
 * result over its query and the scores table, with the bundled TEST model, or with a checkpoint
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
			// a random-weight checkpoint (e.g. a test fixture), installed like a real one
			Path root = Files.createTempDirectory("revsam2-shot-models");
			System.setProperty("revsam2.models", root.toString());
			model = "random-weights-" + Paths.get(args[1]).getParent().getFileName();
			sc.fiji.revsam2.sam2.ModelInstaller.installFile(Paths.get(args[1]), root, model, null, Integer.getInteger("imageSize", 256),
				sc.fiji.revsam2.task.TaskMonitor.NONE);
		}
		String chosen = model;
		ImagePlus ct = phantom();
		ct.show();
		ct.setSlice(12);
		RoiManager rm = RoiManager.getRoiManager();
		rm.reset();
		addRoi(rm, ct, new OvalRoi(40, 42, 46, 36), 8, "liver");
		addRoi(rm, ct, new OvalRoi(34, 38, 56, 44), 12, "liver");
		addRoi(rm, ct, new OvalRoi(108, 58, 22, 28), 12, "kidney");
		addRoi(rm, ct, new OvalRoi(42, 44, 42, 34), 16, "liver");
		IJ.wait(500);

		Thread run = new Thread(() -> new SegmentVolumePlugIn().run(""), "RevSAM2 screenshots");
		run.start();
		GenericDialog gd = waitForDialog();
		EventQueue.invokeAndWait(() -> {
			select(gd, "model", chosen);
			setText(gd, "K (conditioning", "4");
			setText(gd, "Window (intensity", System.getProperty("window", "abdomen"));
			select(gd, "method", System.getProperty("method", "revsam2"));
			tick(gd, "Add ROIs", true);
			gd.pack();
		});
		IJ.wait(800);
		capture(gd, out.resolve("segment-dialog-ij1.png"));
		EventQueue.invokeAndWait(() -> gd.actionPerformed(new ActionEvent(gd.getButtons()[0], ActionEvent.ACTION_PERFORMED, "OK")));
		run.join(300_000);

		ImagePlus labels = WindowManager.getImage(ct.getTitle() + "-RevSAM2");
		if (labels == null) throw new IllegalStateException("no result; see the Log window");
		long fg = 0;
		for (int z = 1; z <= labels.getStackSize(); z++) {
			var ip = labels.getStack().getProcessor(z);
			for (int i = 0; i < ip.getPixelCount(); i++) if (ip.get(i) != 0) fg++;
		}
		System.out.println("foreground voxels: " + fg);
		String note = args.length > 1 ? "Random-weight SAM2 test model (" + model + "): this shows the machinery; its masks mean nothing."
			: "Bundled TEST model (random weights): this shows the machinery; its masks mean nothing.";
		BufferedImage result = composeResult(ct, labels, 12, note);
		ImageIO.write(result, "png", out.resolve("segment-result-test-model.png").toFile());
		Window table = WindowManager.getWindow(ScoresTable.TITLE);
		if (table instanceof TextWindow tw) {
			tw.setSize(520, 300);
			IJ.wait(800);
			capture(tw, out.resolve("scores-table.png"));
		}
		System.out.println("ROI Manager holds " + rm.getCount() + " ROIs after the run");
		for (Roi r : rm.getRoisAsArray()) System.out.println("  " + r.getName() + " z=" + r.getZPosition() + " group=" + r.getGroup());
		System.exit(0);
	}

	/** A synthetic "abdomen": body, liver-like and kidney-like blobs, CT-like values (offset 1024), 0.8 x 0.8 x 2.5 mm. */
	static ImagePlus phantom() {
		int w = 160, h = 128, d = 24;
		Random rnd = new Random(11);
		ImageStack stack = new ImageStack(w, h);
		for (int z = 0; z < d; z++) {
			short[] px = new short[w * h];
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					double v = -1000;
					if (in(x, y, z, 80, 64, 11.5, 72, 54, 40)) v = 30;
					if (in(x, y, z, 62, 60, 12, 30, 24, 9)) v = 70;
					if (in(x, y, z, 119, 72, 12, 12, 15, 7)) v = 160;
					if (in(x, y, z, 80, 100, 11.5, 9, 9, 30)) v = 600;
					px[y * w + x] = (short) Math.max(0, Math.round(v + 1024 + rnd.nextGaussian() * 12));
				}
			}
			stack.addSlice(null, new ShortProcessor(w, h, px, null));
		}
		ImagePlus imp = new ImagePlus("phantom-ct", stack);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = cal.pixelHeight = 0.8;
		cal.pixelDepth = 2.5;
		cal.setUnit("mm");
		cal.setFunction(Calibration.STRAIGHT_LINE, new double[] { -1024, 1 }, "HU");
		imp.setDisplayRange(1024 - 160, 1024 + 240);
		return imp;
	}

	private static boolean in(double x, double y, double z, double cx, double cy, double cz, double rx, double ry, double rz) {
		double a = (x - cx) / rx, b = (y - cy) / ry, c = (z - cz) / rz;
		return a * a + b * b + c * c <= 1;
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
		Rectangle r = w.getBounds();
		BufferedImage img = new Robot().createScreenCapture(r);
		ImageIO.write(img, "png", file.toFile());
		System.out.println("wrote " + file + " (" + r.width + "x" + r.height + ")");
	}

	/** The query slice (abdomen window) with the labels over it, next to the label image, with a caption. */
	static BufferedImage composeResult(ImagePlus ct, ImagePlus labels, int slice, String note) {
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
		int scale = 3, pad = 8, caption = 52;
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
		g.drawString("Segment Volume on a synthetic phantom (slice " + slice + "): labels over the query, support ROIs in yellow; right: the label image.", pad, y);
		g.setColor(new Color(170, 0, 0));
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
		g.drawString(note, pad, y + 20);
		g.dispose();
		return out;
	}

}
