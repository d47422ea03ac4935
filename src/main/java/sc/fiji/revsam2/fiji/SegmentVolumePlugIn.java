package sc.fiji.revsam2.fiji;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import sc.fiji.revsam2.sam2.InstalledModels;

/**
 * Plugins>Segmentation>RevSAM2>RevSAM2 Segment (IJ1): the Segment Volume command for plain
 * ImageJ 1.x and IJ1 macros (registered in {@code plugins.config}). Its GenericDialog records
 * macro options the IJ1 way with the same keys as the SciJava command; the current image is the
 * volume and other images are chosen by title. Headless (where ImageJ 1.x cannot build a dialog)
 * it reads the same keys from the macro options. The label image becomes the current image.
 */
public class SegmentVolumePlugIn implements PlugIn {

	public static final String COMMAND = "RevSAM2 Segment (IJ1)";
	private static final String NONE = "(none)";

	private String error;

	@Override
	public void run(String arg) {
		ImagePlus imp = WindowManager.getCurrentImage();
		if (imp == null) {
			fail("No image: open a volume (a Z stack) first");
			return;
		}
		SegmentationRun.Request r = new SegmentationRun.Request();
		r.image = imp;
		if (!ask(r, imp)) return;
		FijiTaskMonitor monitor = new FijiTaskMonitor("RevSAM2", null, null);
		try {
			SegmentationRun.Output out = SegmentationRun.run(r, monitor, SegmentVolumePlugIn::warn);
			monitor.done("RevSAM2: done");
			RunOutputs.showTable(out.scores());
			if (r.addRois) RunOutputs.log("RevSAM2: " + out.rois().size() + " ROIs added to " + RunOutputs.addRois(out.rois(), out.labels()));
			if (GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode()) WindowManager.setTempCurrentImage(out.labels());
			else out.labels().show();
		} catch (SegmentationRun.Failure e) {
			monitor.done(e.cancelled() ? "RevSAM2: cancelled" : "");
			fail(e.getMessage());
		}
	}

	/** The message of the last failure of this instance (null if it succeeded). */
	public String error() { return error; }

	/** Fills the request from the dialog, or headless from the macro options; false if cancelled or invalid. */
	private boolean ask(SegmentationRun.Request r, ImagePlus imp) {
		List<String> images = new ArrayList<>();
		images.add(NONE);
		for (int id : ids()) {
			ImagePlus other = WindowManager.getImage(id);
			if (other != null && other != imp) images.add(other.getTitle());
		}
		String[] titles = images.toArray(new String[0]);
		List<String> models = ModelChoice.choices(InstalledModels.root());
		Fields f = GraphicsEnvironment.isHeadless() ? new MacroFields(Macro.getOptions()) : new DialogFields(new GenericDialog("RevSAM2 Segment"));
		if (imp.getNChannels() > 1) f.number("channel", "Channel", 1);
		if (imp.getNFrames() > 1) f.number("frame", "Frame (time point)", 1);
		f.choice("supports", "Supports from", SupportMode.choices(), SupportMode.ROIS.label());
		f.choice("labels", "Labels (label image)", titles, NONE);
		f.choice("atlas", "Atlas (other image)", titles, NONE);
		f.choice("atlaslabels", "Atlaslabels (its label image)", titles, NONE);
		f.string("names", "Names (1=liver, 2=spleen)", "");
		f.choice("model", "Model", models.toArray(new String[0]), models.get(0));
		f.number("k", "K (conditioning slices)", 10);
		f.string("window", "Window (intensity)", IntensityWindows.MIN_MAX);
		f.message("Window: min-max, abdomen, lung, bone, brain, liver, mediastinum, lo:hi or width,level");
		f.choice("method", "Method", new String[] { "revsam2", "forward", "forward-query", "random" }, "revsam2");
		f.choice("device", "Device", new String[] { "cpu", "gpu" }, "cpu");
		f.choice("precision", "Precision", new String[] { "float32", "bfloat16" }, "float32");
		f.number("first_slice", "First_slice (0 = first)", 0);
		f.number("last_slice", "Last_slice (0 = last)", 0);
		f.flag("add_rois", "Add_ROIs to the ROI Manager", false);
		f.string("output", "Output (save labels to .tif/.nii.gz)", "");
		f.string("output_scores", "Output_scores (save scores to .csv)", "");
		if (!f.show()) return false;
		try {
			if (imp.getNChannels() > 1) r.channel = (int) f.nextNumber();
			if (imp.getNFrames() > 1) r.frame = (int) f.nextNumber();
			r.supports = SupportMode.parse(f.nextChoice());
			r.labels = image(f.nextChoice());
			r.atlas = image(f.nextChoice());
			r.atlasLabels = image(f.nextChoice());
			r.names = f.nextString();
			r.model = f.nextChoice();
			r.k = (int) f.nextNumber();
			r.window = f.nextString();
			r.method = f.nextChoice();
			r.device = f.nextChoice();
			r.precision = f.nextChoice();
			r.firstSlice = (int) f.nextNumber();
			r.lastSlice = (int) f.nextNumber();
			r.addRois = f.nextFlag();
			r.saveLabels = f.nextString();
			r.saveScores = f.nextString();
			return true;
		} catch (IllegalArgumentException e) {
			fail(e.getMessage());
			return false;
		}
	}

	private static int[] ids() {
		int[] ids = WindowManager.getIDList();
		return ids == null ? new int[0] : ids;
	}

	private static ImagePlus image(String title) {
		if (title == null || title.isBlank() || title.equals(NONE)) return null;
		ImagePlus imp = WindowManager.getImage(title);
		if (imp == null) throw new IllegalArgumentException("There is no open image titled '" + title + "'");
		return imp;
	}

	private static void warn(String message) {
		IJ.log(message);
	}

	private void fail(String message) {
		error = message;
		IJ.log("RevSAM2: " + message);
		if (!GraphicsEnvironment.isHeadless() && !"Cancelled".equals(message)) IJ.error("RevSAM2", message);
	}

	/** The dialog's fields: declared in order, then read back in the same order. */
	private interface Fields {
		void number(String key, String label, double def);

		void choice(String key, String label, String[] items, String def);

		void string(String key, String label, String def);

		void flag(String key, String label, boolean def);

		void message(String text);

		boolean show();

		double nextNumber();

		String nextChoice();

		String nextString();

		boolean nextFlag();
	}

	/**
	 * A GenericDialog. ImageJ keys a field by the first word of its label, lower-cased, and shows
	 * underscores as spaces: every label starts with its key, so macros read the same as the
	 * SciJava command's.
	 */
	private static final class DialogFields implements Fields {
		private final GenericDialog gd;

		DialogFields(GenericDialog gd) { this.gd = gd; }

		@Override
		public void number(String key, String label, double def) { gd.addNumericField(label, def, 0); }

		@Override
		public void choice(String key, String label, String[] items, String def) { gd.addChoice(label, items, def); }

		@Override
		public void string(String key, String label, String def) { gd.addStringField(label, def, 24); }

		@Override
		public void flag(String key, String label, boolean def) { gd.addCheckbox(label, def); }

		@Override
		public void message(String text) { gd.addMessage(text); }

		@Override
		public boolean show() {
			gd.showDialog();
			return !gd.wasCanceled();
		}

		@Override
		public double nextNumber() {
			double v = gd.getNextNumber();
			if (gd.invalidNumber()) throw new IllegalArgumentException("a number field holds something that is not a number");
			return v;
		}

		@Override
		public String nextChoice() { return gd.getNextChoice(); }

		@Override
		public String nextString() { return gd.getNextString(); }

		@Override
		public boolean nextFlag() { return gd.getNextBoolean(); }
	}

	/** Headless: the same keys read from the macro options (absent keys keep their defaults). */
	private static final class MacroFields implements Fields {
		private final String options;
		private final List<Object> values = new ArrayList<>();
		private int next;

		MacroFields(String options) { this.options = options; }

		private String value(String key, String def) {
			return options == null ? def : Macro.getValue(options, key, def);
		}

		@Override
		public void number(String key, String label, double def) {
			String v = value(key, null);
			try {
				values.add(v == null ? def : Double.parseDouble(v.trim()));
			} catch (NumberFormatException e) {
				values.add(new IllegalArgumentException(key + "=" + v + " is not a number"));
			}
		}

		@Override
		public void choice(String key, String label, String[] items, String def) { values.add(value(key, def)); }

		@Override
		public void string(String key, String label, String def) { values.add(value(key, def)); }

		@Override
		public void flag(String key, String label, boolean def) {
			values.add(options == null ? def : (" " + options + " ").matches("(?s).*\\s" + key + "\\s.*"));
		}

		@Override
		public void message(String text) {}

		@Override
		public boolean show() {
			if (options == null) throw new IllegalStateException(COMMAND + " runs headless only from a macro with its options");
			return true;
		}

		private Object take() {
			Object v = values.get(next++);
			if (v instanceof IllegalArgumentException e) throw e;
			return v;
		}

		@Override
		public double nextNumber() { return (Double) take(); }

		@Override
		public String nextChoice() { return (String) take(); }

		@Override
		public String nextString() { return (String) take(); }

		@Override
		public boolean nextFlag() { return (Boolean) take(); }
	}
}
