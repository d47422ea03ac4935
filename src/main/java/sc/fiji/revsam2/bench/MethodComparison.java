package sc.fiji.revsam2.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import sc.fiji.revsam2.algorithm.LabelSupports;
import sc.fiji.revsam2.algorithm.Method;
import sc.fiji.revsam2.algorithm.ObjectClass;
import sc.fiji.revsam2.algorithm.RevSam2;
import sc.fiji.revsam2.algorithm.RevSam2Options;
import sc.fiji.revsam2.algorithm.RevSam2Result;
import sc.fiji.revsam2.algorithm.SliceFeatureCache;
import sc.fiji.revsam2.sam2.Sam2Model;
import sc.fiji.revsam2.task.TaskMonitor;
import sc.fiji.revsam2.volume.IntensityWindow;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Mask2D;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.metrics.Dice;
import sc.fiji.revsam2.volume.metrics.SurfaceDice;

/**
 * RevSAM2 against its baselines on generated phantoms: for each case (a "patient" phantom, its
 * supports drawn on another phantom), every class is segmented with every method, and each
 * class's own mask is scored against the truth (Dice, NSD). For RevSAM2 it also measures how
 * well the reverse-propagation score of a slice ranks the true Dice of that slice's forward
 * mask (Spearman), which is what the selection relies on.
 */
public final class MethodComparison {

	/** What to run: cases {@code seed .. seed + cases - 1}, supports from phantoms {@code + 1000}. */
	public record Settings(int cases, long seed, int size, int slices, int supportsPerClass, int k, List<Method> methods, double tolerance) {

		public static Settings defaults() {
			return new Settings(6, 1, 128, 16, 3, 10, List.of(Method.values()), 2.0);
		}

		public Settings {
			if (cases < 1 || size < 32 || slices < 2 || supportsPerClass < 1 || k < 1 || methods.isEmpty()) {
				throw new IllegalArgumentException("cases >= 1, size >= 32, slices >= 2, supports >= 1, k >= 1 and a method are needed");
			}
		}
	}

	/** One class of one case with one method. */
	public record Run(int caseIndex, long seed, int label, Method method, double dice, double nsd, double seconds, double spearman, double scoreRange) {}

	/** Everything measured; {@link #print} writes the tables. */
	public record Report(Settings settings, List<Run> runs, Map<Method, double[]> secondsPerCase) {

		public List<Run> runs(Method m, int label) {
			return runs.stream().filter(r -> r.method() == m && r.label() == label).toList();
		}

		public void print(PrintStream out) {
			Settings s = settings;
			out.printf(Locale.ROOT, "%-16s %-8s %-29s %s%n", "method", "class", "Dice mean ± sd (min-max)", "NSD mean ± sd (min-max)");
			for (int label = 1; label <= Phantom.CLASS_NAMES.length; label++) {
				for (Method m : s.methods()) {
					List<Run> rs = runs(m, label);
					double[] dice = rs.stream().mapToDouble(Run::dice).toArray(), nsd = rs.stream().mapToDouble(Run::nsd).toArray();
					out.printf(Locale.ROOT, "%-16s %-8s %-29s %s%n", m.id(), Phantom.CLASS_NAMES[label - 1], spread(dice), spread(nsd));
				}
			}
			if (s.methods().contains(Method.REVSAM2)) {
				out.println();
				out.println("rank correlation (Spearman) between a slice's reverse-propagation score and the true Dice of its forward mask,");
				out.println("per case over its slices (the selection keeps the k best-scored slices):");
				for (int label = 1; label <= Phantom.CLASS_NAMES.length; label++) {
					List<Run> rs = runs(Method.REVSAM2, label);
					double[] rho = rs.stream().mapToDouble(Run::spearman).filter(Double::isFinite).toArray();
					long tied = rs.stream().filter(r -> !Double.isFinite(r.spearman())).count();
					double[] range = rs.stream().mapToDouble(Run::scoreRange).toArray();
					out.printf(Locale.ROOT, "  %-8s %s%s; scores vary by %s within a case (max - min)%n", Phantom.CLASS_NAMES[label - 1],
						rho.length == 0 ? "undefined" : "rho " + spread(rho) + " over " + rho.length + " case" + (rho.length == 1 ? "" : "s"),
						tied == 0 ? "" : "; undefined in " + tied + " case" + (tied == 1 ? "" : "s") + " (all scores equal)", spread(range, "%.4f"));
				}
			}
			out.println();
			out.print("time per case (all classes, every slice encoded once per method):");
			for (Method m : s.methods()) out.printf(Locale.ROOT, "  %s %s s", m.id(), spread(secondsPerCase.get(m), "%.1f"));
			out.println();
		}
	}

	private final Sam2Model model;
	private final Settings s;

	public MethodComparison(Sam2Model model, Settings settings) {
		this.model = model;
		this.s = settings;
	}

	public Report run(TaskMonitor monitor) {
		List<Run> runs = new ArrayList<>();
		Map<Method, double[]> perCase = new LinkedHashMap<>();
		for (Method m : s.methods()) perCase.put(m, new double[s.cases()]);
		Spacing spacing = new Spacing(1.0, 1.0, 2.5, "mm");
		for (int c = 0; c < s.cases(); c++) {
			long seed = s.seed() + c;
			Phantom.Case query = Phantom.generate(s.size(), s.size(), s.slices(), spacing, seed);
			Phantom.Case atlas = Phantom.generate(s.size(), s.size(), s.slices(), spacing, seed + 1000);
			LabelVolume drawn = Phantom.supportLabels(atlas.truth(), s.supportsPerClass());
			Map<Integer, String> names = new LinkedHashMap<>();
			for (int i = 0; i < Phantom.CLASS_NAMES.length; i++) names.put(i + 1, Phantom.CLASS_NAMES[i]);
			List<ObjectClass> classes = LabelSupports.classes(atlas.image(), drawn, names);
			for (int mi = 0; mi < s.methods().size(); mi++) {
				Method m = s.methods().get(mi);
				double from = (c + (double) mi / s.methods().size()) / s.cases(), to = (c + (mi + 1.0) / s.methods().size()) / s.cases();
				TaskMonitor part = monitor.part(from, to);
				part.progress("case " + (c + 1) + "/" + s.cases() + ", " + m.id(), 0);
				long t0 = System.nanoTime();
				// a fresh feature cache per method, so that each method pays for its own encoding
				try (SliceFeatureCache cache = new SliceFeatureCache(model, new RevSam2Options().featureMemoryBudget())) {
					RevSam2 revsam2 = new RevSam2(model, cache);
					List<double[]> scored = new ArrayList<>();
					for (ObjectClass oc : classes) {
						RevSam2Options opt = new RevSam2Options().k(s.k()).method(m).seed(seed).window(IntensityWindow.CT_ABDOMEN).fillHoleArea(0);
						RevSam2Result r = revsam2.run(query.image(), oc.supports(), opt, TaskMonitor.NONE);
						monitor.checkCancelled();
						scored.add(score(r, query.truth(), oc.label()));
					}
					double seconds = (System.nanoTime() - t0) / 1e9;
					perCase.get(m)[c] = seconds;
					for (int i = 0; i < classes.size(); i++) {
						double[] sc = scored.get(i);
						runs.add(new Run(c, seed, classes.get(i).label(), m, sc[0], sc[1], seconds, sc[2], sc[3]));
					}
				}
			}
		}
		monitor.progress("done", 1);
		return new Report(s, List.copyOf(runs), perCase);
	}

	/** {Dice, NSD, Spearman(score, forward Dice) or NaN, max - min score or NaN} of one class's own mask. */
	private double[] score(RevSam2Result r, LabelVolume truth, int label) {
		LabelVolume pred = LabelVolume.zeros(truth.width(), truth.height(), truth.depth(), truth.spacing());
		for (int z = 0; z < r.depth(); z++) {
			boolean[] m = r.finalMask(z).pixels();
			short[] out = pred.slice(z);
			for (int p = 0; p < m.length; p++) if (m[p]) out[p] = (short) label;
		}
		double dice = Dice.of(pred, truth, label), nsd = SurfaceDice.of(pred, truth, label, s.tolerance());
		double rho = Double.NaN, range = Double.NaN;
		if (r.scores() != null && r.method() == Method.REVSAM2) {
			int n = r.lastSlice() - r.firstSlice() + 1;
			double[] score = new double[n], trueDice = new double[n];
			for (int i = 0; i < n; i++) {
				int z = r.firstSlice() + i;
				score[i] = r.scores()[z];
				float[] fwd = r.forwardLogits(z);
				trueDice[i] = Dice.of(Mask2D.fromLogits(truth.width(), truth.height(), fwd), truth.mask(label, z));
			}
			rho = spearman(score, trueDice);
			range = Arrays.stream(score).max().orElse(0) - Arrays.stream(score).min().orElse(0);
		}
		return new double[] { dice, nsd, rho, range };
	}

	/** Spearman's rho with average ranks for ties; NaN when either side is constant. */
	public static double spearman(double[] a, double[] b) {
		double[] ra = ranks(a), rb = ranks(b);
		double ma = Arrays.stream(ra).average().orElse(0), mb = Arrays.stream(rb).average().orElse(0);
		double sab = 0, saa = 0, sbb = 0;
		for (int i = 0; i < ra.length; i++) {
			sab += (ra[i] - ma) * (rb[i] - mb);
			saa += (ra[i] - ma) * (ra[i] - ma);
			sbb += (rb[i] - mb) * (rb[i] - mb);
		}
		return saa == 0 || sbb == 0 ? Double.NaN : sab / Math.sqrt(saa * sbb);
	}

	static double[] ranks(double[] v) {
		Integer[] idx = new Integer[v.length];
		for (int i = 0; i < v.length; i++) idx[i] = i;
		Arrays.sort(idx, (x, y) -> Double.compare(v[x], v[y]));
		double[] r = new double[v.length];
		for (int i = 0; i < v.length;) {
			int j = i;
			while (j + 1 < v.length && v[idx[j + 1]] == v[idx[i]]) j++;
			double avg = (i + j) / 2.0 + 1;
			for (int t = i; t <= j; t++) r[idx[t]] = avg;
			i = j + 1;
		}
		return r;
	}

	static String spread(double[] v) {
		return spread(v, "%.3f");
	}

	/** "mean ± sd (min-max)" (sample sd; 0 for one value). */
	static String spread(double[] v, String fmt) {
		if (v.length == 0) return "-";
		double mean = Arrays.stream(v).average().orElse(0), ss = 0;
		for (double x : v) ss += (x - mean) * (x - mean);
		double sd = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
		double min = Arrays.stream(v).min().orElse(0), max = Arrays.stream(v).max().orElse(0);
		return String.format(Locale.ROOT, fmt + " ± " + fmt + " (" + fmt + "-" + fmt + ")", mean, sd, min, max);
	}
}
