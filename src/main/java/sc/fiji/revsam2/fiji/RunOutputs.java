package sc.fiji.revsam2.fiji;

import java.awt.GraphicsEnvironment;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;

/** Shows what a run made, the same way for both commands. */
public final class RunOutputs {

	private RunOutputs() {}

	/** Shows the scores table in its own window (there is no window to show it in when headless). */
	public static void showTable(ResultsTable rt) {
		if (!GraphicsEnvironment.isHeadless()) rt.show(ScoresTable.TITLE);
	}

	/**
	 * Adds ROIs to the ROI Manager (opening it if needed), or, where there is none (headless
	 * without a batch-mode macro), to the overlay of {@code labels}.
	 * @return where they went, for the log
	 */
	public static String addRois(List<Roi> rois, ImagePlus labels) {
		RoiManager rm = RoiManager.getInstance();
		if (rm == null && !GraphicsEnvironment.isHeadless()) rm = RoiManager.getRoiManager();
		if (rm != null) {
			for (Roi r : rois) rm.add(r, -1);
			return "the ROI Manager";
		}
		Overlay ov = labels.getOverlay() == null ? new Overlay() : labels.getOverlay();
		for (Roi r : rois) ov.add(r);
		labels.setOverlay(ov);
		return "the overlay of " + labels.getTitle();
	}

	/** A message for the Log window (and standard output when headless). */
	public static void log(String message) {
		IJ.log(message);
	}
}
