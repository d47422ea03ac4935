package sc.fiji.revsam2.io;

import java.util.Locale;

import sc.fiji.revsam2.volume.LabelVolume;
import sc.fiji.revsam2.volume.Volume;

/** Conversions and checks between intensity volumes read from files and label volumes. */
public final class LabelVolumes {

	private LabelVolumes() {}

	/**
	 * The labels of a volume whose voxels are whole numbers 0..65535 (e.g. a label file read as
	 * floats).
	 *
	 * @throws IllegalArgumentException naming the first voxel that is not a label
	 */
	public static LabelVolume fromVolume(Volume v) {
		short[][] slices = new short[v.depth()][];
		int w = v.width();
		for (int z = 0; z < v.depth(); z++) {
			float[] s = v.slice(z);
			short[] l = new short[s.length];
			for (int i = 0; i < s.length; i++) {
				float f = s[i];
				if (!(f >= 0 && f <= LabelVolume.MAX_LABEL && f == Math.rint(f))) {
					throw new IllegalArgumentException(String.format(Locale.ROOT,
							"voxel (%d, %d, %d) has value %s; labels must be whole numbers 0 to %d (is this an intensity image?)",
							i % w, i / w, z, f, LabelVolume.MAX_LABEL));
				}
				l[i] = (short) (int) f;
			}
			slices[z] = l;
		}
		return new LabelVolume(v.width(), v.height(), slices, v.spacing());
	}

	/** The largest label (0 for an empty volume). */
	public static int maxLabel(LabelVolume labels) {
		int max = 0;
		for (int z = 0; z < labels.depth(); z++) for (short s : labels.slice(z)) max = Math.max(max, s & 0xffff);
		return max;
	}

	/**
	 * Checks that labels and image have the same grid.
	 *
	 * @throws IllegalArgumentException "labels are 256x256x20 but the image is 256x256x24"
	 */
	public static void requireSameSize(LabelVolume labels, Volume image) {
		if (labels.width() != image.width() || labels.height() != image.height() || labels.depth() != image.depth()) {
			throw new IllegalArgumentException("labels are " + size(labels.width(), labels.height(), labels.depth()) + " but the image is "
					+ size(image.width(), image.height(), image.depth()));
		}
	}

	static String size(long x, long y, long z) { return x + "x" + y + "x" + z; }
}
