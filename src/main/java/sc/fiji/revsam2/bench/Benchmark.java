package sc.fiji.revsam2.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import sc.fiji.revsam2.algorithm.RevSam2;
import sc.fiji.revsam2.algorithm.RevSam2Options;
import sc.fiji.revsam2.algorithm.RevSam2Result;
import sc.fiji.revsam2.algorithm.SliceFeatureCache;
import sc.fiji.revsam2.algorithm.StageReport;
import sc.fiji.revsam2.algorithm.Support;
import sc.fiji.revsam2.checkpoint.NdArray;
import sc.fiji.revsam2.sam2.Architecture;
import sc.fiji.revsam2.sam2.ComputeDevice;
import sc.fiji.revsam2.sam2.ConditionedFeatures;
import sc.fiji.revsam2.sam2.FrameFeatures;
import sc.fiji.revsam2.sam2.InstrumentedSam2Model;
import sc.fiji.revsam2.sam2.MemoryBankInput;
import sc.fiji.revsam2.sam2.MemoryFeatures;
import sc.fiji.revsam2.sam2.ModelCallStats;
import sc.fiji.revsam2.sam2.Precision;
import sc.fiji.revsam2.sam2.RandomWeights;
import sc.fiji.revsam2.sam2.Sam2Engine;
import sc.fiji.revsam2.sam2.Sam2Engines;
import sc.fiji.revsam2.sam2.Sam2Model;
import sc.fiji.revsam2.task.TaskMonitor;
import sc.fiji.revsam2.volume.Mask2D;
import sc.fiji.revsam2.volume.Spacing;
import sc.fiji.revsam2.volume.Volume;

/**
 * Measures the port on a random-weight model of a real architecture (SAM2.1-Tiny at 1024 px by
 * default): conversion, loading, each component warm (min and median of several runs), and a
 * whole RevSAM2 run with per-stage times, call counts and peak memory. Several variants (image
 * sizes, precisions) are measured one after the other in the same run and compared.
 */
public final class Benchmark {

	/** One configuration to measure: the model's input size (0: the architecture's or model's own) and precision. */
	public record Variant(int imageSize, Precision precision) {
		String label(int actualSize) {
			return actualSize + " px " + precision.shortLabel();
		}
	}

	/**
	 * What to measure. With several variants every measurement is made for each, in the same run,
	 * and printed with its ratio to the first variant (absolute times on a shared machine drift).
	 */
	public record Settings(String architecture, Path modelFolder, int repeats, int querySlices, int supports, int k, int sliceSize, ComputeDevice device,
		boolean components, boolean pipeline, List<Variant> variants) {

		public Settings {
			if (variants == null || variants.isEmpty()) variants = List.of(new Variant(0, Precision.FLOAT32));
			variants = List.copyOf(variants);
		}

		/** SAM2.1-Tiny shapes at 1024 px, 5 timed runs per component, a run of D = 20, N = 5, k = 10 on 512 x 512 slices, float32. */
		public static Settings defaults() {
			return new Settings("sam2.1_hiera_t", null, 5, 20, 5, 10, 512, ComputeDevice.CPU, true, true, null);
		}
	}

	private final Settings s;
	private final PrintStream out;
	private final PeakMemory memory = new PeakMemory();

	public Benchmark(Settings settings, PrintStream out) {
		this.s = settings;
		this.out = out;
	}

	/** Runs the benchmark; a random-weight model is converted into {@code workDir} unless a model folder is given. */
	public void run(Path workDir) throws IOException {
		memory.start();
		List<Measured> measured = new ArrayList<>();
		try {
			Architecture arch = s.modelFolder() == null ? Architecture.load(s.architecture()) : null;
			if (arch != null) {
				out.printf("RevSAM2 benchmark: %s, %,d parameters, random weights; %d CPU cores; device %s%n", arch.name(), arch.parameters(),
					Runtime.getRuntime().availableProcessors(), s.device());
			} else {
				out.printf("RevSAM2 benchmark: model folder %s; %d CPU cores; device %s%n", s.modelFolder(), Runtime.getRuntime().availableProcessors(), s.device());
			}
			Map<Integer, Path> folders = new HashMap<>();
			List<Sam2Model> models = new ArrayList<>();
			try {
				for (Variant v : s.variants()) {
					Path folder = s.modelFolder();
					if (folder == null) {
						int size = v.imageSize() > 0 ? v.imageSize() : arch.imageSize();
						folder = folders.get(size);
						if (folder == null) {
							Map<String, NdArray> weights = RandomWeights.generate(arch, 1);
							folder = workDir.resolve(arch.name() + "-random-" + size);
							long t0 = System.nanoTime();
							Sam2Engines.tensorFlow().convert(weights, arch.name() + " (random)", folder, size);
							out.printf("converter (tensors -> SavedModel folder, %d px): %.2f s%n", size, (System.nanoTime() - t0) / 1e9);
							folders.put(size, folder);
						}
					}
					long t0 = System.nanoTime();
					Sam2Engine engine = Sam2Engines.tensorFlow();
					Sam2Model tf = engine.load(folder, engine.choose(s.device(), note -> out.println("note: " + note)), v.precision());
					models.add(tf);
					Measured m = new Measured(v.label(tf.config().imageSize()), tf.config().imageSize());
					measured.add(m);
					out.printf("model load: %.2f s (%s, %s, %d px, %s)%n", (System.nanoTime() - t0) / 1e9, tf.descriptor().name, tf.config().metaName(),
						tf.config().imageSize(), v.precision().label());
				}
				if (s.components()) components(models, measured);
				if (s.pipeline()) {
					for (int i = 0; i < models.size(); i++) {
						if (models.size() > 1) out.printf("%n== %s ==", measured.get(i).label);
						pipeline(models.get(i), measured.get(i));
					}
				}
			} finally {
				models.forEach(Sam2Model::close);
			}
		} finally {
			memory.stop();
		}
		if (measured.size() > 1) compare(measured);
		out.printf("peak memory: Java heap %.0f MB, process resident (Java + native) %.0f MB%n", memory.peakHeap / 1e6, memory.peakRss / 1e6);
	}

	/** What one variant measured: median time per component, the whole run's time and final masks. */
	private static final class Measured {
		final String label;
		final int imageSize;
		final Map<String, Double> medianMs = new LinkedHashMap<>();
		final Map<String, Double> ratio = new LinkedHashMap<>(); // median of paired ratios to the first variant
		double totalSeconds = Double.NaN, cpuSeconds = Double.NaN;
		List<Mask2D> finalMasks;

		Measured(String label, int imageSize) {
			this.label = label;
			this.imageSize = imageSize;
		}
	}

	/** Ratios to the first variant, and agreement of the final masks where the image size is the same. */
	private void compare(List<Measured> all) {
		Measured ref = all.get(0);
		out.printf("%ncomparison, same run (median time; x ratio = median over interleaved runs of time / time of %s):%n", ref.label);
		for (String what : ref.medianMs.keySet()) {
			StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-45s", what));
			for (Measured m : all) {
				Double t = m.medianMs.get(what);
				if (t != null) b.append(String.format(Locale.ROOT, "  %s %8.1f ms (x%.3f)", m.label, t, m.ratio.get(what)));
			}
			out.println(b);
		}
		if (!Double.isNaN(ref.totalSeconds)) {
			out.printf("whole runs, one after the other (x ratio = time / time of %s; the CPU time depends less on the machine's load):%n", ref.label);
			StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-45s", "whole RevSAM2 run"));
			for (Measured m : all) b.append(String.format(Locale.ROOT, "  %s %8.2f s (x%.3f)", m.label, m.totalSeconds, m.totalSeconds / ref.totalSeconds));
			out.println(b);
			b = new StringBuilder(String.format(Locale.ROOT, "  %-45s", "whole RevSAM2 run, process CPU time"));
			for (Measured m : all) b.append(String.format(Locale.ROOT, "  %s %8.2f s (x%.3f)", m.label, m.cpuSeconds, m.cpuSeconds / ref.cpuSeconds));
			out.println(b);
			for (Measured m : all.subList(1, all.size())) {
				if (m.imageSize != ref.imageSize || m.finalMasks == null) continue;
				MaskAgreement a = MaskAgreement.of(ref.finalMasks, m.finalMasks);
				out.printf(Locale.ROOT, "  final masks %s vs %s: %.5f of pixels equal, Dice %.4f (%,d vs %,d foreground pixels)%n", m.label, ref.label,
					a.equalFraction(), a.dice(), a.foregroundA(), a.foregroundB());
			}
		}
	}

	/**
	 * Times each component for every variant, interleaved (variant 1, 2, ... then again), so that
	 * a change of load on a shared machine hits all variants alike; ratios are medians of the
	 * ratios of back-to-back runs.
	 */
	private void components(List<Sam2Model> models, List<Measured> measured) {
		List<Probes> probes = new ArrayList<>();
		try {
			for (Sam2Model m : models) probes.add(new Probes(m));
			int n = models.size();
			for (String what : probes.get(0).calls.keySet()) {
				double[][] ms = new double[n][s.repeats()];
				for (Probes p : probes) p.calls.get(what).run(); // warm-up: the first call of a shape is slower
				for (int r = 0; r < s.repeats(); r++) {
					for (int i = 0; i < n; i++) {
						long t0 = System.nanoTime();
						probes.get(i).calls.get(what).run();
						ms[i][r] = (System.nanoTime() - t0) / 1e6;
					}
				}
				for (int i = 0; i < n; i++) {
					double[] sorted = ms[i].clone();
					Arrays.sort(sorted);
					out.printf("%-45s min %8.1f ms   median %8.1f ms   (%d runs, warm)%s%n", what, sorted[0], sorted[sorted.length / 2], sorted.length,
						n > 1 ? "   " + measured.get(i).label : "");
					measured.get(i).medianMs.put(what, sorted[sorted.length / 2]);
					double[] ratio = new double[s.repeats()];
					for (int r = 0; r < ratio.length; r++) ratio[r] = ms[i][r] / ms[0][r];
					Arrays.sort(ratio);
					measured.get(i).ratio.put(what, ratio[ratio.length / 2]);
				}
			}
		} finally {
			probes.forEach(Probes::close);
		}
	}

	/** One model's component calls on fixed inputs (a noise slice, its memory, banks of 1, 10 and 16 frames). */
	private static final class Probes implements AutoCloseable {
		final Map<String, Runnable> calls = new LinkedHashMap<>();
		private final List<AutoCloseable> owned = new ArrayList<>();

		Probes(Sam2Model model) {
			int s0 = model.config().imageSize();
			float[] slice = noise(s0 * s0, 7);
			FrameFeatures f = own(model.encodeSlices(List.of(slice), s0, s0));
			calls.put("image encoder, one slice", () -> model.encodeSlices(List.of(slice), s0, s0).close());
			int l = model.config().lowResMaskSize();
			float[] lowRes = noise(l * l, 3);
			for (int i = 0; i < lowRes.length; i++) lowRes[i] = lowRes[i] * 20 - 10;
			MemoryFeatures mem = own(model.encodeMemory(f, lowRes, false, true));
			calls.put("memory encoder", () -> model.encodeMemory(f, lowRes, false, true).close());
			float[] ptr = noise(model.config().hiddenDim(), 5);
			for (int frames : new int[] { 1, 10, 16 }) {
				MemoryBankInput bank = new MemoryBankInput();
				for (int i = 0; i < frames; i++) bank.addMemory(mem, i % model.config().numMaskmem());
				for (int i = 0; i < Math.min(frames, 16); i++) bank.addPointer(ptr, i / 15f);
				calls.put("memory attention, 1 slice vs " + frames + " memory frame" + (frames > 1 ? "s" : ""), () -> model.attend(f, bank).close());
			}
			ConditionedFeatures c = own(model.attend(f, new MemoryBankInput().addMemory(mem, 6).addPointer(ptr, 1f)));
			calls.put("mask decoder (tracked frame)", () -> model.decode(c, f));
			boolean[] mask = new boolean[s0 * s0];
			for (int i = 0; i < mask.length; i += 3) mask[i] = true;
			calls.put("mask decoder with mask prompt", () -> model.decodeWithMaskPrompt(f, List.of(mask)));
		}

		private <T extends AutoCloseable> T own(T t) {
			owned.add(0, t);
			return t;
		}

		@Override
		public void close() {
			for (AutoCloseable a : owned) {
				try {
					a.close();
				} catch (Exception e) {
					// native memory of a finished benchmark: nothing to report
				}
			}
		}
	}

	private void pipeline(Sam2Model tf, Measured m) {
		int w = s.sliceSize(), h = s.sliceSize();
		Volume query = phantom(w, h, s.querySlices(), 11);
		Volume other = phantom(w, h, s.supports() + 2, 12);
		List<Support> supports = new ArrayList<>();
		for (int j = 0; j < s.supports(); j++) supports.add(new Support(other, j + 1, disk(w, h, 0.2 + 0.02 * j)));
		InstrumentedSam2Model model = new InstrumentedSam2Model(tf);
		RevSam2Options opt = new RevSam2Options().k(s.k());
		out.printf("%nwhole RevSAM2 run: D = %d query slices, N = %d supports (another volume), k = %d, %dx%d slices%n", s.querySlices(), s.supports(),
			s.k(), w, h);
		long t0 = System.nanoTime();
		double cpu0 = processCpuSeconds();
		RevSam2Result r;
		try (SliceFeatureCache cache = new SliceFeatureCache(model, opt.featureMemoryBudget())) {
			r = new RevSam2(model, cache).run(query, supports, opt, TaskMonitor.NONE);
		}
		double total = (System.nanoTime() - t0) / 1e9;
		for (StageReport st : r.stages()) {
			ModelCallStats c = st.calls();
			out.printf("  %-20s %8.2f s   image encoder %3d, memory attention %3d calls (%3d frames), decoder %3d, memory encoder %3d%n", st.stage(),
				st.seconds(), c.count(ModelCallStats.Kind.IMAGE_ENCODER), c.count(ModelCallStats.Kind.MEMORY_ATTENTION),
				c.count(ModelCallStats.Kind.MEMORY_ATTENTION_FRAMES), c.count(ModelCallStats.Kind.MASK_DECODER), c.count(ModelCallStats.Kind.MEMORY_ENCODER));
		}
		out.printf("  %-20s %8.2f s   %s%n", "total", total, model.stats());
		m.totalSeconds = total;
		m.cpuSeconds = processCpuSeconds() - cpu0;
		out.printf("  %-20s %8.2f s   (user + system, all threads; on a shared machine the less load-dependent figure)%n", "process CPU time", m.cpuSeconds);
		m.finalMasks = new ArrayList<>();
		for (int z = 0; z < r.depth(); z++) m.finalMasks.add(r.finalMask(z));
	}

	static Volume phantom(int w, int h, int d, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		float[][] slices = new float[d][w * h];
		for (int z = 0; z < d; z++) {
			double rad = 0.25 * (1 - Math.abs(z - d / 2.0) / d);
			for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
				double dx = (x - w / 2.0) / w, dy = (y - h / 2.0) / h;
				slices[z][y * w + x] = (float) ((dx * dx + dy * dy < rad * rad ? 200 : 0) + 40 * r.nextGaussian());
			}
		}
		return new Volume(w, h, slices, new Spacing(1, 1, 2.5, "mm"));
	}

	static Mask2D disk(int w, int h, double rad) {
		boolean[] m = new boolean[w * h];
		for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {
			double dx = (x - w / 2.0) / w, dy = (y - h / 2.0) / h;
			m[y * w + x] = dx * dx + dy * dy < rad * rad;
		}
		return new Mask2D(w, h, m);
	}

	/** CPU time of the whole process (Java and TensorFlow's native threads) from /proc; NaN elsewhere. */
	static double processCpuSeconds() {
		try {
			String stat = Files.readString(Path.of("/proc/self/stat"));
			String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in clock ticks (USER_HZ = 100)
		} catch (IOException | RuntimeException e) {
			return Double.NaN;
		}
	}

	private static float[] noise(int n, long seed) {
		SplittableRandom r = new SplittableRandom(seed);
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) r.nextDouble();
		return v;
	}

	/** Samples the Java heap and the process's resident set (Java + native, from /proc) every 50 ms. */
	private static final class PeakMemory {
		volatile long peakHeap, peakRss;
		private volatile boolean running;
		private Thread thread;

		void start() {
			running = true;
			thread = new Thread(() -> {
				while (running) {
					sample();
					try { Thread.sleep(50); } catch (InterruptedException e) { return; }
				}
			}, "peak-memory");
			thread.setDaemon(true);
			thread.start();
		}

		void stop() {
			running = false;
			sample();
		}

		private void sample() {
			long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
			peakHeap = Math.max(peakHeap, heap);
			try {
				for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
					if (line.startsWith("VmRSS:")) {
						long kb = Long.parseLong(line.replaceAll("\\D+", ""));
						peakRss = Math.max(peakRss, kb * 1024);
					}
				}
			} catch (IOException | RuntimeException e) {
				// not Linux: heap only
			}
		}
	}
}
