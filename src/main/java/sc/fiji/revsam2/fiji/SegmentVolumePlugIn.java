package sc.fiji.revsam2.fiji;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;
import sc.fiji.revsam2.algorithm.Method;
import sc.fiji.revsam2.request.RequestText;
import sc.fiji.revsam2.request.SegmentationRequest;
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

	private String error;

	@Override
	public void run(String arg) {
		ImagePlus imp = WindowManager.getCurrentImage();
		if (imp == null) {
			fail("No image: open a volume (a Z stack) first");
			return;
		}
		FijiTaskMonitor monitor = new FijiTaskMonitor("RevSAM2", null, null);
		try {
			Map<String, Object> keys = ask(imp);
			if (keys == null) return;
			SegmentationRun.Request r = SegmentationRun.Request.fromKeys(keys);
			SegmentationRun.Output out = SegmentationRun.run(r, monitor, IJ::log);
			monitor.done("RevSAM2: done");
			RunOutputs.showTable(out.scores());
			if (r.addRois) RunOutputs.log("RevSAM2: " + out.rois().size() + " ROIs added to " + RunOutputs.addRois(out.rois(), out.labels()));
			if (GraphicsEnvironment.isHeadless() && !Interpreter.isBatchMode()) WindowManager.setTempCurrentImage(out.labels());
			else out.labels().show();
		} catch (SegmentationRun.Failure e) {
			monitor.done(e.cancelled() ? "RevSAM2: cancelled" : "");
			fail(e.getMessage());
		} catch (IllegalArgumentException e) {
			fail(e.getMessage());
		}
	}

	/** The message of the last failure of this instance (null if it succeeded). */
	public String error() { return error; }

	/**
	 * The macro keys and their values: from the dialog, or headless from the macro options (where
	 * ImageJ 1.x cannot build a dialog); null if the user cancelled.
	 */
	private static Map<String, Object> ask(ImagePlus imp) {
		List<String> images = new ArrayList<>();
		images.add(SegmentationRun.NO_IMAGE);
		int[] ids = WindowManager.getIDList();
		for (int id : ids == null ? new int[0] : ids) {
			ImagePlus other = WindowManager.getImage(id);
			if (other != null && other != imp) images.add(other.getTitle());
		}
		String[] titles = images.toArray(new String[0]);
		List<String> models = ModelChoice.choices(InstalledModels.root());
		MacroDialog f = new MacroDialog("RevSAM2 Segment");
		if (imp.getNChannels() > 1) f.number("channel", "Channel", 1);
		if (imp.getNFrames() > 1) f.number("frame", "Frame (time point)", 1);
		f.choice("supports", "Supports from", SupportMode.choices(), SupportMode.ROIS.label());
		f.choice("labels", "Labels (label image)", titles, SegmentationRun.NO_IMAGE);
		f.choice("atlas", "Atlas (other image)", titles, SegmentationRun.NO_IMAGE);
		f.choice("atlaslabels", "Atlaslabels (its label image)", titles, SegmentationRun.NO_IMAGE);
		f.string("names", "Names (1=liver, 2=spleen)", "");
		f.choice("model", "Model", models.toArray(new String[0]), models.get(0));
		f.number("k", "K (conditioning slices)", SegmentationRequest.DEFAULT_K);
		f.string("window", "Window (intensity)", RequestText.MIN_MAX);
		f.message("Window: min-max, abdomen, lung, bone, brain, liver, mediastinum, lo:hi or width,level");
		f.choice("method", "Method", RequestText.methodChoices(), Method.REVSAM2.id());
		f.choice("device", "Device", new String[] { "cpu", "gpu", "auto" }, "cpu");
		f.choice("precision", "Precision", new String[] { "float32", "bfloat16" }, "float32");
		f.number("first_slice", "First_slice (0 = first)", 0);
		f.number("last_slice", "Last_slice (0 = last)", 0);
		f.flag("add_rois", "Add_ROIs to the ROI Manager", false);
		f.string("output", "Output (save labels to .tif/.nii.gz)", "");
		f.string("output_scores", "Output_scores (save scores to .csv)", "");
		Map<String, Object> keys = f.read();
		if (keys != null) keys.put("image", imp);
		return keys;
	}

	private void fail(String message) {
		error = message;
		IJ.log("RevSAM2: " + message);
		if (!GraphicsEnvironment.isHeadless() && !"Cancelled".equals(message)) IJ.error("RevSAM2", message);
	}
}
