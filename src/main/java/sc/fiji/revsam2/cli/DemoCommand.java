package sc.fiji.revsam2.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.revsam2.algorithm.LabelSupports;
import sc.fiji.revsam2.algorithm.MultiClassSegmenter;
import sc.fiji.revsam2.algorithm.ObjectClass;
import sc.fiji.revsam2.algorithm.SegmentationResult;
import sc.fiji.revsam2.bench.Phantom;
import sc.fiji.revsam2.io.NiftiDataType;
import sc.fiji.revsam2.io.NiftiHeader;
import sc.fiji.revsam2.io.NiftiWriter;
import sc.fiji.revsam2.io.VolumeFile;
import sc.fiji.revsam2.io.VolumeIOException;
import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.PhantomModel;
import sc.fiji.revsam2.volume.IntensityWindow;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.metrics.ClassScore;
import sc.fiji.revsam2.volume.metrics.Evaluation;

/** {@code revsam2 demo}: a synthetic phantom segmented end to end, with nothing to install. */
final class DemoCommand {

	static final String HELP = """
		Usage: revsam2 demo [--output-dir revsam2-demo] [--test-model | --model NAME] [options]

		Generates a synthetic CT-like phantom (128x128x16 voxels of 1.0 x 1.0 x 2.5 mm, in Hounsfield units,
		with an "organ" (label 1) and a "kidney" (label 2)) and its ground truth, labels two slices of each
		class on a second phantom of another seed (the cross-volume case: an atlas and a patient), segments
		the first phantom from them, and scores the result against the truth (Dice and NSD at 2 mm).
		Writes into the output folder, replacing earlier demo files:
		  phantom.nii.gz            the query volume            phantom_truth.nii.gz    its ground truth
		  support.nii.gz            the support volume          support_labels.nii.gz   its labelled slices
		  phantom_revsam2.nii.gz    the segmentation            report.json             scores, timings, evaluation
		and prints the equivalent 'segment' and 'evaluate' command lines.

		Uses the preferred installed model, else the bundled phantom model (micro-phantom): a small model
		trained only on synthetic phantoms, to show the plugin working; install SAM2 or MedSAM2 for real
		images. It finds the organ (Dice about 0.85 with the defaults) but mostly misses the small kidney.

		Options:
		  --output-dir DIR       where the files go (default ./revsam2-demo)
		  --model NAME|FOLDER    the model to use (default: the preferred installed one, else the phantom model)
		  --test-model           the bundled phantom model even if a real one is installed
		  --same-volume          label slices of the phantom itself instead of a second phantom
		  --seed N               the phantom's seed (default 1; the support phantom uses N + 1000)
		  --k N, --method NAME   as for 'segment' (defaults 10 and revsam2)
		  --device cpu|gpu       default cpu
		  --debug, --quiet, --help
		""" + "\n" + Exit.TABLE;

	static Args.Spec spec() {
		return new Args.Spec("demo").value("--output-dir").value("--model").flag("--test-model").flag("--same-volume").value("--seed").value("--k")
			.value("--method").value("--device");
	}

	private final Context ctx;

	DemoCommand(Context ctx) {
		this.ctx = ctx;
	}

	int run(Args a) throws CliException {
		Path dir = Args.toPath("--output-dir", a.get("--output-dir", "revsam2-demo"));
		Models.checkFlags(a);
		ComputeDevice device = Models.device(a);
		long seed = a.longValue("--seed", 1);
		SegmentCommand.Settings base = SegmentCommand.settings(a);
		SegmentCommand.Settings settings = new SegmentCommand.Settings(base.k(), base.method(), 0, IntensityWindow.CT_ABDOMEN, null,
			base.fillHoles(), Map.of(1, Phantom.CLASS_NAMES[0], 2, Phantom.CLASS_NAMES[1]), base.precision());
		boolean same = a.has("--same-volume");
		if (Files.exists(dir) && !Files.isDirectory(dir)) throw CliException.usage("--output-dir " + dir + " is a file, not a folder");
		try {
			Files.createDirectories(dir);
		} catch (IOException e) {
			throw CliException.input("--output-dir " + dir + ": cannot create it (" + e.getMessage() + ")", e);
		}

		long t0 = System.nanoTime();
		ctx.progress.note("generating the phantom" + (same ? "" : " and a second one for the supports"));
		Phantom.Case query = Phantom.generate(seed);
		Phantom.Case atlas = same ? query : Phantom.generate(seed + 1000);
		LabelVolume supportLabels = Phantom.supportLabels(atlas.truth(), 2);
		double genSeconds = (System.nanoTime() - t0) / 1e9;
		Path phantomFile = dir.resolve("phantom.nii.gz"), truthFile = dir.resolve("phantom_truth.nii.gz");
		Path supportFile = same ? phantomFile : dir.resolve("support.nii.gz");
		Path supportLabelsFile = dir.resolve(same ? "phantom_support_labels.nii.gz" : "support_labels.nii.gz");
		Path resultFile = dir.resolve("phantom_revsam2.nii.gz"), reportFile = dir.resolve("report.json");
		NiftiHeader geometry;
		try {
			NiftiWriter w = NiftiWriter.defaults();
			geometry = w.write(phantomFile, query.image(), null, NiftiDataType.INT16);
			w.write(truthFile, query.truth(), geometry);
			if (!same) w.write(supportFile, atlas.image(), null, NiftiDataType.INT16);
			w.write(supportLabelsFile, supportLabels, same ? geometry : null);
		} catch (VolumeIOException e) {
			throw CliException.input(e.getMessage(), e);
		}
		List<ObjectClass> classes = LabelSupports.classes(atlas.image(), supportLabels, settings.names());

		try (Models.Loaded model = Models.load(a, device, true, ctx)) {
			if (model.test()) SegmentCommand.announceTestModel(ctx);
			ctx.progress.endLine();
			ctx.out.printf(Locale.ROOT, "phantom    %s: %s voxels, %s, seed %d (generated in %.2f s)%n", phantomFile, Inputs.size(query.image()),
				Inputs.spacing(query.image().spacing()), seed, genSeconds);
			ctx.out.printf(Locale.ROOT, "supports   %s%s%n", same ? "slices of the phantom itself" : "a second phantom (seed " + (seed + 1000) + "): ",
				same ? "" : supportFile.toString());
			for (ObjectClass c : classes) {
				StringBuilder sl = new StringBuilder();
				c.supports().forEach(s -> sl.append(sl.length() == 0 ? "" : ", ").append(s.slice() + 1));
				ctx.out.printf(Locale.ROOT, "%-10s labelled slices %s%n", SegmentCommand.title(c) + ":", sl);
			}
			ctx.out.printf(Locale.ROOT, "model      %s (%s, %d px) loaded in %.1f s%n", model.name(), model.model().config().metaName(),
				model.model().config().imageSize(), model.loadSeconds());
			if (model.test()) {
				ctx.out.println("NOTE       " + PhantomModel.WARNING);
			}
			long t1 = System.nanoTime();
			// each class's own mask, before merging: what the model README's reference figures measure
			Map<Integer, LabelVolume> alone = new java.util.HashMap<>();
			SegmentationResult r = new MultiClassSegmenter(model.model(), settings.options(query.image().depth())).segment(query.image(), classes, ctx.progress,
				(c, one) -> {
					LabelVolume own = LabelVolume.zeros(one.width(), one.height(), one.depth(), query.image().spacing());
					alone.put(c.label(), own);
					for (int z = 0; z < one.depth(); z++) {
						boolean[] m = one.finalMask(z).pixels();
						short[] out = own.slice(z);
						for (int p = 0; p < m.length; p++) if (m[p]) out[p] = (short) c.label();
					}
				});
			double segSeconds = (System.nanoTime() - t1) / 1e9;
			ctx.checkCancelled();
			long t2 = System.nanoTime();
			try {
				NiftiWriter.defaults().write(resultFile, r.labels(), geometry);
			} catch (VolumeIOException e) {
				throw CliException.input(e.getMessage(), e);
			}
			double writeSeconds = (System.nanoTime() - t2) / 1e9;
			ctx.progress.endLine();
			VolumeFile vf = new VolumeFile(phantomFile, "NIfTI-1", query.image(), geometry, List.of());
			SegmentCommand.Outcome o = SegmentCommand.Outcome.done(phantomFile, resultFile, vf, r, 0, segSeconds, writeSeconds);
			new SegmentCommand(ctx).printOutcome(o);

			Evaluation e = Evaluation.of(r.labels(), query.truth(), new int[] { 1, 2 }, 2.0);
			ctx.out.printf(Locale.ROOT, "evaluation against the phantom's truth (NSD tolerance 2 mm):%n");
			if (model.test()) ctx.out.println("  (" + PhantomModel.NAME + ": " + PhantomModel.DESCRIPTION + ")");
			ctx.out.printf(Locale.ROOT, "                   the label image          each class alone%n");
			for (ClassScore c : e.classes()) {
				// a class's own mask can differ from the label image where another class's mask overlaps it (the higher logit wins there)
				LabelVolume mask = alone.get(c.label());
				String ownScores = "(no supports)";
				if (mask != null) {
					ClassScore own = Evaluation.of(mask, query.truth(), new int[] { c.label() }, 2.0).classes().get(0);
					ownScores = String.format(Locale.ROOT, "Dice %.4f NSD %.4f", own.dice(), own.surfaceDice());
				}
				ctx.out.printf(Locale.ROOT, "  class %d %-8s Dice %.4f NSD %.4f   %s%n", c.label(), Phantom.CLASS_NAMES[c.label() - 1], c.dice(), c.surfaceDice(), ownScores);
			}
			ctx.out.printf(Locale.ROOT, "  mean           mDSC %.4f mNSD %.4f%n", e.meanDice(), e.meanSurfaceDice());

			List<SegmentCommand.SupportSet> sets = new ArrayList<>();
			sets.add(new SegmentCommand.SupportSet(supportFile, supportLabelsFile, null));
			try {
				new SegmentReport(model, device, settings, same ? List.of() : sets, same ? supportLabelsFile : null, classes, List.of(o)).evaluation(e)
					.sources(new java.util.IdentityHashMap<>(Map.of(atlas.image(), supportFile)))
					.write(reportFile);
			} catch (IOException ex) {
				throw CliException.input(Inputs.name(reportFile) + ": cannot write the report (" + ex.getMessage() + ")", ex);
			}
			ctx.out.println("report     " + reportFile);
			ctx.out.printf(Locale.ROOT, "total      %.1f s%n", (System.nanoTime() - t0) / 1e9);
			String modelFlag = model.test() ? " --test-model" : " --model " + model.name();
			ctx.out.println();
			ctx.out.println("The same from the command line:");
			ctx.out.println("  revsam2 segment " + phantomFile + (same ? " --labels " + supportLabelsFile
				: " --support " + supportFile + " --support-labels " + supportLabelsFile) + " --window abdomen --class-names 1=organ,2=kidney"
				+ modelFlag + " --output " + resultFile + " --overwrite");
			ctx.out.println("  revsam2 evaluate --prediction " + resultFile + " --truth " + truthFile + " --tolerance 2");
		}
		return Exit.OK;
	}
}
