package sc.fiji.revsam2.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import sc.fiji.revsam2.io.AtomicFiles;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.metrics.ClassScore;
import sc.fiji.revsam2.volume.metrics.Evaluation;

/** {@code revsam2 evaluate}: mDSC and mNSD of a predicted label volume against a ground truth. */
final class EvaluateCommand {

	static final String HELP = """
		Usage: revsam2 evaluate --prediction <labels> --truth <labels> [--labels 1,2] [--tolerance 2.0]
		                        [--json out.json] [--csv out.csv]

		Scores a predicted label volume against a ground truth, as in the RevSAM2 paper: per class, Dice
		over the whole volume (mDSC is their mean) and normalised surface Dice (NSD) at a tolerance in mm,
		with the truth's voxel spacing (mNSD is their mean). Label volumes: NIfTI, TIFF or DICOM, voxels
		whole numbers 0..65535 (0 = background), both of the same size.

		Options:
		  --prediction FILE      the predicted labels (e.g. revsam2 segment's output)
		  --truth FILE           the ground-truth labels
		  --labels LIST          classes to evaluate, e.g. 1,2 or 1-3 (default: every label in either volume)
		  --tolerance MM         NSD tolerance in the truth's spacing unit, usually mm (default 2.0)
		  --class-names LIST     names for the table, e.g. 1=liver,2=spleen
		  --json FILE            write the scores as JSON (overwritten if it exists)
		  --csv FILE             write the scores as CSV: label,name,dice,nsd,prediction_voxels,truth_voxels
		                         and a last row 'mean' (overwritten if it exists)
		  --debug, --quiet, --help

		A class absent from both volumes scores 1; present in only one, 0.

		Example:
		  revsam2 evaluate --prediction ct_revsam2.nii.gz --truth ct_truth.nii.gz --tolerance 2 --csv scores.csv
		""" + "\n" + Exit.TABLE;

	static Args.Spec spec() {
		return new Args.Spec("evaluate").value("--prediction").value("--truth").value("--labels").value("--tolerance").value("--class-names")
			.value("--json").value("--csv");
	}

	private final Context ctx;

	EvaluateCommand(Context ctx) {
		this.ctx = ctx;
	}

	int run(Args a) throws CliException {
		Path predFile = Args.toPath("--prediction", a.require("--prediction"));
		Path truthFile = Args.toPath("--truth", a.require("--truth"));
		int[] labels = a.has("--labels") ? Args.parseIntList("--labels", a.get("--labels"), 1, LabelVolume.MAX_LABEL, true) : null;
		double tolerance = a.doubleValue("--tolerance", 2.0, 0);
		Map<Integer, String> names = a.has("--class-names") ? SegmentCommand.classNames(a.get("--class-names")) : Map.of();
		Path json = a.path("--json"), csv = a.path("--csv");
		if (json != null) checkName("--json", json, ".json", predFile, truthFile);
		if (csv != null) checkName("--csv", csv, ".csv", predFile, truthFile);

		LabelVolume pred = Inputs.readLabels(predFile, ctx);
		LabelVolume truth = Inputs.readLabels(truthFile, ctx);
		if (pred.width() != truth.width() || pred.height() != truth.height() || pred.depth() != truth.depth()) {
			throw CliException.input(Inputs.name(predFile) + " is " + Inputs.size(pred) + " voxels but " + Inputs.name(truthFile) + " is " + Inputs.size(truth)
				+ ": the prediction and the truth must have the same size", null);
		}
		Spacing sp = truth.spacing();
		if (sp.unit().equals("pixel")) ctx.progress.warn(Inputs.name(truthFile) + " has no physical voxel size: the tolerance is in voxels");
		ctx.progress.note("evaluating");
		Evaluation e = labels == null ? Evaluation.of(pred, truth, tolerance) : Evaluation.of(pred, truth, labels, tolerance);
		long[] predCounts = counts(pred), truthCounts = counts(truth);

		ctx.progress.endLine();
		ctx.out.printf(Locale.ROOT, "prediction %s%ntruth      %s (%s voxels, %s)%n", predFile, truthFile, Inputs.size(truth), Inputs.spacing(sp));
		String nsdHead = "NSD@" + Inputs.num(tolerance) + (sp.unit().equals("pixel") ? "vx" : sp.unit());
		ctx.out.printf(Locale.ROOT, "%-7s %-16s %8s %10s %14s %14s%n", "label", "name", "Dice", nsdHead, "pred voxels", "truth voxels");
		for (ClassScore c : e.classes()) {
			ctx.out.printf(Locale.ROOT, "%-7d %-16s %8.4f %10.4f %,14d %,14d%n", c.label(), names.getOrDefault(c.label(), ""), c.dice(), c.surfaceDice(),
				predCounts[c.label()], truthCounts[c.label()]);
		}
		ctx.out.printf(Locale.ROOT, "%-7s %-16s %8.4f %10.4f%n", "mean", "(mDSC, mNSD)", e.meanDice(), e.meanSurfaceDice());
		if (e.classes().isEmpty()) ctx.out.println("(no label in either volume: nothing to compare, scores are 1 by convention)");

		try {
			if (json != null) {
				JsonObject o = SegmentReport.evaluationJson(e, names::get);
				o.addProperty("prediction", predFile.toString());
				o.addProperty("truth", truthFile.toString());
				o.addProperty("size", Inputs.size(truth));
				o.addProperty("spacing", Inputs.spacing(sp));
				o.addProperty("tolerance_unit", sp.unit());
				for (com.google.gson.JsonElement c : o.getAsJsonArray("classes")) {
					JsonObject j = c.getAsJsonObject();
					int l = j.get("label").getAsInt();
					j.addProperty("prediction_voxels", predCounts[l]);
					j.addProperty("truth_voxels", truthCounts[l]);
				}
				write(json, new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(o) + "\n");
				ctx.out.println("wrote " + json);
			}
			if (csv != null) {
				StringBuilder sb = new StringBuilder("label,name,dice,nsd,prediction_voxels,truth_voxels\n");
				for (ClassScore c : e.classes()) {
					sb.append(c.label()).append(',').append(SegmentReport.csvField(names.getOrDefault(c.label(), ""))).append(',').append(SegmentReport.fmt(c.dice()))
						.append(',').append(SegmentReport.fmt(c.surfaceDice())).append(',').append(predCounts[c.label()]).append(',')
						.append(truthCounts[c.label()]).append('\n');
				}
				sb.append("mean,,").append(SegmentReport.fmt(e.meanDice())).append(',').append(SegmentReport.fmt(e.meanSurfaceDice())).append(",,\n");
				write(csv, sb.toString());
				ctx.out.println("wrote " + csv);
			}
		} catch (IOException ex) {
			throw CliException.input(ex.getMessage(), ex);
		}
		return Exit.OK;
	}

	private static void checkName(String flag, Path p, String ext, Path... inputs) throws CliException {
		if (!Inputs.name(p).toLowerCase(Locale.ROOT).endsWith(ext)) throw CliException.usage(flag + " " + p + ": the name must end in " + ext);
		if (Files.isDirectory(p)) throw CliException.usage(flag + " " + p + " is a folder");
		Inputs.checkNotInput(flag, p, inputs);
	}

	private static void write(Path file, String text) throws IOException, CliException {
		Inputs.createParent(file);
		AtomicFiles.write(file, out -> {
			Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			w.write(text);
			w.flush();
		});
	}

	private static long[] counts(LabelVolume v) {
		long[] c = new long[LabelVolume.MAX_LABEL + 1];
		for (int z = 0; z < v.depth(); z++) for (short s : v.slice(z)) c[s & 0xffff]++;
		return c;
	}
}
