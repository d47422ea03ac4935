package sc.fiji.revsam2.algorithm;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.revsam2.sam2.InstrumentedSam2Model;
import sc.fiji.revsam2.sam2.Sam2Model;
import sc.fiji.revsam2.task.TaskMonitor;
import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Volume;

/**
 * Segments several classes of one query volume: one RevSAM2 run per class (sharing the image
 * features, so every slice is encoded once for all classes), merged into one label volume where
 * each voxel takes the class with the highest positive logit.
 */
public final class MultiClassSegmenter {

	private final InstrumentedSam2Model model;
	private final RevSam2Options options;

	public MultiClassSegmenter(Sam2Model model, RevSam2Options options) {
		this.model = model instanceof InstrumentedSam2Model i ? i : new InstrumentedSam2Model(model);
		this.options = options;
	}

	public SegmentationResult segment(Volume query, List<ObjectClass> classes, TaskMonitor monitor) {
		return segment(query, classes, monitor, (c, r) -> {});
	}

	/**
	 * As {@link #segment(Volume, List, TaskMonitor)}, handing each class's own result (its mask
	 * before classes are merged) to {@code perClass} as soon as it is done.
	 */
	public SegmentationResult segment(Volume query, List<ObjectClass> classes, TaskMonitor monitor,
		java.util.function.BiConsumer<ObjectClass, RevSam2Result> perClass) {
		if (classes.isEmpty()) throw new IllegalArgumentException("no classes to segment: give at least one labelled support slice");
		for (ObjectClass c : classes) {
			if (c.supports().isEmpty()) throw new IllegalArgumentException("class '" + c.name() + "' has no support slice");
		}
		int w = query.width(), h = query.height(), d = query.depth();
		LabelVolume labels = LabelVolume.zeros(w, h, d, query.spacing());
		// highest logit so far per voxel: only needed to arbitrate between several classes
		float[][] best = classes.size() > 1 ? new float[d][] : null;
		List<SegmentationResult.ClassResult> reports = new ArrayList<>();
		try (SliceFeatureCache cache = new SliceFeatureCache(model, options.featureMemoryBudget())) {
			RevSam2 revsam2 = new RevSam2(model, cache);
			for (int i = 0; i < classes.size(); i++) {
				ObjectClass c = classes.get(i);
				TaskMonitor part = monitor.part((double) i / classes.size(), (double) (i + 1) / classes.size());
				TaskMonitor named = classes.size() == 1 ? part : new TaskMonitor() {
					@Override
					public void progress(String stage, double fraction) { part.progress(c.name() + ": " + stage, fraction); }

					@Override
					public boolean isCancelled() { return part.isCancelled(); }
				};
				RevSam2Result r = revsam2.run(query, c.supports(), options, named);
				merge(r, c.label(), labels, best);
				perClass.accept(c, r);
				reports.add(new SegmentationResult.ClassResult(c, r.method(), r.k(), r.firstSlice(), r.lastSlice(), r.scores(), r.reverseDice(),
					r.selected(), r.stages(), 0));
			}
		}
		long[] counts = new long[LabelVolume.MAX_LABEL + 1];
		for (int z = 0; z < d; z++) for (short v : labels.slice(z)) counts[v & 0xffff]++;
		List<SegmentationResult.ClassResult> withCounts = new ArrayList<>();
		for (SegmentationResult.ClassResult c : reports) {
			withCounts.add(new SegmentationResult.ClassResult(c.objectClass(), c.method(), c.k(), c.firstSlice(), c.lastSlice(), c.scores(),
				c.reverseDice(), c.selected(), c.stages(), counts[c.objectClass().label()]));
		}
		monitor.progress("done", 1);
		return new SegmentationResult(labels, List.copyOf(withCounts));
	}

	/** Writes the class where its logit is positive and higher than any earlier class's. */
	private static void merge(RevSam2Result r, int label, LabelVolume labels, float[][] best) {
		for (int z = 0; z < r.depth(); z++) {
			float[] l = r.finalLogits(z);
			if (l == null) continue;
			short[] out = labels.slice(z);
			if (best == null) {
				for (int p = 0; p < l.length; p++) if (l[p] > 0) out[p] = (short) label;
				continue;
			}
			if (best[z] == null) best[z] = new float[l.length];
			float[] b = best[z];
			for (int p = 0; p < l.length; p++) {
				if (l[p] > 0 && l[p] > b[p]) {
					b[p] = l[p];
					out[p] = (short) label;
				}
			}
		}
	}
}
