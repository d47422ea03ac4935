package sc.fiji.revsam2.fiji;

import java.awt.GraphicsEnvironment;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.DynamicCommand;
import org.scijava.log.LogService;
import org.scijava.module.MutableModuleItem;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.ui.DialogPrompt;
import org.scijava.ui.UIService;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import sc.fiji.revsam2.algorithm.Method;
import sc.fiji.revsam2.request.RequestText;
import sc.fiji.revsam2.sam2.InstalledModels;

/**
 * Plugins>Segmentation>RevSAM2>Segment Volume: segments the active Z stack from a few labelled
 * slices (ROIs on the image, a label image, or another image with its labels). Output: a label
 * image with the input's size and calibration, the "RevSAM2 scores" table and, if asked, one ROI
 * per class and slice. Parameter names are the macro keys (chosen so that none ends in another
 * after an underscore, which ImageJ's option parser would confuse), e.g.
 * {@code run("Segment Volume", "supports=ROIs model=sam2.1_hiera_tiny k=10 window=abdomen");}
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>RevSAM2>Segment Volume")
public class SegmentVolumeCommand extends DynamicCommand {

	@Parameter(label = "Volume", persist = false, description = "The Z stack (or hyperstack) to segment")
	private ImagePlus image;

	@Parameter(label = "Channel", min = "1", description = "Channel of a multi-channel image (1 = first)")
	private int channel = 1;

	@Parameter(label = "Time point", min = "1", description = "Time point of a time series (1 = first)")
	private int frame = 1;

	@Parameter(label = "Supports from", choices = { "ROIs", "label image", "other image + labels" },
		description = "ROIs: outlines on slices of this image (ROI Manager, else overlay); label image: a label image of this image; other image + labels: an atlas or another patient and its labels")
	private String supports = "ROIs";

	@Parameter(label = "Label image", required = false, persist = false, autoFill = false, description = "For 'label image': labels of this image, same size")
	private ImagePlus labels;

	@Parameter(label = "Other image", required = false, persist = false, autoFill = false, description = "For 'other image + labels': the labelled image")
	private ImagePlus atlas;

	@Parameter(label = "Its label image", required = false, persist = false, autoFill = false, description = "For 'other image + labels': its labels, same size as it")
	private ImagePlus atlaslabels;

	@Parameter(label = "Class names", required = false, description = "For label images: label=name pairs, e.g. 1=liver, 2=spleen")
	private String names = "";

	@Parameter(label = "Model", initializer = "initModel", description = "An installed SAM2 model, or the test model (random weights) to try the plugin")
	private String model;

	@Parameter(label = "Conditioning slices (k)", min = "1", description = "How many best-scored slices condition the final propagation")
	private int k = 10;

	@Parameter(label = "Intensity window", initializer = "initWindow", description = "min-max, a CT preset, lo:hi or width,level")
	private String window = RequestText.MIN_MAX;

	@Parameter(label = "Method", initializer = "initMethod", description = "RevSAM2 or a baseline of the paper's ablation")
	private String method = Method.REVSAM2.id();

	@Parameter(label = "Device", choices = { "cpu", "gpu", "auto" })
	private String device = "cpu";

	@Parameter(label = "Precision", choices = { "float32", "bfloat16" }, description = "bfloat16: faster on CPUs with AVX512-BF16/AMX, masks differ slightly")
	private String precision = "float32";

	@Parameter(label = "First slice (0 = first)", min = "0")
	private int first_slice;

	@Parameter(label = "Last slice (0 = last)", min = "0")
	private int last_slice;

	@Parameter(label = "Add ROIs to ROI Manager")
	private boolean add_rois;

	@Parameter(label = "Save labels to (optional)", required = false, description = "A .tif, .nii or .nii.gz file for the label image (for headless runs)")
	private String output = "";

	@Parameter(label = "Save scores to (optional)", required = false, description = "A .csv file for the scores table (for headless runs)")
	private String output_scores = "";

	@Parameter(type = ItemIO.OUTPUT, label = "Segmentation")
	private ImagePlus segmentation;

	@Parameter
	private LogService log;

	@Parameter(required = false)
	private UIService ui;

	@Parameter(required = false)
	private StatusService status;

	private ResultsTable scores;
	private List<Roi> rois = List.of();

	protected void initModel() {
		MutableModuleItem<String> item = getInfo().getMutableInput("model", String.class);
		List<String> choices = ModelChoice.labelledChoices(InstalledModels.root());
		item.setChoices(choices);
		if (model == null || model.isBlank()) model = choices.get(0);
	}

	protected void initWindow() {
		getInfo().getMutableInput("window", String.class).setChoices(List.of(RequestText.windowChoices()));
	}

	protected void initMethod() {
		getInfo().getMutableInput("method", String.class).setChoices(List.of(RequestText.methodChoices()));
	}

	@Override
	public void run() {
		FijiTaskMonitor monitor = new FijiTaskMonitor("RevSAM2", status, this::isCanceled);
		try {
			SegmentationRun.Output out = SegmentationRun.run(SegmentationRun.Request.fromKeys(getInputs()), monitor, this::warn);
			monitor.done("RevSAM2: done");
			log.info("RevSAM2 segmented " + image.getTitle() + ": " + SegmentationRun.describe(out.classes()));
			scores = out.scores();
			rois = out.rois();
			RunOutputs.showTable(scores);
			if (add_rois) log.info("RevSAM2: " + rois.size() + " ROIs added to " + RunOutputs.addRois(rois, out.labels()));
			segmentation = out.labels();
		} catch (SegmentationRun.Failure e) {
			monitor.done(e.cancelled() ? "RevSAM2: cancelled" : "");
			fail(e.getMessage(), e.cancelled());
		} catch (IllegalArgumentException e) {
			monitor.done("");
			fail(e.getMessage(), false);
		}
	}

	/** The scores table of the last run (also shown in its window when there is a GUI). */
	public ResultsTable scores() { return scores; }

	/** The ROIs of the last run (empty unless add_rois). */
	public List<Roi> rois() { return rois; }

	private void warn(String message) {
		log.warn(message);
		if (!GraphicsEnvironment.isHeadless()) RunOutputs.log(message);
	}

	/** Cancels with the message and shows it: a dialog in the GUI (not for a user's own cancel), the log when headless. */
	private void fail(String message, boolean userCancelled) {
		cancel(message);
		if (userCancelled) {
			log.info("RevSAM2: " + message);
			return;
		}
		log.error("RevSAM2: " + message);
		if (ui != null && !ui.isHeadless()) ui.showDialog(message, "RevSAM2", DialogPrompt.MessageType.ERROR_MESSAGE);
	}
}
