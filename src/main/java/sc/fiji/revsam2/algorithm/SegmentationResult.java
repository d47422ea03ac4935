package sc.fiji.revsam2.algorithm;

import java.util.List;

import sc.fiji.revsam2.volume.LabelVolume;

/**
 * A multi-class run: the merged label volume (0 background, each class its label; where
 * classes overlap the higher logit wins) and, per class, the run's scores, selection and
 * timings (without the per-slice logits, which would not fit in memory for many classes).
 */
public record SegmentationResult(LabelVolume labels, List<ClassResult> classes) {

	/** The report of one class: everything of its {@link RevSam2Result} but the logits. */
	public record ClassResult(ObjectClass objectClass, Method method, int k, int firstSlice, int lastSlice, float[] scores,
		float[][] reverseDice, int[] selected, List<StageReport> stages, long voxels) {}
}
