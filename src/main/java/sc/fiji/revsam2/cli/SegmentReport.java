package sc.fiji.revsam2.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import sc.fiji.revsam2.algorithm.ObjectClass;
import sc.fiji.revsam2.algorithm.SegmentationResult;
import sc.fiji.revsam2.algorithm.StageReport;
import sc.fiji.revsam2.algorithm.Support;
import sc.fiji.revsam2.io.AtomicFiles;
import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.ModelCallStats;
import sc.fiji.revsam2.volume.Volume;
import sc.fiji.revsam2.volume.metrics.ClassScore;
import sc.fiji.revsam2.volume.metrics.Evaluation;

/**
 * The report of a {@code segment} run (one volume or a batch), as JSON or as one long CSV table.
 * Slice numbers are 1-based, like the command line's.
 *
 * <p>JSON: {@code {tool, version, model{name, folder, architecture, image_size, test_model}, device,
 * options{...}, supports[{image, labels, label, slice}], volumes[{query, output, status, error,
 * size, spacing, timings{read_s, segment_s, write_s}, classes[{label, name, voxels, method, k,
 * first_slice, last_slice, selected[], slices[{slice, score, reverse_dice[], selected}],
 * stages[{stage, seconds, calls{...}}]}]}]}}.
 *
 * <p>CSV: one row per volume ({@code kind=volume}), class ({@code class}), scored slice
 * ({@code slice}) and stage ({@code stage}), with the columns of {@link #CSV_HEADER}.
 */
final class SegmentReport {

	static final String CSV_HEADER = "query,kind,status,error,label,name,voxels,slice,score,reverse_dice,selected,stage,seconds,"
		+ "image_encoder,memory_attention,memory_attention_frames,mask_decoder,memory_encoder";

	private final Models.Loaded model;
	private final ComputeDevice device;
	private final SegmentCommand.Settings settings;
	private final List<SegmentCommand.SupportSet> sets;
	private final Path queryLabels;
	private final List<ObjectClass> classes;
	private final List<SegmentCommand.Outcome> outcomes;
	private Evaluation evaluation;
	private Map<Volume, Path> sources = Map.of();

	SegmentReport(Models.Loaded model, ComputeDevice device, SegmentCommand.Settings settings, List<SegmentCommand.SupportSet> sets, Path queryLabels,
		List<ObjectClass> classes, List<SegmentCommand.Outcome> outcomes) {
		this.model = model;
		this.device = device;
		this.settings = settings;
		this.sets = sets;
		this.queryLabels = queryLabels;
		this.classes = classes;
		this.outcomes = outcomes;
	}

	/** The files the support volumes were read from (by identity), to name them in the JSON. */
	SegmentReport sources(Map<Volume, Path> files) {
		this.sources = files;
		return this;
	}

	/** Adds an evaluation against a ground truth (the demo's) to the JSON. */
	SegmentReport evaluation(Evaluation e) {
		this.evaluation = e;
		return this;
	}

	/** Writes JSON or CSV by the file's extension, atomically. */
	void write(Path file) throws IOException {
		boolean csv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
		String text = csv ? csv() : new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(json()) + "\n";
		AtomicFiles.write(file, out -> {
			Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
			w.write(text);
			w.flush();
		});
	}

	JsonObject json() {
		JsonObject o = new JsonObject();
		o.addProperty("tool", "RevSAM2 for Fiji");
		o.addProperty("version", Main.version());
		JsonObject m = new JsonObject();
		m.addProperty("name", model.name());
		m.addProperty("folder", model.folder().toString());
		m.addProperty("architecture", model.model().config().metaName());
		m.addProperty("image_size", model.model().config().imageSize());
		m.addProperty("test_model", model.test());
		if (model.test()) m.addProperty("warning", sc.fiji.revsam2.sam2.PhantomModel.WARNING);
		m.addProperty("load_s", round(model.loadSeconds()));
		o.add("model", m);
		o.addProperty("device", device.name().toLowerCase(Locale.ROOT));
		JsonObject opt = new JsonObject();
		opt.addProperty("method", settings.method().id());
		opt.addProperty("k", settings.k());
		opt.addProperty("seed", settings.seed());
		opt.addProperty("window", settings.window().toString());
		opt.add("slices", settings.slices() == null ? JsonNull.INSTANCE : new JsonPrimitive(settings.slices()[0] + "-" + settings.slices()[1]));
		opt.addProperty("fill_holes", settings.fillHoles());
		o.add("options", opt);
		JsonArray sup = new JsonArray();
		for (ObjectClass c : classes) {
			for (Support s : c.supports()) {
				JsonObject j = new JsonObject();
				j.addProperty("label", c.label());
				j.addProperty("name", c.name());
				Path file = sources.get(s.source());
				if (file != null) j.addProperty("file", file.toString());
				j.addProperty("slice", s.slice() + 1);
				j.addProperty("width", s.source().width());
				j.addProperty("height", s.source().height());
				j.addProperty("pixels", s.mask().count());
				sup.add(j);
			}
		}
		o.add("supports", sup);
		JsonArray files = new JsonArray();
		if (queryLabels != null) {
			JsonObject j = new JsonObject();
			j.addProperty("image", "(query)");
			j.addProperty("labels", queryLabels.toString());
			files.add(j);
		}
		for (SegmentCommand.SupportSet s : sets) {
			JsonObject j = new JsonObject();
			j.addProperty("image", s.image().toString());
			j.addProperty("labels", s.labels().toString());
			if (s.slices() != null) j.add("slices", ints(s.slices(), 0));
			files.add(j);
		}
		o.add("support_files", files);
		JsonArray vols = new JsonArray();
		for (SegmentCommand.Outcome out : outcomes) vols.add(volume(out));
		o.add("volumes", vols);
		if (evaluation != null) o.add("evaluation", evaluationJson(evaluation, null));
		return o;
	}

	private JsonObject volume(SegmentCommand.Outcome out) {
		JsonObject v = new JsonObject();
		v.addProperty("query", out.query().toString());
		v.addProperty("output", out.output() == null ? null : out.output().toString());
		v.addProperty("status", out.status());
		if (out.error() != null) v.addProperty("error", out.error());
		if (out.status().equals("failed")) v.addProperty("exit_code", out.exitCode());
		if (out.info() != null) {
			v.addProperty("size", out.info().size());
			v.addProperty("spacing", out.info().spacing());
			v.addProperty("format", out.info().format());
		}
		if (out.classes() == null) return v;
		JsonObject t = new JsonObject();
		t.addProperty("read_s", round(out.readSeconds()));
		t.addProperty("segment_s", round(out.segmentSeconds()));
		t.addProperty("write_s", round(out.writeSeconds()));
		v.add("timings", t);
		JsonArray cs = new JsonArray();
		for (SegmentationResult.ClassResult c : out.classes()) {
			JsonObject j = new JsonObject();
			j.addProperty("label", c.objectClass().label());
			j.addProperty("name", c.objectClass().name());
			j.addProperty("voxels", c.voxels());
			j.addProperty("method", c.method().id());
			j.addProperty("k", c.k());
			j.addProperty("first_slice", c.firstSlice() + 1);
			j.addProperty("last_slice", c.lastSlice() + 1);
			j.addProperty("supports", c.objectClass().supports().size());
			j.add("selected", ints(c.selected(), 1));
			JsonArray slices = new JsonArray();
			for (int z = c.firstSlice(); z <= c.lastSlice(); z++) {
				JsonObject s = new JsonObject();
				s.addProperty("slice", z + 1);
				s.add("score", num(c.scores()[z]));
				float[] rd = c.reverseDice() == null ? null : c.reverseDice()[z];
				if (rd != null) {
					JsonArray a = new JsonArray();
					for (float f : rd) a.add(num(f));
					s.add("reverse_dice", a);
				}
				s.addProperty("selected", contains(c.selected(), z));
				slices.add(s);
			}
			j.add("slices", slices);
			JsonArray stages = new JsonArray();
			for (StageReport st : c.stages()) {
				JsonObject s = new JsonObject();
				s.addProperty("stage", st.stage());
				s.addProperty("seconds", round(st.seconds()));
				JsonObject calls = new JsonObject();
				for (ModelCallStats.Kind k : ModelCallStats.Kind.values()) calls.addProperty(k.name().toLowerCase(Locale.ROOT), st.calls().count(k));
				s.add("calls", calls);
				stages.add(s);
			}
			j.add("stages", stages);
			cs.add(j);
		}
		v.add("classes", cs);
		return v;
	}

	/** JSON of an evaluation (shared with {@code evaluate}); names by label where given. */
	static JsonObject evaluationJson(Evaluation e, java.util.function.IntFunction<String> names) {
		JsonObject o = new JsonObject();
		o.addProperty("tolerance", e.tolerance());
		JsonArray cs = new JsonArray();
		for (ClassScore c : e.classes()) {
			JsonObject j = new JsonObject();
			j.addProperty("label", c.label());
			if (names != null && names.apply(c.label()) != null) j.addProperty("name", names.apply(c.label()));
			j.add("dice", num(c.dice()));
			j.add("nsd", num(c.surfaceDice()));
			cs.add(j);
		}
		o.add("classes", cs);
		o.add("mDSC", num(e.meanDice()));
		o.add("mNSD", num(e.meanSurfaceDice()));
		return o;
	}

	String csv() {
		StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
		for (SegmentCommand.Outcome out : outcomes) {
			String q = out.query().toString();
			double total = out.readSeconds() + out.segmentSeconds() + out.writeSeconds();
			row(sb, q, "volume", out.status(), out.error(), "", "", "", "", "", "", "", "", out.classes() == null ? "" : fmt(total), "", "", "", "", "");
			if (out.classes() == null) continue;
			for (SegmentationResult.ClassResult c : out.classes()) {
				String label = Integer.toString(c.objectClass().label()), name = c.objectClass().name();
				row(sb, q, "class", "", "", label, name, Long.toString(c.voxels()), "", "", "", "", "", "", "", "", "", "", "");
				for (int z = c.firstSlice(); z <= c.lastSlice(); z++) {
					float[] rd = c.reverseDice() == null ? null : c.reverseDice()[z];
					List<String> parts = new ArrayList<>();
					if (rd != null) for (float f : rd) parts.add(fmt(f));
					row(sb, q, "slice", "", "", label, name, "", Integer.toString(z + 1), fmt(c.scores()[z]), String.join(";", parts),
						contains(c.selected(), z) ? "1" : "0", "", "", "", "", "", "", "");
				}
				for (StageReport st : c.stages()) {
					ModelCallStats k = st.calls();
					row(sb, q, "stage", "", "", label, name, "", "", "", "", "", st.stage(), fmt(st.seconds()), count(k, ModelCallStats.Kind.IMAGE_ENCODER),
						count(k, ModelCallStats.Kind.MEMORY_ATTENTION), count(k, ModelCallStats.Kind.MEMORY_ATTENTION_FRAMES),
						count(k, ModelCallStats.Kind.MASK_DECODER), count(k, ModelCallStats.Kind.MEMORY_ENCODER));
				}
			}
		}
		return sb.toString();
	}

	private static String count(ModelCallStats s, ModelCallStats.Kind k) {
		return Long.toString(s.count(k));
	}

	private static void row(StringBuilder sb, String... fields) {
		for (int i = 0; i < fields.length; i++) {
			if (i > 0) sb.append(',');
			sb.append(csvField(fields[i]));
		}
		sb.append('\n');
	}

	static String csvField(String s) {
		if (s == null) return "";
		if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) return "\"" + s.replace("\"", "\"\"") + "\"";
		return s;
	}

	static String fmt(double v) {
		if (Double.isNaN(v)) return "";
		return String.format(Locale.ROOT, "%.6g", v);
	}

	private static JsonArray ints(int[] values, int offset) {
		JsonArray a = new JsonArray();
		for (int v : values) a.add(v + offset);
		return a;
	}

	static com.google.gson.JsonElement num(double v) {
		return Double.isFinite(v) ? new JsonPrimitive(Double.parseDouble(String.format(Locale.ROOT, "%.6g", v))) : JsonNull.INSTANCE;
	}

	private static double round(double seconds) {
		return Math.round(seconds * 1000) / 1000.0;
	}

	private static boolean contains(int[] a, int v) {
		for (int x : a) if (x == v) return true;
		return false;
	}
}
