package sc.fiji.revsam2.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import ij.ImagePlus;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import sc.fiji.revsam2.algorithm.LabelSupports;
import sc.fiji.revsam2.algorithm.Method;
import sc.fiji.revsam2.algorithm.MultiClassSegmenter;
import sc.fiji.revsam2.algorithm.ObjectClass;
import sc.fiji.revsam2.algorithm.RevSam2Options;
import sc.fiji.revsam2.algorithm.SegmentationResult;
import sc.fiji.revsam2.io.ImagePlusVolumes;
import sc.fiji.revsam2.io.NiftiImagePlus;
import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.InstalledModels;
import sc.fiji.revsam2.sam2.ModelFolderException;
import sc.fiji.revsam2.sam2.TestModel;
import sc.fiji.revsam2.sam2.TfSam2Model;
import sc.fiji.revsam2.task.CancelledException;
import sc.fiji.revsam2.task.TaskMonitor;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Volume;

/**
 * One segmentation as the Fiji commands run it, shared by the SciJava command and the
 * ImageJ 1.x shim: checks the inputs, builds the supports and options, runs
 * {@link MultiClassSegmenter}, and makes the label image, the scores table and (if asked) the
 * ROIs, saving them when paths are given. Every problem the user can fix ends as a
 * {@link Failure} with a one-line message, before anything is shown or written.
 */
public final class SegmentationRun {

	/** A run that cannot go on: the message is for the user; {@code cancelled} when the user stopped it. */
	public static final class Failure extends Exception {
		private static final long serialVersionUID = 1L;
		private final boolean cancelled;

		Failure(String message, boolean cancelled, Throwable cause) {
			super(message, cause);
			this.cancelled = cancelled;
		}

		public boolean cancelled() { return cancelled; }
	}

	/** The inputs of a run; fields left alone keep the defaults of the commands. */
	public static final class Request {
		public ImagePlus image;
		public int channel = 1;
		public int frame = 1;
		public SupportMode supports = SupportMode.ROIS;
		/** The ROIs of {@link SupportMode#ROIS} (null: {@link RoiSupports#find} on the image). */
		public Roi[] rois;
		public ImagePlus labels;
		public ImagePlus atlas;
		public ImagePlus atlasLabels;
		/** Class names for label images: "1=liver, 2=spleen". */
		public String names = "";
		public String model = "";
		public Path modelsRoot = InstalledModels.root();
		public int k = 10;
		public String window = IntensityWindows.MIN_MAX;
		public String method = Method.REVSAM2.id();
		public String device = "cpu";
		/** float32 (default) or bfloat16 ({@link sc.fiji.revsam2.sam2.Precision}). */
		public String precision = "float32";
		/** 1-based, inclusive; 0 = from the first / to the last slice. */
		public int firstSlice;
		public int lastSlice;
		public boolean addRois;
		public String saveLabels = "";
		public String saveScores = "";
	}

	/** What a run made. {@code rois} is empty unless asked for. */
	public record Output(ImagePlus labels, ResultsTable scores, List<Roi> rois, SegmentationResult result, List<ObjectClass> classes) {}

	private SegmentationRun() {}

	/**
	 * Runs a request.
	 * @param warn receives messages the user should see (the test-model warning, save warnings)
	 * @throws Failure with a one-line message for bad input, a missing model, a failed save or a cancel
	 */
	public static Output run(Request r, TaskMonitor monitor, Consumer<String> warn) throws Failure {
		try {
			return doRun(r, monitor, warn);
		} catch (CancelledException e) {
			throw new Failure("Cancelled", true, e);
		} catch (IllegalArgumentException | ModelFolderException e) {
			throw new Failure(e.getMessage(), false, e);
		} catch (IOException e) {
			throw new Failure("Cannot save the results: " + e.getMessage(), false, e);
		}
	}

	private static Output doRun(Request r, TaskMonitor monitor, Consumer<String> warn) throws IOException {
		ImagePlus imp = r.image;
		checkVolumeImage(imp, "image");
		Path labelsFile = outputPath(r.saveLabels, true);
		Path scoresFile = outputPath(r.saveScores, false);
		Volume query = ImagePlusVolumes.toVolume(imp, r.channel, r.frame);
		List<ObjectClass> classes = classes(r, query);
		RevSam2Options options = options(r, query.depth());
		ComputeDevice device = ModelChoice.device(r.device);
		monitor.progress("loading the model", 0);
		SegmentationResult result;
		try (TfSam2Model model = ModelChoice.load(r.model, r.modelsRoot, device, sc.fiji.revsam2.sam2.Precision.parse(r.precision))) {
			if (ModelChoice.isTestModel(r.model)) warn.accept(TestModel.WARNING);
			result = new MultiClassSegmenter(model, options).segment(query, classes, monitor);
		}
		monitor.checkCancelled();
		int maxLabel = classes.stream().mapToInt(ObjectClass::label).max().orElse(1);
		ImagePlus labels = LabelImages.create(result.labels(), maxLabel, imp, LabelImages.title(imp));
		NiftiImagePlus.storedHeader(imp).ifPresent(h -> NiftiImagePlus.storeHeader(labels, h));
		ResultsTable table = ScoresTable.create(result, query.depth());
		List<Roi> rois = r.addRois ? MaskRois.create(result.labels(), classes, imp) : List.of();
		if (scoresFile != null) ScoresTable.saveCsv(table, scoresFile);
		if (labelsFile != null) saveLabels(labels, labelsFile, warn);
		return new Output(labels, table, rois, result, classes);
	}

	/** A Z stack (or hyperstack with several slices) that is not RGB. */
	static void checkVolumeImage(ImagePlus imp, String role) {
		if (imp == null) throw new IllegalArgumentException("No " + role + ": open a volume (a Z stack) first");
		if (imp.getBitDepth() == 24) throw new IllegalArgumentException(imp.getTitle() + ": " + ImagePlusVolumes.RGB_MESSAGE);
		if (imp.getNSlices() < 2) {
			String hint = imp.getNFrames() > 1 ? " (its " + imp.getNFrames() + " planes are time frames: make them slices with Image > Hyperstacks > Re-order Hyperstack)" : "";
			throw new IllegalArgumentException(imp.getTitle() + " is a 2D image" + hint + "; RevSAM2 segments a Z stack");
		}
	}

	private static List<ObjectClass> classes(Request r, Volume query) {
		switch (r.supports) {
			case ROIS: {
				Roi[] rois = r.rois != null ? r.rois : RoiSupports.find(r.image);
				return RoiSupports.classes(r.image, query, rois);
			}
			case LABEL_IMAGE: {
				if (r.labels == null) throw new IllegalArgumentException("No label image: choose the label image of the supports (labels=<title>)");
				if (r.labels == r.image) throw new IllegalArgumentException("The label image is the image to segment itself: choose the image holding the labels");
				return fromLabels(query, r.labels, r.frame, names(r.names), "label image");
			}
			case OTHER_IMAGE: {
				if (r.atlas == null || r.atlasLabels == null) {
					throw new IllegalArgumentException("Supports from another image need that image and its label image (atlas=<title> atlaslabels=<title>)");
				}
				checkVolumeImage(r.atlas, "support image");
				int c = Math.min(r.channel, r.atlas.getNChannels()), t = Math.min(r.frame, r.atlas.getNFrames());
				Volume source = ImagePlusVolumes.toVolume(r.atlas, c, t);
				return fromLabels(source, r.atlasLabels, t, names(r.names), "label image of " + r.atlas.getTitle());
			}
			default:
				throw new IllegalStateException();
		}
	}

	private static List<ObjectClass> fromLabels(Volume source, ImagePlus labelImp, int frame, Map<Integer, String> names, String role) {
		if (labelImp.getBitDepth() == 24) throw new IllegalArgumentException("The " + role + " " + labelImp.getTitle() + " is RGB; label images are 8-, 16- or 32-bit");
		if (labelImp.getWidth() != source.width() || labelImp.getHeight() != source.height() || labelImp.getNSlices() != source.depth()) {
			throw new IllegalArgumentException("The " + role + " " + labelImp.getTitle() + " is " + labelImp.getWidth() + "x" + labelImp.getHeight() + "x"
				+ labelImp.getNSlices() + " but its image is " + source.width() + "x" + source.height() + "x" + source.depth() + ": they must have the same size");
		}
		LabelVolume lv = ImagePlusVolumes.toLabelVolume(labelImp, 1, Math.min(frame, labelImp.getNFrames()));
		List<ObjectClass> classes = LabelSupports.classes(source, lv, names);
		if (classes.isEmpty()) throw new IllegalArgumentException("The " + role + " " + labelImp.getTitle() + " is empty: label the object on one or more slices");
		return classes;
	}

	/** Parses "1=liver, 2=spleen" (also ';' or new lines between pairs). */
	static Map<Integer, String> names(String text) {
		Map<Integer, String> out = new LinkedHashMap<>();
		if (text == null || text.isBlank()) return out;
		for (String pair : text.split("[,;\\n]")) {
			if (pair.isBlank()) continue;
			String[] kv = pair.split("=", 2);
			try {
				if (kv.length != 2 || kv[1].isBlank()) throw new NumberFormatException();
				out.put(Integer.parseInt(kv[0].trim()), kv[1].trim());
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("class names '" + text + "': write them as label=name pairs, e.g. 1=liver, 2=spleen");
			}
		}
		return out;
	}

	private static RevSam2Options options(Request r, int depth) {
		RevSam2Options o = new RevSam2Options().k(r.k).window(IntensityWindows.parse(r.window)).method(Method.parse(r.method));
		int first = r.firstSlice <= 0 ? 1 : r.firstSlice, last = r.lastSlice <= 0 ? depth : r.lastSlice;
		if (first > depth || last > depth || first > last) {
			throw new IllegalArgumentException("slice range " + first + "-" + last + " is not within the image's slices 1-" + depth);
		}
		if (first != 1 || last != depth) o.sliceRange(first - 1, last - 1);
		return o;
	}

	/** The path to save to, checked before the run (null when blank). */
	private static Path outputPath(String text, boolean labels) {
		if (text == null || text.isBlank()) return null;
		Path p = Paths.get(text.trim()).toAbsolutePath();
		if (labels && !isTiff(p) && !isNifti(p)) {
			throw new IllegalArgumentException("cannot save labels as " + p.getFileName() + ": the name must end in .tif, .nii or .nii.gz");
		}
		if (p.getParent() == null || !Files.isDirectory(p.getParent())) throw new IllegalArgumentException("cannot save to " + p + ": its folder does not exist");
		return p;
	}

	private static boolean isTiff(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".tif") || n.endsWith(".tiff");
	}

	private static boolean isNifti(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".nii") || n.endsWith(".nii.gz");
	}

	/** Writes the label image as NIfTI or TIFF; the file appears complete or not at all. */
	static void saveLabels(ImagePlus labels, Path file, Consumer<String> warn) throws IOException {
		if (isNifti(file)) {
			for (String w : NiftiImagePlus.save(labels, file, null)) warn.accept(file.getFileName() + ": " + w);
			return;
		}
		Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
		try {
			if (!new FileSaver(labels).saveAsTiff(tmp.toString())) throw new IOException("ImageJ could not write " + file);
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} finally {
			Files.deleteIfExists(tmp);
		}
	}

	/** Names of the classes as "1 liver, 2 spleen". */
	static String describe(List<ObjectClass> classes) {
		List<String> s = new ArrayList<>();
		for (ObjectClass c : classes) s.add(c.label() + " " + c.name() + " (" + c.supports().size() + " support slice" + (c.supports().size() == 1 ? "" : "s") + ")");
		return String.join(", ", s);
	}
}
