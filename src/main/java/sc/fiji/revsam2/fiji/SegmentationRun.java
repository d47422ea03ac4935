package sc.fiji.revsam2.fiji;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import sc.fiji.revsam2.algorithm.MultiClassSegmenter;
import sc.fiji.revsam2.algorithm.ObjectClass;
import sc.fiji.revsam2.algorithm.RevSam2Options;
import sc.fiji.revsam2.algorithm.SegmentationResult;
import sc.fiji.revsam2.io.ImagePlusVolumes;
import sc.fiji.revsam2.io.NiftiHeader;
import sc.fiji.revsam2.io.NiftiImagePlus;
import sc.fiji.revsam2.io.NiftiWriter;
import sc.fiji.revsam2.io.VolumeIOException;
import sc.fiji.revsam2.request.OutputCheck;
import sc.fiji.revsam2.request.RequestText;
import sc.fiji.revsam2.request.SegmentationRequest;
import sc.fiji.revsam2.request.SupportClasses;
import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.InstalledModels;
import sc.fiji.revsam2.sam2.ModelFolderException;
import sc.fiji.revsam2.sam2.PhantomModel;
import sc.fiji.revsam2.sam2.Sam2Model;
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

	/**
	 * The inputs of a run: the images and the Fiji choices, and the {@link SegmentationRequest}
	 * shared with the command line. Fields left alone keep the defaults of the commands.
	 */
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
		public String model = "";
		public Path modelsRoot = InstalledModels.root();
		public String device = "cpu";
		public boolean addRois;
		public SegmentationRequest settings = SegmentationRequest.defaults();

		/**
		 * A request from the macro keys of both Fiji commands ({@code supports}, {@code names},
		 * {@code k}, {@code window}, {@code method}, {@code first_slice}, {@code last_slice},
		 * {@code output}, ...), each value as the SciJava command holds it or as macro text;
		 * images as {@link ImagePlus} or by title. Absent keys keep their defaults; the text forms
		 * are read by {@link RequestText}, as on the command line.
		 * @throws IllegalArgumentException naming the key and what is wrong with its value
		 */
		public static Request fromKeys(Map<String, ?> in) {
			Request r = new Request();
			if (in.get("image") instanceof ImagePlus imp) r.image = imp;
			r.channel = integer(in, "channel", 1);
			r.frame = integer(in, "frame", 1);
			r.supports = SupportMode.parse(text(in, "supports", SupportMode.ROIS.label()));
			r.labels = image(in, "labels");
			r.atlas = image(in, "atlas");
			r.atlasLabels = image(in, "atlaslabels");
			r.model = text(in, "model", "");
			r.device = text(in, "device", "cpu");
			r.addRois = Boolean.TRUE.equals(in.get("add_rois")) || "true".equalsIgnoreCase(String.valueOf(in.get("add_rois")));
			r.settings = new SegmentationRequest(RequestText.classNames("names", text(in, "names", "")),
				RequestText.sliceRange("first_slice/last_slice", integer(in, "first_slice", 0), integer(in, "last_slice", 0)),
				RequestText.window("window", text(in, "window", "")), RequestText.method("method", text(in, "method", "")),
				integer(in, "k", SegmentationRequest.DEFAULT_K), 0, SegmentationRequest.DEFAULT_FILL_HOLES, RequestText.precision("precision", text(in, "precision", "")),
				outputPath("output", text(in, "output", ""), true), outputPath("output_scores", text(in, "output_scores", ""), false));
			return r;
		}

		private static String text(Map<String, ?> in, String key, String def) {
			Object v = in.get(key);
			return v == null ? def : v.toString();
		}

		private static int integer(Map<String, ?> in, String key, int def) {
			Object v = in.get(key);
			if (v == null) return def;
			double d;
			try {
				d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException(key + "=" + v + " is not a number");
			}
			if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) throw new IllegalArgumentException(key + "=" + v + " is not a whole number");
			return (int) d;
		}

		private static ImagePlus image(Map<String, ?> in, String key) {
			Object v = in.get(key);
			if (v instanceof ImagePlus imp) return imp;
			String title = v == null ? "" : v.toString();
			if (title.isBlank() || title.equals(NO_IMAGE)) return null;
			ImagePlus imp = WindowManager.getImage(title);
			if (imp == null) throw new IllegalArgumentException("There is no open image titled '" + title + "'");
			return imp;
		}
	}

	/** The image choice that means none. */
	public static final String NO_IMAGE = "(none)";

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
		} catch (IllegalArgumentException | ModelFolderException | sc.fiji.revsam2.sam2.EngineUnavailableException e) {
			throw new Failure(e.getMessage(), false, e);
		} catch (IOException e) {
			throw new Failure("Cannot save the results: " + e.getMessage(), false, e);
		}
	}

	private static Output doRun(Request r, TaskMonitor monitor, Consumer<String> warn) throws IOException {
		ImagePlus imp = r.image;
		checkVolumeImage(imp, "image");
		SegmentationRequest settings = r.settings;
		Volume query = ImagePlusVolumes.toVolume(imp, r.channel, r.frame);
		List<ObjectClass> classes = classes(r, query, warn);
		RevSam2Options options = settings.options(query.depth(), "first_slice/last_slice", imp.getTitle(), warn);
		ComputeDevice device = ModelChoice.device(r.device);
		// the query's NIfTI header goes to the writer as data; one that no longer fits the image (cropped) is not used
		Optional<NiftiHeader> header = NiftiImagePlus.storedHeader(imp)
			.filter(h -> h.nx() == query.width() && h.ny() == query.height() && h.nz() == query.depth() && h.volumeCount() == 1);
		if (settings.labelsOutput() != null && isNifti(settings.labelsOutput())) checkLabelsHeader(settings.labelsOutput(), query, header.orElse(null));
		monitor.progress("loading the model", 0);
		SegmentationResult result;
		try (Sam2Model model = ModelChoice.load(r.model, r.modelsRoot, device, settings.precision(), warn)) {
			if (ModelChoice.isTestModel(r.model)) warn.accept(PhantomModel.WARNING);
			result = new MultiClassSegmenter(model, options).segment(query, classes, monitor);
		}
		monitor.checkCancelled();
		int maxLabel = classes.stream().mapToInt(ObjectClass::label).max().orElse(1);
		ImagePlus labels = LabelImagePlus.create(result.labels(), maxLabel, imp, LabelImagePlus.title(imp));
		header.ifPresent(h -> NiftiImagePlus.storeHeader(labels, h));
		ResultsTable table = ScoresTable.create(result, query.depth());
		List<Roi> rois = r.addRois ? MaskRois.create(result.labels(), classes, imp) : List.of();
		if (settings.scoresOutput() != null) ScoresTable.saveCsv(table, createParent(settings.scoresOutput()));
		if (settings.labelsOutput() != null) saveLabels(labels, result.labels(), header.orElse(null), settings.labelsOutput());
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

	private static List<ObjectClass> classes(Request r, Volume query, Consumer<String> warn) {
		switch (r.supports) {
			case ROIS: {
				Roi[] rois = r.rois != null ? r.rois : RoiSupports.find(r.image);
				List<ObjectClass> classes = RoiSupports.classes(r.image, query, rois);
				SupportClasses.warnMany(classes, warn);
				return classes;
			}
			case LABEL_IMAGE: {
				if (r.labels == null) throw new IllegalArgumentException("No label image: choose the label image of the supports (labels=<title>)");
				if (r.labels == r.image) throw new IllegalArgumentException("The label image is the image to segment itself: choose the image holding the labels");
				return fromLabels(query, r.labels, r.frame, r.settings, "label image", warn);
			}
			case OTHER_IMAGE: {
				if (r.atlas == null || r.atlasLabels == null) {
					throw new IllegalArgumentException("Supports from another image need that image and its label image (atlas=<title> atlaslabels=<title>)");
				}
				checkVolumeImage(r.atlas, "support image");
				int c = Math.min(r.channel, r.atlas.getNChannels()), t = Math.min(r.frame, r.atlas.getNFrames());
				Volume source = ImagePlusVolumes.toVolume(r.atlas, c, t);
				return fromLabels(source, r.atlasLabels, t, r.settings, "label image of " + r.atlas.getTitle(), warn);
			}
			default:
				throw new IllegalStateException();
		}
	}

	private static List<ObjectClass> fromLabels(Volume source, ImagePlus labelImp, int frame, SegmentationRequest settings, String role, Consumer<String> warn) {
		if (labelImp.getBitDepth() == 24) throw new IllegalArgumentException("The " + role + " " + labelImp.getTitle() + " is RGB; label images are 8-, 16- or 32-bit");
		if (labelImp.getWidth() != source.width() || labelImp.getHeight() != source.height() || labelImp.getNSlices() != source.depth()) {
			throw new IllegalArgumentException("The " + role + " " + labelImp.getTitle() + " is " + labelImp.getWidth() + "x" + labelImp.getHeight() + "x"
				+ labelImp.getNSlices() + " but its image is " + source.width() + "x" + source.height() + "x" + source.depth() + ": they must have the same size");
		}
		LabelVolume lv = ImagePlusVolumes.toLabelVolume(labelImp, 1, Math.min(frame, labelImp.getNFrames()));
		SupportClasses supports = new SupportClasses();
		supports.add(source, lv, null);
		if (supports.isEmpty()) throw new IllegalArgumentException("The " + role + " " + labelImp.getTitle() + " is empty: label the object on one or more slices");
		return supports.classes(settings.classNames(), "names", warn);
	}

	/** The output's NIfTI header can be made (NIfTI-2 chosen where NIfTI-1 cannot hold the query's header). */
	private static void checkLabelsHeader(Path file, Volume query, NiftiHeader geometry) {
		try {
			NiftiWriter.defaults().labelHeader(file, query.width(), query.height(), query.depth(), query.spacing(), geometry, LabelVolume.MAX_LABEL);
		} catch (VolumeIOException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
	}

	/** The path to save to, checked before the run (null when blank). */
	static Path outputPath(String key, String text, boolean labels) {
		if (text == null || text.isBlank()) return null;
		Path p = Paths.get(text.trim()).toAbsolutePath();
		if (labels && !isTiff(p) && !isNifti(p)) {
			throw new IllegalArgumentException("cannot save labels as " + p.getFileName() + ": the name must end in .tif, .nii or .nii.gz");
		}
		// missing folders are created when saving, as on the command line; the nearest existing one must be writable now
		OutputCheck.writable(key, p);
		return p;
	}

	/** Creates the folder an output goes into (the rule the command line follows too). */
	private static Path createParent(Path file) throws IOException {
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null && !Files.isDirectory(parent)) Files.createDirectories(parent);
		return file;
	}

	private static boolean isTiff(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".tif") || n.endsWith(".tiff");
	}

	private static boolean isNifti(Path p) {
		String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
		return n.endsWith(".nii") || n.endsWith(".nii.gz");
	}

	/**
	 * Writes the labels as NIfTI (the labels themselves through the command line's writer, with the
	 * query's NIfTI geometry when it has one) or TIFF (the label image); the file appears complete
	 * or not at all.
	 */
	static void saveLabels(ImagePlus labels, LabelVolume volume, NiftiHeader geometry, Path file) throws IOException {
		createParent(file);
		if (isNifti(file)) {
			NiftiWriter.defaults().write(file, volume, geometry);
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
