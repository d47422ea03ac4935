package sc.fiji.revsam2.algorithm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import sc.fiji.revsam2.sam2.FrameFeatures;
import sc.fiji.revsam2.sam2.InstrumentedSam2Model;
import sc.fiji.revsam2.sam2.MemoryBankInput;
import sc.fiji.revsam2.sam2.ModelCallStats;
import sc.fiji.revsam2.sam2.Preprocessing;
import sc.fiji.revsam2.sam2.Sam2Model;
import sc.fiji.revsam2.task.TaskMonitor;
import sc.fiji.revsam2.tracking.ConditioningEncoder;
import sc.fiji.revsam2.tracking.FrameSource;
import sc.fiji.revsam2.tracking.MemoryBankSelector;
import sc.fiji.revsam2.tracking.OutputMasks;
import sc.fiji.revsam2.tracking.TrackStep;
import sc.fiji.revsam2.tracking.TrackedOutput;
import sc.fiji.revsam2.tracking.VideoSession;
import sc.fiji.revsam2.volume.IntensityNormalizer;
import sc.fiji.revsam2.volume.Mask2D;
import sc.fiji.revsam2.volume.Resize;
import sc.fiji.revsam2.volume.Volume;
import sc.fiji.revsam2.volume.metrics.Dice;

/**
 * RevSAM2 (../shared/spec/REVSAM2_ALGORITHM.md) for one object class: forward propagation from
 * the supports, reverse propagation to score each predicted slice, top-k selection and query
 * self-propagation; or one of the paper's baselines. Image features come from a
 * {@link SliceFeatureCache} shared by all classes of a run, so each slice is encoded once.
 */
public final class RevSam2 {

	private final InstrumentedSam2Model model;
	private final SliceFeatureCache cache;
	private final ConditioningEncoder conditioning;
	private final TrackStep step;
	private final MemoryBankSelector selector;
	private final int lowRes;
	private final Map<Volume, IntensityNormalizer> normalizers = new IdentityHashMap<>();

	/** @param model the model (wrapped to count calls if it is not yet)
	 *  @param cache features of slices, shared with other runs on the same volumes */
	public RevSam2(Sam2Model model, SliceFeatureCache cache) {
		this.model = model instanceof InstrumentedSam2Model i ? i : new InstrumentedSam2Model(model);
		this.cache = cache;
		this.conditioning = new ConditioningEncoder(this.model);
		this.step = new TrackStep(this.model);
		this.selector = new MemoryBankSelector(this.model.config());
		this.lowRes = this.model.config().lowResMaskSize();
	}

	/** Identity of an encoded image: the slice of a volume under an intensity mapping. */
	private record SliceKey(Volume volume, int slice, float lo, float hi) {}

	public RevSam2Result run(Volume query, List<Support> supports, RevSam2Options opt, TaskMonitor monitor) {
		if (supports.isEmpty()) throw new IllegalArgumentException("no support slices: label at least one slice (or give an atlas) before segmenting");
		int first = opt.firstSlice(), last = opt.lastSlice() < 0 ? query.depth() - 1 : opt.lastSlice();
		if (first >= query.depth() || last >= query.depth()) throw new IllegalArgumentException("slice range " + (first + 1) + ".." + (last + 1) + " is outside the volume's " + query.depth() + " slices");
		opt.window().requireContrast(query);
		int d = last - first + 1, n = supports.size();
		int k = Math.min(opt.k(), d);
		Run run = new Run(query, supports, opt, monitor, first, last);
		try {
			return run.execute(k, d, n);
		} finally {
			run.close();
		}
	}

	/** State of one run; closed at its end. */
	private final class Run implements AutoCloseable {
		final Volume query;
		final List<Support> supports;
		final RevSam2Options opt;
		final TaskMonitor monitor;
		final int first, last;
		final List<StageReport> stages = new ArrayList<>();
		final List<FrameSource> supportSources = new ArrayList<>();
		final List<TrackedOutput> supportConditioning = new ArrayList<>();
		final List<FrameSource.FeatureLease> supportLeases = new ArrayList<>();
		final Map<Integer, TrackedOutput> queryConditioning = new LinkedHashMap<>();
		FrameFeatures stackedSupports;
		double unitsDone, unitsTotal = 1;

		Run(Volume query, List<Support> supports, RevSam2Options opt, TaskMonitor monitor, int first, int last) {
			this.query = query;
			this.supports = supports;
			this.opt = opt;
			this.monitor = monitor;
			this.first = first;
			this.last = last;
		}

		RevSam2Result execute(int k, int d, int n) {
			Method method = opt.method();
			unitsTotal = switch (method) {
				case REVSAM2 -> 3.0 * d;
				case FORWARD_ONLY, FORWARD_WITH_QUERY -> d;
				case RANDOM_SELECTION -> 2.0 * d;
			};
			float[][] forward = new float[query.depth()][];      // low-resolution logits
			float[][] finalLogits = new float[query.depth()][];  // low-resolution logits
			float[] scores = new float[query.depth()];
			Arrays.fill(scores, Float.NaN);
			float[][] reverseDice = new float[query.depth()][];
			float[][][] reverseLogits = opt.keepReverseLogits() ? new float[query.depth()][][] : null;
			int[] selected = new int[0];

			stage("supports", () -> prepareSupports());
			if (method == Method.FORWARD_WITH_QUERY) {
				stage("forward with query", () -> forwardWithQuery(finalLogits));
			} else if (method == Method.REVSAM2) {
				stage("forward + reverse", () -> {
					for (int z = first; z <= last; z++) {
						monitor.checkCancelled();
						forward[z] = forwardSlice(z);
						progress("forward propagation", 1);
						reverseSlice(z, forward[z], scores, reverseDice, reverseLogits);
						dropConditioningOutsideTopK(scores, k, z);
						progress("reverse propagation", 1);
					}
				});
			} else {
				stage("forward", () -> {
					for (int z = first; z <= last; z++) {
						monitor.checkCancelled();
						forward[z] = forwardSlice(z);
						progress("forward propagation", 1);
					}
				});
			}
			if (method == Method.FORWARD_ONLY) {
				for (int z = first; z <= last; z++) finalLogits[z] = forward[z];
			} else if (method == Method.REVSAM2 || method == Method.RANDOM_SELECTION) {
				int[] fixed = opt.conditioningSlices();
				if (fixed != null) {
					for (int z : fixed) if (z < first || z > last) throw new IllegalArgumentException("conditioning slice " + (z + 1) + " is outside the slice range " + (first + 1) + ".." + (last + 1));
					selected = fixed;
				} else {
					selected = method == Method.REVSAM2 ? topK(scores, k) : randomK(k, opt.seed());
				}
				int[] chosen = selected;
				stage("self-propagation", () -> selfPropagate(chosen, forward, finalLogits));
			}
			return new RevSam2Result(method, query.width(), query.height(), query.depth(), first, last, k, lowRes, finalLogits, forward, scores,
				reverseDice, reverseLogits, selected, List.copyOf(stages));
		}

		void stage(String name, Runnable body) {
			ModelCallStats before = model.stats().copy();
			long t0 = System.nanoTime();
			body.run();
			stages.add(new StageReport(name, (System.nanoTime() - t0) / 1e9, model.stats().minus(before)));
		}

		void progress(String stage, double units) {
			unitsDone += units;
			monitor.progress(stage, Math.min(1, unitsDone / unitsTotal));
		}

		FrameSource querySource(int z) {
			return source(query, z);
		}

		void prepareSupports() {
			for (Support s : supports) {
				monitor.checkCancelled();
				FrameSource src = source(s.source(), s.slice());
				supportSources.add(src);
				supportConditioning.add(conditioning.encode(src, s.mask()));
			}
		}

		/** Stage 1: video [S_1 .. S_N, q_z], q_z tracked from the supports alone; low-resolution logits (holes filled). */
		float[] forwardSlice(int z) {
			List<FrameSource> frames = new ArrayList<>(supportSources);
			FrameSource q = querySource(z);
			frames.add(q);
			float[][] out = new float[1][];
			try (VideoSession video = new VideoSession(step, selector, frames)) {
				for (int j = 0; j < supportConditioning.size(); j++) video.addConditioning(j, supportConditioning.get(j));
				int target = frames.size() - 1;
				video.propagate(0, false, (f, o, cond) -> {
					if (f == target) out[0] = OutputMasks.filled(o.lowResLogits(), lowRes, opt.fillHoleArea());
				}, monitor);
			}
			return out[0];
		}

		/** Stage 2: videos [q_z, S_j] for all j in one batch; score = mean Dice with the support masks. */
		void reverseSlice(int z, float[] forwardLowRes, float[] scores, float[][] reverseDice, float[][][] reverseLogits) {
			TrackedOutput cond = queryConditioning(z, forwardLowRes);
			MemoryBankInput bank = selector.select(1, 2, false, Map.of(0, cond), Map.of());
			TrackedOutput[] outs = step.track(stackedSupports(), bank, supportSources.toArray(new FrameSource[0]));
			int n = outs.length;
			reverseDice[z] = new float[n];
			if (reverseLogits != null) reverseLogits[z] = new float[n][];
			double sum = 0;
			for (int j = 0; j < n; j++) {
				Support s = supports.get(j);
				float[] logits = OutputMasks.atFrameSize(outs[j].lowResLogits(), lowRes, s.mask().width(), s.mask().height(), opt.fillHoleArea());
				outs[j].close();
				reverseDice[z][j] = (float) Dice.of(Mask2D.fromLogits(s.mask().width(), s.mask().height(), logits), s.mask());
				if (reverseLogits != null) reverseLogits[z][j] = logits;
				sum += reverseDice[z][j];
			}
			scores[z] = (float) (sum / n);
		}

		/** The conditioning frame of query slice z with the mask P_z > 0 (at the slice's size), made once. */
		TrackedOutput queryConditioning(int z, float[] forwardLowRes) {
			return queryConditioning.computeIfAbsent(z, zz -> conditioning.encode(querySource(zz), Mask2D.fromLogits(query.width(), query.height(),
				Resize.bilinear(forwardLowRes, lowRes, lowRes, query.width(), query.height()))));
		}

		FrameFeatures stackedSupports() {
			if (stackedSupports == null) {
				List<FrameFeatures> feats = new ArrayList<>();
				for (FrameSource s : supportSources) {
					FrameSource.FeatureLease lease = s.features();
					supportLeases.add(lease); // kept: a one-support "stack" shares the lease's tensors
					feats.add(lease.get());
				}
				stackedSupports = model.stack(feats);
			}
			return stackedSupports;
		}

		/**
		 * Frees the conditioning frames (memory, pointer) of scored slices that can no longer be
		 * selected: slices are scored in order and ties go to the lower slice, so a slice outside
		 * the k best so far stays outside. Keeps memory flat on long volumes.
		 */
		void dropConditioningOutsideTopK(float[] scores, int k, int upTo) {
			if (opt.conditioningSlices() != null) return;
			java.util.Set<Integer> keep = new java.util.HashSet<>();
			for (int z : topK(scores, k, upTo)) keep.add(z);
			queryConditioning.entrySet().removeIf(e -> {
				if (keep.contains(e.getKey())) return false;
				e.getValue().close();
				return true;
			});
		}

		/** Stage 3: the k best scores, ties to the lower slice. */
		int[] topK(float[] scores, int k) {
			return topK(scores, k, last);
		}

		/** The k best scores among slices first..upTo, ascending slice order. */
		int[] topK(float[] scores, int k, int upTo) {
			Integer[] order = IntStream.rangeClosed(first, upTo).boxed().toArray(Integer[]::new);
			Arrays.sort(order, Comparator.<Integer>comparingDouble(z -> -scores[z]).thenComparingInt(z -> z));
			return Arrays.stream(order, 0, Math.min(k, order.length)).mapToInt(Integer::intValue).sorted().toArray();
		}

		int[] randomK(int k, long seed) {
			List<Integer> all = new ArrayList<>(IntStream.rangeClosed(first, last).boxed().toList());
			java.util.Collections.shuffle(all, new Random(seed));
			return all.subList(0, k).stream().mapToInt(Integer::intValue).sorted().toArray();
		}

		/** Stage 4: video [q_first .. q_last] conditioned on the selected slices, forward then backward from the first. */
		void selfPropagate(int[] selected, float[][] forward, float[][] finalLogits) {
			List<FrameSource> frames = new ArrayList<>();
			for (int z = first; z <= last; z++) frames.add(querySource(z));
			try (VideoSession video = new VideoSession(step, selector, frames)) {
				for (int z : selected) video.addConditioning(z - first, queryConditioning(z, forward[z]));
				int start = video.firstConditioningFrame();
				int window = model.config().numMaskmem() - 1;
				VideoSession.FrameListener collect = (f, o, cond) -> {
					int z = f + first;
					if (finalLogits[z] == null) progress("self-propagation", 1);
					finalLogits[z] = OutputMasks.filled(o.lowResLogits(), lowRes, opt.fillHoleArea());
					// going forward, a tracked slice's memory serves the next `window` slices only;
					// the backward pass will need those within `window` of the start
					TrackedOutput behind = video.trackedOutputs().get(f - window - 1);
					if (behind != null && f - window - 1 > start + window) behind.releaseMemory();
				};
				video.propagate(start, false, collect, monitor);
				video.propagate(start, true, collect, monitor);
			}
		}

		/** Baseline: video [S_1 .. S_N, q_first .. q_last] tracked forward with the FIFO memory. */
		void forwardWithQuery(float[][] finalLogits) {
			List<FrameSource> frames = new ArrayList<>(supportSources);
			for (int z = first; z <= last; z++) frames.add(querySource(z));
			int n = supportSources.size();
			try (VideoSession video = new VideoSession(step, selector, frames)) {
				for (int j = 0; j < n; j++) video.addConditioning(j, supportConditioning.get(j));
				video.propagate(0, false, (f, o, cond) -> {
					if (f >= n) {
						finalLogits[f - n + first] = OutputMasks.filled(o.lowResLogits(), lowRes, opt.fillHoleArea());
						progress("forward propagation", 1);
					}
				}, monitor);
			}
		}

		FrameSource source(Volume v, int z) {
			// the preprocessing the model expects (model.json): MedSAM2's is 8-bit
			boolean eightBit = model.descriptor() != null && model.descriptor().preprocessing() == Preprocessing.MEDSAM2;
			IntensityNormalizer n = normalizers.computeIfAbsent(v, vol -> eightBit ? IntensityNormalizer.eightBit(vol, opt.window()) : IntensityNormalizer.of(vol, opt.window()));
			return cache.source(new SliceKey(v, z, n.lo(), n.hi()), v.width(), v.height(), () -> n.slice(v, z));
		}

		@Override
		public void close() {
			supportConditioning.forEach(TrackedOutput::close);
			queryConditioning.values().forEach(TrackedOutput::close);
			if (stackedSupports != null) stackedSupports.close();
			supportLeases.forEach(FrameSource.FeatureLease::close);
		}
	}

}
