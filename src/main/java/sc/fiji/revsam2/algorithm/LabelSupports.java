package sc.fiji.revsam2.algorithm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Volume;

/**
 * Supports from a label image: for each label value, every slice where it occurs is a support
 * of that class (its mask: the pixels with that value). A slice that holds only other labels is
 * not a support of the class: labels are often drawn class by class on different slices, so an
 * absent label does not mean an absent object.
 */
public final class LabelSupports {

	private LabelSupports() {}

	/** One class per label value present, in ascending label order; names from {@code names} where given. */
	public static List<ObjectClass> classes(Volume source, LabelVolume labels, Map<Integer, String> names) {
		return classes(source, labels, names, null);
	}

	/**
	 * As {@link #classes(Volume, LabelVolume, Map)}, using only the slices {@code onlySlices}
	 * (0-based, ascending; null = all).
	 */
	public static List<ObjectClass> classes(Volume source, LabelVolume labels, Map<Integer, String> names, int[] onlySlices) {
		if (source.width() != labels.width() || source.height() != labels.height() || source.depth() != labels.depth()) {
			throw new IllegalArgumentException("the label image is " + labels.width() + "x" + labels.height() + "x" + labels.depth()
				+ " but its image is " + source.width() + "x" + source.height() + "x" + source.depth() + ": they must have the same size");
		}
		List<ObjectClass> out = new ArrayList<>();
		for (int label : labels.labels()) {
			List<Support> supports = new ArrayList<>();
			for (int z : labels.slicesWith(label)) {
				if (onlySlices != null && Arrays.binarySearch(onlySlices, z) < 0) continue;
				supports.add(new Support(source, z, labels.mask(label, z)));
			}
			if (supports.isEmpty()) continue;
			out.add(new ObjectClass(label, names == null ? null : names.get(label), supports));
		}
		return out;
	}
}
