package sc.fiji.revsam2.quality;

import java.nio.file.Path;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.module.Module;
import org.scijava.module.ModuleService;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.plugin.frame.RoiManager;
import sc.fiji.revsam2.bench.Phantom;
import sc.fiji.revsam2.io.ImagePlusVolumes;

/**
 * Segment Volume with its supports in the ROI Manager, as a Fiji user runs it: run in a JVM of its
 * own with a display (the ROI Manager is an AWT window, which ImageJ cannot create headless).
 * Arguments: the model folder, the NIfTI output, the scores CSV. Exits 0 when the command wrote
 * its output, else 1 with the reason on stderr.
 */
public final class RoiManagerRun {

	private RoiManagerRun() {}

	public static void main(String[] args) throws Exception {
		Path model = Path.of(args[0]), output = Path.of(args[1]), scores = Path.of(args[2]);
		Phantom.Case q = PhantomQuality.query();
		ImagePlus imp = ImagePlusVolumes.toImagePlus(q.image(), "phantom");
		RoiManager rm = new RoiManager();
		for (Roi r : PhantomQualityFijiTest.rois(PhantomQuality.supportLabels(q.truth()))) rm.addRoi(r);
		int code = 1;
		Context context = new Context();
		try {
			if (RoiManager.getInstance() != rm || rm.getCount() == 0) throw new IllegalStateException("the ROI Manager holds no ROIs");
			Map<String, Object> in = PhantomQualityFijiTest.inputs(model, imp, "output", output.toString(), "output_scores", scores.toString());
			CommandInfo info = PhantomQualityFijiTest.segmentVolume(context.service(CommandService.class));
			Module m = context.service(ModuleService.class).run(info, true, in).get();
			if (m.getOutput("segmentation") == null) System.err.println("no segmentation: " + ((org.scijava.Cancelable) m).getCancelReason());
			else code = 0;
		} finally {
			rm.close();
			context.dispose();
		}
		System.exit(code);
	}
}
