package sc.fiji.revsam2.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.revsam2.algorithm.Method;
import sc.fiji.revsam2.algorithm.MultiClassSegmenter;
import sc.fiji.revsam2.algorithm.ObjectClass;
import sc.fiji.revsam2.algorithm.RevSam2Options;
import sc.fiji.revsam2.algorithm.SegmentationResult;
import sc.fiji.revsam2.algorithm.StageReport;
import sc.fiji.revsam2.algorithm.Support;
import sc.fiji.revsam2.io.NiftiWriter;
import sc.fiji.revsam2.io.VolumeFile;
import sc.fiji.revsam2.io.VolumeIOException;
import sc.fiji.revsam2.request.OutputCheck;
import sc.fiji.revsam2.sam2.Precision;
import sc.fiji.revsam2.request.RequestText;
import sc.fiji.revsam2.request.SegmentationRequest;
import sc.fiji.revsam2.request.SliceRange;
import sc.fiji.revsam2.request.SupportClasses;
import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.ModelCallStats;
import sc.fiji.revsam2.task.CancelledException;
import sc.fiji.revsam2.volume.IntensityWindow;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Volume;

/** {@code revsam2 segment}: one query volume, or a batch of them with the model loaded once. */
final class SegmentCommand {

	static final String HELP = """
		Usage: revsam2 segment <query volume> (--labels <labels> | --support <volume> --support-labels <labels> ...)
		                       --output <result.nii.gz> [options]
		       revsam2 segment --batch <folder or list file> --output-dir <folder> --support ... [options]

		Segments a 3D volume (NIfTI .nii/.nii.gz, TIFF stack, DICOM file or DICOM folder) from a few
		labelled 2D slices with SAM2 and RevSAM2. Every label value of the support label volumes is a
		class; all classes are segmented in one run and written to one label volume with the query's
		NIfTI geometry (it opens aligned with the query in ITK-SNAP, 3D Slicer, Fiji).

		Supports (at least one of):
		  --labels FILE              label volume drawn on the query itself: every slice holding a label is a
		                             support of that class
		  --support FILE             another volume (atlas, another patient) ...
		  --support-labels FILE      ... and its label volume (same size as that volume)
		  --support-slices LIST      ... using only these slices, 1-based, e.g. 3,7,12 or 3-5 (default: every
		                             slice where a label occurs)
		                             Repeat --support/--support-labels[/--support-slices] for several volumes.
		Query and output:
		  <query> or --query FILE    the volume to segment
		  --output FILE              result label volume (.nii.gz or .nii), written atomically
		  --overwrite                replace existing output files
		  --report FILE              report (.json or .csv): per-class per-slice scores, selected slices,
		                             per-stage timings and model call counts (overwritten if it exists)
		Batch (the model is loaded once):
		  --batch PATH               a folder (its .nii/.nii.gz/.tif/.tiff/.dcm files but *_revsam2.nii.gz) or a text
		                             file listing one volume per line (# comments; relative to the list's folder)
		  --output-dir DIR           where <query>_revsam2.nii.gz files go (created if missing)
		  --skip-existing            skip volumes whose output exists (for resubmitted jobs)
		                             A failing volume is reported and the others go on; exit code 5 if any failed.
		Model:
		  --model NAME|FOLDER        an installed model (name under the models folder) or a model folder
		                             (default: the preferred installed model, sam2.1_hiera_tiny if present)
		  --test-model               the bundled phantom model: trained only on synthetic phantoms, to show the plugin working
		  --device cpu|gpu|auto      where TensorFlow runs (default cpu; gpu needs the GPU build, auto = GPU if available)
		  --precision fp32|bf16      arithmetic (default fp32; bf16: TensorFlow's oneDNN bfloat16 on the CPU,
		                             faster on CPUs with AVX512-BF16/AMX, masks differ slightly)
		Method:
		  --k N                      conditioning slices for self-propagation (default 10, clamped to the slices)
		  --method NAME              revsam2 (default), forward, forward-query or random (the paper's baselines)
		  --seed N                   seed of the random baseline (default 0)
		  --window SPEC              intensity window: min-max (default), abdomen, lung, bone, brain, liver,
		                             mediastinum, width,level (400,40), W400/L40 or lo:hi (-160:240)
		  --slices FIRST-LAST        segment only these query slices, 1-based inclusive, LAST clamped to the
		                             volume (others stay 0)
		  --fill-holes N             fill holes up to N low-resolution pixels in each mask (default 8, 0 = off)
		  --class-names LIST         names for the report, e.g. 1=liver,2=spleen
		Other:
		  --debug                    stack traces for errors
		  --quiet, -q                no progress on stderr (warnings and errors still)
		  --help, -h                 this help

		Examples:
		  revsam2 segment ct.nii.gz --labels ct_3slices.nii.gz --output ct_revsam2.nii.gz --window abdomen
		  revsam2 segment ct.nii.gz --support atlas.nii.gz --support-labels atlas_labels.nii.gz \\
		      --support-slices 20,35,50 --class-names 1=liver,2=spleen --output ct_seg.nii.gz --report ct_seg.json
		  revsam2 segment --batch scans.txt --output-dir results --support atlas.nii.gz \\
		      --support-labels atlas_labels.nii.gz --report results/summary.csv
		""" + "\n" + Exit.TABLE;

	/** Batch outputs are named {@code <query>_revsam2.nii.gz}; files so named are not queries of a folder batch. */
	static final String OUTPUT_SUFFIX = BatchInputs.OUTPUT_SUFFIX;

	static Args.Spec spec() {
		return new Args.Spec("segment").positionals(1).value("--query").value("--labels").values("--support").values("--support-labels")
			.values("--support-slices").value("--output").flag("--overwrite").value("--report").value("--batch").value("--output-dir")
			.flag("--skip-existing").value("--model").flag("--test-model").value("--device").value("--precision").value("--k").value("--method").value("--seed")
			.value("--window").value("--slices").value("--fill-holes").value("--class-names");
	}

	/**
	 * A support volume, its labels and the slices to use (1-based; null = all labelled slices).
	 * {@code slicesText} is the --support-slices text, expanded into {@code slices} only once the
	 * volume's depth is known.
	 */
	record SupportSet(Path image, Path labels, String slicesText, int[] slices) {
		SupportSet(Path image, Path labels, int[] slices) {
			this(image, labels, null, slices);
		}
	}

	/** The settings every query of a run shares: the command line's view of a {@link SegmentationRequest}. */
	record Settings(int k, Method method, long seed, IntensityWindow window, int[] slices, int fillHoles, Map<Integer, String> names, Precision precision) {
		SegmentationRequest request() {
			SliceRange range = slices == null ? SliceRange.ALL : new SliceRange(slices[0], slices[1]);
			return new SegmentationRequest(names, range, window, method, k, seed, fillHoles, precision, null, null);
		}

		RevSam2Options options(int depth) {
			return request().options(depth, "--slices", "the query", null);
		}
	}

	/** Size, voxel size and format of a query, for the summary and the report. */
	record VolumeInfo(String size, String spacing, String format) {
		static VolumeInfo of(VolumeFile vf) {
			return new VolumeInfo(Inputs.size(vf.volume()), Inputs.spacing(vf.volume().spacing()), vf.format());
		}
	}

	/**
	 * The result of one query volume: what the summary and the report need, without the volumes
	 * themselves (a batch keeps one outcome per volume).
	 */
	record Outcome(Path query, Path output, String status, int exitCode, String error, VolumeInfo info, List<SegmentationResult.ClassResult> classes,
		double readSeconds, double segmentSeconds, double writeSeconds) {
		static Outcome failed(Path query, Path output, CliException e) {
			return new Outcome(query, output, "failed", e.exitCode(), e.getMessage(), null, null, 0, 0, 0);
		}

		static Outcome done(Path query, Path output, VolumeFile vf, SegmentationResult r, double read, double segment, double write) {
			return new Outcome(query, output, "ok", Exit.OK, null, VolumeInfo.of(vf), r.classes(), read, segment, write);
		}
	}

	private final Context ctx;
	/** The file each support volume was read from, for the report. */
	private final Map<Volume, Path> sourceFiles = new IdentityHashMap<>();
	/** Volumes read, by file: a file given twice (e.g. the query as a support) is read, and its slices encoded, once. */
	private final Map<Path, VolumeFile> read = new HashMap<>();

	SegmentCommand(Context ctx) {
		this.ctx = ctx;
	}

	int run(Args a) throws CliException {
		// ---- everything that needs no file: usage errors first
		Settings settings = settings(a);
		Models.checkFlags(a);
		ComputeDevice device = Models.device(a);
		List<SupportSet> supportSets = supportSets(a);
		Path queryLabels = a.path("--labels");
		boolean batch = a.has("--batch");
		Path query = query(a);
		if (batch && query != null) throw CliException.usage("give either a query volume or --batch, not both");
		if (!batch && query == null) throw CliException.usage("missing query volume: revsam2 segment <query volume> ... (or --batch)");
		if (queryLabels == null && supportSets.isEmpty()) {
			throw CliException.usage("no supports: give --labels (labels drawn on the query) or --support <volume> --support-labels <labels>");
		}
		if (batch && queryLabels != null) throw CliException.usage("--labels are drawn on one query volume and cannot be used with --batch; use --support/--support-labels");
		Path report = a.path("--report");
		if (report != null) checkReportName(report);
		if (report != null) checkWritable("--report", report);
		List<Path> inputs = new ArrayList<>();
		for (SupportSet s : supportSets) {
			inputs.add(s.image());
			inputs.add(s.labels());
		}
		if (queryLabels != null) inputs.add(queryLabels);
		if (batch) {
			a.exclusive("--batch", "--output");
			Path outDir = Args.toPath("--output-dir", a.require("--output-dir"));
			if (Files.exists(outDir) && !Files.isDirectory(outDir)) throw CliException.usage("--output-dir " + outDir + " is a file, not a folder");
			a.exclusive("--overwrite", "--skip-existing");
			return runBatch(a, Args.toPath("--batch", a.get("--batch")), outDir, supportSets, settings, device, report, inputs);
		}
		if (a.has("--output-dir")) throw CliException.usage("--output-dir is for --batch; give --output <file> for one volume");
		if (a.has("--skip-existing")) throw CliException.usage("--skip-existing is for --batch");
		Path output = Args.toPath("--output", a.require("--output"));
		inputs.add(query);
		Inputs.checkOutput("--output", output, a.has("--overwrite"), inputs.toArray(new Path[0]));
		if (report != null) Inputs.checkNotInput("--report", report, inputs.toArray(new Path[0]));
		if (report != null && Inputs.same(report, output)) throw CliException.usage("--report and --output name the same file");

		checkWritable("--output", output);

		// ---- inputs, then the model, then the work
		VolumeFile q = readVolume(query);
		checkSliceRange(settings, q.volume(), query);
		checkLabelsHeader(output, q);
		SupportClasses byClass = new SupportClasses();
		if (queryLabels != null) {
			LabelVolume l = Inputs.readLabels(queryLabels, ctx);
			Inputs.requireSameSize(l, queryLabels, q.volume(), query);
			if (l.labels().length == 0) throw emptySupport(queryLabels);
			byClass.add(q.volume(), l, null);
		}
		supportSets = readSupports(supportSets, byClass);
		List<ObjectClass> classes = classes(byClass, settings.names());
		ctx.checkCancelled();
		try (Models.Loaded model = Models.load(a, device, false, ctx)) {
			if (model.test()) announceTestModel(ctx);
			printHeader(model, device, settings, classes);
			Outcome o = segmentOne(model, q, classes, settings, output);
			ctx.progress.endLine();
			printOutcome(o);
			if (report != null) writeReport(report, model, device, settings, supportSets, queryLabels, classes, List.of(o));
			return Exit.OK;
		}
	}

	// ------------------------------------------------------------------------------------ flags

	static Settings settings(Args a) throws CliException {
		int k = a.intValue("--k", SegmentationRequest.DEFAULT_K, 1, 100_000);
		long seed = a.longValue("--seed", 0);
		int fill = a.intValue("--fill-holes", SegmentationRequest.DEFAULT_FILL_HOLES, 0, Integer.MAX_VALUE);
		try {
			Method method = RequestText.method("--method", a.get("--method"));
			IntensityWindow window = a.has("--window") ? RequestText.window("--window", a.get("--window")) : IntensityWindow.MIN_MAX;
			SliceRange range = a.has("--slices") ? RequestText.sliceRange("--slices", a.get("--slices")) : null;
			int[] slices = range == null ? null : new int[] { range.first(), range.last() };
			Map<Integer, String> names = RequestText.classNames("--class-names", a.get("--class-names"));
			return new Settings(k, method, seed, window, slices, fill, names, Models.precision(a));
		} catch (IllegalArgumentException e) {
			throw CliException.usage(e.getMessage());
		}
	}

	/** "1=liver,2=spleen" (see {@link RequestText#classNames}). */
	static Map<Integer, String> classNames(String v) throws CliException {
		try {
			return RequestText.classNames("--class-names", v);
		} catch (IllegalArgumentException e) {
			throw CliException.usage(e.getMessage());
		}
	}

	private static Path query(Args a) throws CliException {
		Path positional = a.positionals().isEmpty() ? null : Args.toPath("query volume", a.positionals().get(0));
		Path flag = a.path("--query");
		if (positional != null && flag != null) throw CliException.usage("give the query volume once: either as an argument or with --query");
		return positional != null ? positional : flag;
	}

	/** Groups --support, --support-labels and --support-slices in the order given. */
	static List<SupportSet> supportSets(Args a) throws CliException {
		List<SupportSet> sets = new ArrayList<>();
		Path image = null, labels = null;
		String slicesText = null;
		boolean open = false;
		for (Args.Entry e : a.entries()) {
			switch (e.name()) {
				case "--support" -> {
					if (open) sets.add(closeSet(image, labels, slicesText));
					image = Args.toPath("--support", e.value());
					labels = null;
					slicesText = null;
					open = true;
				}
				case "--support-labels" -> {
					if (!open) throw CliException.usage("--support-labels " + e.value() + " must follow the --support volume it labels");
					if (labels != null) throw CliException.usage("--support " + image + " has two --support-labels; give one label volume per support volume");
					labels = Args.toPath("--support-labels", e.value());
				}
				case "--support-slices" -> {
					if (!open) throw CliException.usage("--support-slices must follow the --support volume it selects slices of");
					if (slicesText != null) throw CliException.usage("--support " + image + " has two --support-slices");
					slicesText = e.value();
					try {
						RequestText.checkSliceList("--support-slices", slicesText);
					} catch (IllegalArgumentException x) {
						throw CliException.usage(x.getMessage());
					}
				}
				default -> { /* not a support option */ }
			}
		}
		if (open) sets.add(closeSet(image, labels, slicesText));
		return sets;
	}

	private static SupportSet closeSet(Path image, Path labels, String slicesText) throws CliException {
		if (labels == null) throw CliException.usage("--support " + image + " needs --support-labels <its label volume>");
		return new SupportSet(image, labels, slicesText, null);
	}

	private static void checkReportName(Path report) throws CliException {
		String n = Inputs.name(report).toLowerCase(Locale.ROOT);
		if (!n.endsWith(".json") && !n.endsWith(".csv")) throw CliException.usage("--report " + report + ": the report name must end in .json or .csv");
		if (Files.isDirectory(report)) throw CliException.usage("--report " + report + " is a folder");
	}

	/** The slice range must start inside the volume; its end is clamped with a warning ({@link SliceRange}). */
	private void checkSliceRange(Settings s, Volume v, Path file) throws CliException {
		try {
			s.request().slices().zeroBased(v.depth(), "--slices", Inputs.name(file), ctx.progress::warn);
		} catch (IllegalArgumentException e) {
			throw CliException.usage(e.getMessage());
		}
	}

	/** Write access to an output, probed before any work ({@link OutputCheck}). */
	static void checkWritable(String flag, Path file) throws CliException {
		try {
			OutputCheck.writable(flag, file);
		} catch (IllegalArgumentException e) {
			throw CliException.input(e.getMessage(), e);
		}
	}

	/** The output's NIfTI header can be made from the query's (NIfTI-2 chosen where NIfTI-1 cannot hold it). */
	private static void checkLabelsHeader(Path output, VolumeFile q) throws CliException {
		try {
			NiftiWriter.defaults().labelHeader(output, q.volume().width(), q.volume().height(), q.volume().depth(), q.volume().spacing(), q.geometry(),
				LabelVolume.MAX_LABEL);
		} catch (VolumeIOException e) {
			throw CliException.input(e.getMessage(), e);
		}
	}

	// ------------------------------------------------------------------------------------ supports

	/** Reads the support sets into {@code byClass}; returns them with their slices expanded (for the report). */
	private List<SupportSet> readSupports(List<SupportSet> sets, SupportClasses byClass) throws CliException {
		List<SupportSet> resolved = new ArrayList<>();
		for (SupportSet s : sets) {
			ctx.checkCancelled();
			VolumeFile img = readVolume(s.image());
			LabelVolume labels = Inputs.readLabels(s.labels(), ctx);
			Inputs.requireSameSize(labels, s.labels(), img.volume(), s.image());
			if (labels.labels().length == 0) throw emptySupport(s.labels());
			int[] oneBased = s.slices();
			if (s.slicesText() != null) {
				try {
					oneBased = RequestText.sliceList("--support-slices", s.slicesText(), labels.depth(), Inputs.name(s.image()));
				} catch (IllegalArgumentException e) {
					throw CliException.usage(e.getMessage());
				}
			}
			int[] zeroBased = null;
			if (oneBased != null) {
				zeroBased = new int[oneBased.length];
				for (int i = 0; i < zeroBased.length; i++) zeroBased[i] = oneBased[i] - 1;
				warnUnlabelled(labels, s.labels(), zeroBased);
			}
			if (byClass.add(img.volume(), labels, zeroBased) == 0) {
				throw CliException.input(Inputs.name(s.labels()) + ": no label on the selected --support-slices " + joinOneBased(zeroBased) + ": empty support set (label at least one of them or choose other --support-slices)", null);
			}
			resolved.add(new SupportSet(s.image(), s.labels(), s.slicesText(), oneBased));
		}
		return resolved;
	}

	private VolumeFile readVolume(Path file) throws CliException {
		Path key = file.toAbsolutePath().normalize();
		VolumeFile vf = read.get(key);
		if (vf == null) {
			vf = Inputs.readVolume(file, ctx);
			read.put(key, vf);
			sourceFiles.put(vf.volume(), file);
		}
		return vf;
	}

	private void warnUnlabelled(LabelVolume labels, Path labelsFile, int[] slices) {
		for (int z : slices) {
			boolean any = false;
			for (short v : labels.slice(z)) {
				if (v != 0) {
					any = true;
					break;
				}
			}
			if (!any) ctx.progress.warn(Inputs.name(labelsFile) + ": support slice " + (z + 1) + " has no label; it is not used");
		}
	}

	private static String joinOneBased(int[] zeroBased) {
		StringBuilder sb = new StringBuilder();
		for (int z : zeroBased) sb.append(sb.length() == 0 ? "" : ",").append(z + 1);
		return sb.toString();
	}

	private static CliException emptySupport(Path labels) {
		return CliException.input(Inputs.name(labels) + ": no labelled voxel (all zero): empty support set; label at least one slice", null);
	}

	private List<ObjectClass> classes(SupportClasses byClass, Map<Integer, String> names) throws CliException {
		if (byClass.isEmpty()) throw CliException.input("empty support set: no label in any support label volume", null);
		return byClass.classes(names, "--class-names", ctx.progress::warn);
	}

	// ------------------------------------------------------------------------------------ running

	/**
	 * Segments one query and writes its labels. Problems with this query are thrown as
	 * {@link CliException}; cancellation as {@link CancelledException}.
	 */
	private Outcome segmentOne(Models.Loaded model, VolumeFile q, List<ObjectClass> classes, Settings settings, Path output) throws CliException {
		long t0 = System.nanoTime();
		SegmentationResult r;
		try {
			r = new MultiClassSegmenter(model.model(), settings.options(q.volume().depth())).segment(q.volume(), classes, ctx.progress);
		} catch (IllegalArgumentException e) {
			throw CliException.input(Inputs.name(q.source()) + ": " + e.getMessage(), e);
		}
		double segment = (System.nanoTime() - t0) / 1e9;
		ctx.checkCancelled();
		ctx.progress.note("writing " + output);
		long t1 = System.nanoTime();
		Inputs.createParent(output);
		try {
			NiftiWriter.defaults().write(output, r.labels(), q.geometry());
		} catch (VolumeIOException e) {
			throw CliException.input(e.getMessage(), e);
		}
		return Outcome.done(q.source(), output, q, r, 0, segment, (System.nanoTime() - t1) / 1e9);
	}

	private int runBatch(Args a, Path batch, Path outDir, List<SupportSet> supportSets, Settings settings, ComputeDevice device, Path report,
		List<Path> supportFiles) throws CliException {
		List<Path> queries = BatchInputs.list(batch);
		if (report != null) Inputs.checkNotInput("--report", report, supportFiles.toArray(new Path[0]));
		SupportClasses byClass = new SupportClasses();
		supportSets = readSupports(supportSets, byClass);
		List<ObjectClass> classes = classes(byClass, settings.names());
		try {
			Files.createDirectories(outDir);
		} catch (IOException e) {
			throw CliException.input("--output-dir " + outDir + ": cannot create it (" + e.getMessage() + ")", e);
		}
		checkWritable("--output-dir", outDir.resolve("probe" + OUTPUT_SUFFIX));
		ctx.checkCancelled();
		List<Outcome> outcomes = new ArrayList<>();
		Map<Path, Path> outputsSeen = new HashMap<>();
		boolean overwrite = a.has("--overwrite"), skip = a.has("--skip-existing");
		int failed = 0, skipped = 0;
		try (Models.Loaded model = Models.load(a, device, false, ctx)) {
			if (model.test()) announceTestModel(ctx);
			printHeader(model, device, settings, classes);
			for (int i = 0; i < queries.size(); i++) {
				ctx.checkCancelled();
				Path q = queries.get(i);
				Path out = outDir.resolve(Inputs.baseName(q) + OUTPUT_SUFFIX);
				ctx.progress.prefix(String.format(Locale.ROOT, "[%d/%d %s] ", i + 1, queries.size(), Inputs.baseName(q)));
				Outcome o;
				long t0 = System.nanoTime();
				try {
					Path earlier = outputsSeen.putIfAbsent(out.toAbsolutePath().normalize(), q);
					if (earlier != null) throw CliException.usage(Inputs.name(q) + ": its output " + out.getFileName() + " would overwrite that of " + earlier);
					List<Path> inputs = new ArrayList<>(supportFiles);
					inputs.add(q);
					if (skip && Files.exists(out)) {
						o = new Outcome(q, out, "skipped", Exit.OK, "output exists", null, null, 0, 0, 0);
						skipped++;
					} else {
						Inputs.checkOutput("output", out, overwrite, inputs.toArray(new Path[0]));
						VolumeFile vf = Inputs.readVolume(q, ctx);
						double read = (System.nanoTime() - t0) / 1e9;
						checkSliceRange(settings, vf.volume(), q);
						checkLabelsHeader(out, vf);
						Outcome done = segmentOne(model, vf, classes, settings, out);
						o = new Outcome(q, out, "ok", Exit.OK, null, done.info(), done.classes(), read, done.segmentSeconds(), done.writeSeconds());
					}
				} catch (CliException e) {
					o = Outcome.failed(q, out, e);
				} catch (CancelledException e) {
					throw e;
				} catch (RuntimeException | OutOfMemoryError e) {
					if (ctx.debug) e.printStackTrace(ctx.err);
					o = Outcome.failed(q, out, new CliException(Exit.INTERNAL, Inputs.name(q) + ": internal error: " + e, e));
				}
				ctx.progress.prefix("");
				ctx.progress.endLine();
				if (o.status().equals("failed")) {
					failed++;
					ctx.err.println("revsam2 segment: error: " + o.error());
					ctx.out.printf(Locale.ROOT, "FAILED  %s: %s%n", o.query(), o.error());
				} else if (o.status().equals("skipped")) {
					ctx.out.printf(Locale.ROOT, "skipped %s: %s exists%n", o.query(), o.output());
				} else {
					printOutcome(o);
				}
				outcomes.add(o);
			}
			ctx.out.printf(Locale.ROOT, "batch: %d volumes, %d written, %d skipped, %d failed%n", queries.size(), queries.size() - failed - skipped, skipped,
				failed);
			if (report != null) writeReport(report, model, device, settings, supportSets, null, classes, outcomes);
		}
		return failed > 0 ? Exit.BATCH_FAILED : Exit.OK;
	}

	// ------------------------------------------------------------------------------------ output

	static void announceTestModel(Context ctx) {
		String bar = "!".repeat(100);
		ctx.progress.endLine();
		ctx.err.println(bar);
		ctx.err.println("!! " + sc.fiji.revsam2.sam2.PhantomModel.WARNING);
		ctx.err.println(bar);
	}

	private void printHeader(Models.Loaded model, ComputeDevice device, Settings s, List<ObjectClass> classes) {
		ctx.progress.endLine();
		ctx.out.printf(Locale.ROOT, "model      %s (%s, %d px) loaded in %.1f s on %s%n", model.name(), model.model().config().metaName(),
			model.model().config().imageSize(), model.loadSeconds(), device.name().toLowerCase(Locale.ROOT));
		if (model.test()) ctx.out.println("WARNING    " + sc.fiji.revsam2.sam2.PhantomModel.WARNING);
		ctx.out.printf(Locale.ROOT, "method     %s, k = %d, window %s, hole filling %d%s%n", s.method().id(), s.k(), s.window(), s.fillHoles(),
			s.slices() == null ? "" : ", slices " + s.slices()[0] + "-" + s.slices()[1]);
		for (ObjectClass c : classes) {
			StringBuilder sl = new StringBuilder();
			for (Support sp : c.supports()) sl.append(sl.length() == 0 ? "" : ", ").append(sp.slice() + 1);
			ctx.out.printf(Locale.ROOT, "%-10s %d support slice%s (%s)%n", title(c) + ":", c.supports().size(), c.supports().size() == 1 ? "" : "s", sl);
		}
	}

	/** "class 2 spleen", or "class 2" when it has no name of its own. */
	static String title(ObjectClass c) {
		String plain = "class " + c.label();
		return c.name().equals(plain) ? plain : plain + " " + c.name();
	}

	void printOutcome(Outcome o) {
		VolumeInfo q = o.info();
		ctx.out.printf(Locale.ROOT, "query      %s: %s voxels, %s, %s%n", o.query(), q.size(), q.spacing(), q.format());
		for (SegmentationResult.ClassResult c : o.classes()) {
			ObjectClass oc = c.objectClass();
			StringBuilder sel = new StringBuilder();
			for (int z : c.selected()) {
				sel.append(sel.length() == 0 ? "" : ", ").append(z + 1);
				if (!Float.isNaN(c.scores()[z])) sel.append(String.format(Locale.ROOT, " (%.3f)", c.scores()[z]));
			}
			ctx.out.printf(Locale.ROOT, "  %s: %,d voxels; slices %d-%d; selected %s%n", title(oc), c.voxels(), c.firstSlice() + 1,
				c.lastSlice() + 1, sel.length() == 0 ? "none (" + c.method().id() + ")" : sel);
			for (StageReport st : c.stages()) {
				ModelCallStats k = st.calls();
				ctx.out.printf(Locale.ROOT, "    %-20s %7.2f s  image encoder %d, memory attention %d (%d frames), mask decoder %d, memory encoder %d%n",
					st.stage(), st.seconds(), k.count(ModelCallStats.Kind.IMAGE_ENCODER), k.count(ModelCallStats.Kind.MEMORY_ATTENTION),
					k.count(ModelCallStats.Kind.MEMORY_ATTENTION_FRAMES), k.count(ModelCallStats.Kind.MASK_DECODER),
					k.count(ModelCallStats.Kind.MEMORY_ENCODER));
			}
		}
		ctx.out.printf(Locale.ROOT, "  wrote %s (segmentation %.2f s, writing %.2f s)%n", o.output(), o.segmentSeconds(), o.writeSeconds());
	}

	private void writeReport(Path report, Models.Loaded model, ComputeDevice device, Settings settings, List<SupportSet> sets, Path queryLabels,
		List<ObjectClass> classes, List<Outcome> outcomes) throws CliException {
		SegmentReport r = new SegmentReport(model, device, settings, sets, queryLabels, classes, outcomes).sources(sourceFiles);
		Inputs.createParent(report);
		try {
			r.write(report);
		} catch (IOException e) {
			throw CliException.input(Inputs.name(report) + ": cannot write the report (" + e.getMessage() + ")", e);
		}
		ctx.out.println("report     " + report);
	}
}
