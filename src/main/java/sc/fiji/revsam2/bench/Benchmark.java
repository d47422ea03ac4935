package sc.fiji.revsam2.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * whole RevSAM2 run with per-stage times, call counts and peak memory.
 */
public final class Benchmark {

	/** What to measure. */
	public record Settings(String architecture, Path modelFolder, int repeats, int querySlices, int supports, int k, int sliceSize, ComputeDevice device,
		boolean components, boolean pipeline) {

		/** SAM2.1-Tiny shapes at 1024 px, 5 timed runs per component, a run of D = 20, N = 5, k = 10 on 512 x 512 slices. */
		public static Settings defaults() {
			return new Settings("sam2.1_hiera_t", null, 5, 20, 5, 10, 512, ComputeDevice.CPU, true, true);
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
		Path folder = s.modelFolder();
		if (folder == null) {
			Architecture arch = Architecture.load(s.architecture());
			out.printf("RevSAM2 benchmark: %s, %,d parameters, %d px, random weights; %d CPU cores; device %s%n", arch.name(), arch.parameters(),
				arch.imageSize(), Runtime.getRuntime().availableProcessors(), s.device());
			Map<String, NdArray> weights = RandomWeights.generate(arch, 1);
			folder = workDir.resolve(arch.name() + "-random");
			long t0 = System.nanoTime();
			Sam2Engines.tensorFlow().convert(weights, arch.name() + " (random)", folder, arch.imageSize());
			out.printf("converter (tensors -> SavedModel folder): %.2f s%n", (System.nanoTime() - t0) / 1e9);
		} else {
			out.printf("RevSAM2 benchmark: model folder %s; %d CPU cores; device %s%n", folder, Runtime.getRuntime().availableProcessors(), s.device());
		}
		long t0 = System.nanoTime();
		Sam2Engine engine = Sam2Engines.tensorFlow();
		try (Sam2Model tf = engine.load(folder, engine.choose(s.device(), note -> out.println("note: " + note)))) {
			out.printf("model load: %.2f s (%s, %s, %d px)%n", (System.nanoTime() - t0) / 1e9, tf.descriptor().name, tf.config().metaName(), tf.config().imageSize());
			if (s.components()) components(tf);
			if (s.pipeline()) pipeline(tf);
		} finally {
			memory.stop();
		}
		out.printf("peak memory: Java heap %.0f MB, process resident (Java + native) %.0f MB%n", memory.peakHeap / 1e6, memory.peakRss / 1e6);
	}

	private void components(Sam2Model model) {
		int s0 = model.config().imageSize();
		float[] slice = noise(s0 * s0, 7);
		List<FrameFeatures> frames = new ArrayList<>();
		time("image encoder, one slice", () -> {
			FrameFeatures f = model.encodeSlices(List.of(slice), s0, s0);
			if (frames.size() < 2) frames.add(f);
			else f.close();
		});
		FrameFeatures f = frames.get(0);
		int l = model.config().lowResMaskSize();
		float[] lowRes = noise(l * l, 3);
		for (int i = 0; i < lowRes.length; i++) lowRes[i] = lowRes[i] * 20 - 10;
		List<MemoryFeatures> mems = new ArrayList<>();
		time("memory encoder", () -> {
			MemoryFeatures m = model.encodeMemory(f, lowRes, false, true);
			if (mems.isEmpty()) mems.add(m);
			else m.close();
		});
		float[] ptr = noise(model.config().hiddenDim(), 5);
		for (int frames_ : new int[] { 1, 10, 16 }) {
			MemoryBankInput bank = new MemoryBankInput();
			for (int i = 0; i < frames_; i++) bank.addMemory(mems.get(0), i % model.config().numMaskmem());
			for (int i = 0; i < Math.min(frames_, 16); i++) bank.addPointer(ptr, i / 15f);
			time("memory attention, 1 slice vs " + frames_ + " memory frame" + (frames_ > 1 ? "s" : ""), () -> {
				try (ConditionedFeatures c = model.attend(f, bank)) {
					// result discarded
				}
			});
		}
		MemoryBankInput one = new MemoryBankInput().addMemory(mems.get(0), 6).addPointer(ptr, 1f);
		try (ConditionedFeatures c = model.attend(f, one)) {
			time("mask decoder (tracked frame)", () -> model.decode(c, f));
		}
		boolean[] mask = new boolean[s0 * s0];
		for (int i = 0; i < mask.length; i += 3) mask[i] = true;
		time("mask decoder with mask prompt", () -> model.decodeWithMaskPrompt(f, List.of(mask)));
		mems.forEach(MemoryFeatures::close);
		frames.forEach(FrameFeatures::close);
	}

	private void time(String what, Runnable call) {
		call.run(); // warm-up: the first call of a shape is slower
		double[] ms = new double[s.repeats()];
		for (int i = 0; i < ms.length; i++) {
			long t0 = System.nanoTime();
			call.run();
			ms[i] = (System.nanoTime() - t0) / 1e6;
		}
		double[] sorted = ms.clone();
		Arrays.sort(sorted);
		out.printf("%-45s min %8.1f ms   median %8.1f ms   (%d runs, warm)%n", what, sorted[0], sorted[sorted.length / 2], ms.length);
	}

	private void pipeline(Sam2Model tf) {
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
